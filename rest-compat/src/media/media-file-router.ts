/**
 * `GET /api/media/file/{mediaId}`: the bytes of a live media item (everyone may read, like
 * `GET /media`). The spec's `Media.url` points here; the route is not in the spec, so it sits
 * before the OpenAPI router. Headers make the browser treat the file as exactly the sniffed type
 * and nothing else: `Content-Type` from the sniffed type, `X-Content-Type-Options: nosniff`, a
 * download name made of the id and the sniffed extension, and a Content-Security-Policy that
 * lets nothing run should a file be opened as a document.
 *
 * @module
 */
import type { Logger } from '@cmz/engine';
import type { Request, Response, Router } from 'express';
import type { TokenService } from '../auth/token-service.ts';
import { createProductRouter } from '../http/product-router.ts';
import { restErrors } from '../http/rest-error.ts';
import type { MediaRepository } from '../persistence/media-repository.ts';
import type { MediaFiles } from './media-files.ts';
import { mediaFilePath } from './media-operations.ts';

const idPattern = /^[a-zA-Z0-9_-]{1,100}$/;

/**
 * The security headers of a served media file.
 *
 * @example
 * ```ts
 * mediaHeaders({ mediaId: 'media_1', mimeType: 'image/png', extension: 'png' })['Content-Type']; // 'image/png'
 * ```
 */
export function mediaHeaders(record: {
  mediaId: string;
  mimeType: string;
  extension: string;
}): Record<string, string> {
  return {
    'Content-Type': record.mimeType,
    'X-Content-Type-Options': 'nosniff',
    'Content-Disposition': `inline; filename="${record.mediaId}.${record.extension}"`,
    'Content-Security-Policy': "default-src 'none'; sandbox",
    // Revalidate every time (ETag): a deleted item must not linger in caches.
    'Cache-Control': 'no-cache',
  };
}

/**
 * Creates the router (mount it under `/api`).
 *
 * @example
 * ```ts
 * app.use('/api', createMediaFileRouter({ tokens, logger, media, files }));
 * ```
 */
export function createMediaFileRouter(options: {
  tokens: TokenService;
  logger: Logger;
  media: MediaRepository;
  files: MediaFiles;
}): Router {
  const path = `${mediaFilePath}/:mediaId`;
  return createProductRouter({
    tokens: options.tokens,
    logger: options.logger,
    path,
    register: (router) =>
      router.get(path, async (request: Request, response: Response) => {
        const mediaId = String(request.params.mediaId);
        if (!idPattern.test(mediaId)) throw restErrors.notFound('Media not found');
        const record = await options.media.get(mediaId);
        if (record === undefined) throw restErrors.notFound('Media not found', { mediaId });
        response.set(mediaHeaders(record));
        await new Promise<void>((resolve, reject) => {
          response.sendFile(options.files.pathOf(mediaId), { dotfiles: 'deny' }, (error) => {
            if (error && !response.headersSent) reject(restErrors.notFound('Media not found'));
            else resolve();
          });
        });
      }),
  });
}
