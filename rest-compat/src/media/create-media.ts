/**
 * Wires media for the REST extension: settings, the disk directory, the operations, the file
 * route and the validator's upload options.
 *
 * @module
 */
import type { Logger } from '@cmz/engine';
import type { Router } from 'express';
import type { TokenService } from '../auth/token-service.ts';
import type { OperationHandlers } from '../http/operation-types.ts';
import type { Repositories } from '../persistence/repositories.ts';
import { createMediaFileRouter } from './media-file-router.ts';
import { createMediaFiles } from './media-files.ts';
import { createMediaOperations, mediaFilePath } from './media-operations.ts';
import { createMediaUploadGuard, readMediaSettings } from './upload-limits.ts';

/** Everything media adds to the REST layer. */
export interface MediaParts {
  handlers: OperationHandlers;
  /** Serves the bytes; mount under `/api` before the OpenAPI router. */
  fileRouter: Router;
  /** Checks role and size of an upload; mount before the OpenAPI router (`/api` and legacy root). */
  uploadGuard: Router;
}

/**
 * Creates the media parts.
 *
 * @example
 * ```ts
 * const media = createMedia({ environment, dataDirectory, repositories, tokens, logger });
 * ```
 */
export function createMedia(options: {
  environment: Readonly<Record<string, string | undefined>>;
  dataDirectory: string;
  repositories: Pick<Repositories, 'media' | 'animals'>;
  tokens: TokenService;
  logger: Logger;
}): MediaParts {
  const settings = readMediaSettings(options.environment, options.dataDirectory);
  const files = createMediaFiles(settings.directory);
  const { media, animals } = options.repositories;
  return {
    handlers: createMediaOperations({
      media,
      maxBytes: settings.maxBytes,
      files,
      animalExists: async (animalId) => (await animals.get(animalId)) !== undefined,
      isReferenced: async (mediaId) => {
        // An animal's picture URL ends with the media's file path (on whichever host).
        const reference = new RegExp(`${mediaFilePath}/${mediaId}(?![A-Za-z0-9_-])`, 'u');
        const all = await animals.list();
        return all.some((animal) => reference.test(animal.imageUrl ?? ''));
      },
    }),
    fileRouter: createMediaFileRouter({
      tokens: options.tokens,
      logger: options.logger,
      media,
      files,
    }),
    uploadGuard: createMediaUploadGuard({
      tokens: options.tokens,
      logger: options.logger,
      maxBytes: settings.maxBytes,
    }),
  };
}
