/**
 * The Media operations: `POST /upload_media` (staff; multipart, its size bounded by the upload
 * guard and checked here: too large is 413), `GET /media` (everyone: one item by `mediaId`, else a
 * filtered list) and `DELETE /media` (staff; soft by default, `permanent=true` also removes the
 * file; 403 while an animal still shows the media). The type is sniffed from the bytes; anything
 * but the spec's image/audio/video types is 415.
 *
 * @module
 */
import type { Request } from 'express';
import { z } from 'zod';
import type { OperationHandlers } from '../http/operation-types.ts';
import { RestError, restErrors } from '../http/rest-error.ts';
import { actorOf } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { MediaRecord, MediaRepository } from '../persistence/media-repository.ts';
import type { MediaFiles } from './media-files.ts';
import { allowedMediaTypes, sniffMedia } from './media-types.ts';
import { mediaTooLarge } from './upload-limits.ts';

/** What the handlers need. */
export interface MediaDependencies {
  media: MediaRepository;
  files: MediaFiles;
  /** Largest file, in bytes (413 above). */
  maxBytes: number;
  /** True when an animal with this id exists. */
  animalExists: (animalId: string) => Promise<boolean>;
  /** True while something (an animal's picture) still points at the media. */
  isReferenced: (mediaId: string) => Promise<boolean>;
}

/** The path (under `/api`) where a media item's bytes are served. */
export const mediaFilePath = '/media/file';

const idPattern = /^[a-zA-Z0-9_-]{1,100}$/;
const uploadFields = z.object({
  title: z.string().trim().min(1).max(200).optional(),
  animalId: z.string().regex(idPattern).optional(),
  description: z.string().max(1000).optional(),
  tags: z
    .union([z.string(), z.array(z.string())])
    .transform((tags) => (typeof tags === 'string' ? [tags] : tags))
    .pipe(z.array(z.string().regex(idPattern)).max(10))
    .optional(),
});
const listQuery = z.object({
  animalId: z.string().regex(idPattern).optional(),
  kind: z.enum(['image', 'audio', 'video']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(20),
});

interface UploadedFile {
  fieldname: string;
  buffer: Buffer;
  size: number;
}

/**
 * Creates the handlers.
 *
 * @example
 * ```ts
 * const handlers = createMediaOperations({ media: repositories.media, files, animalExists, isReferenced });
 * ```
 */
export function createMediaOperations(dependencies: MediaDependencies): OperationHandlers {
  const { media, files } = dependencies;
  return withPersistenceErrors({
    upload_media_post: async ({ body, principal, request }) => {
      const file = ((request as Request & { files?: UploadedFile[] }).files ?? []).find(
        (candidate) => candidate.fieldname === 'file',
      );
      if (file === undefined || file.size === 0) throw restErrors.badRequest('file is required');
      if (file.size > dependencies.maxBytes) throw mediaTooLarge(dependencies.maxBytes);
      const fields = uploadFields.safeParse(body);
      if (!fields.success) {
        throw restErrors.badRequest('The media fields are not valid', {
          errors: fields.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        });
      }
      const sniffed = await sniffMedia(file.buffer);
      if (!sniffed.allowed) {
        throw new RestError(415, 'unsupported_media_type', 'Only images, audio and video', {
          detected: sniffed.detected ?? null,
          allowed: Object.keys(allowedMediaTypes),
        });
      }
      const { animalId } = fields.data;
      if (animalId !== undefined && !(await dependencies.animalExists(animalId))) {
        throw restErrors.badRequest(`Unknown animal: ${animalId}`, {
          entity: 'animal',
          missingIds: [animalId],
        });
      }
      const mediaId = media.newId();
      await files.write(mediaId, file.buffer);
      try {
        const record = await media.create(
          mediaId,
          {
            kind: sniffed.kind,
            mimeType: sniffed.mimeType,
            extension: sniffed.extension,
            fileSize: file.size,
            title: fields.data.title,
            animalId: animalId ?? null,
            description: fields.data.description ?? null,
            tags: fields.data.tags ?? [],
          },
          actorOf(principal),
        );
        return { status: 201, body: toMediaResponse(record, request) };
      } catch (error) {
        // No metadata, no file: an orphaned file would never be served or cleaned up.
        await files.remove(mediaId);
        throw error;
      }
    },
    media_get: async ({ query, request }) => {
      if (query.mediaId !== undefined) {
        const mediaId = requireMediaId(query.mediaId);
        const record = await media.get(mediaId);
        if (record === undefined) throw restErrors.notFound('Media not found', { mediaId });
        return { status: 200, body: toMediaResponse(record, request) };
      }
      const parsed = listQuery.safeParse(query);
      if (!parsed.success) throw restErrors.badRequest('The media filters are not valid');
      const records = await media.list({
        limit: parsed.data.limit,
        ...(parsed.data.animalId === undefined ? {} : { animalId: parsed.data.animalId }),
        ...(parsed.data.kind === undefined ? {} : { kind: parsed.data.kind }),
      });
      return { status: 200, body: records.map((record) => toMediaResponse(record, request)) };
    },
    media_delete: async ({ query, principal }) => {
      const mediaId = requireMediaId(query.mediaId);
      if (await dependencies.isReferenced(mediaId)) {
        throw restErrors.forbidden('The media is still shown by an animal; change that first');
      }
      if (query.permanent === true || query.permanent === 'true') {
        await media.remove(mediaId);
        await files.remove(mediaId);
      } else {
        await media.softDelete(mediaId, actorOf(principal));
      }
      return { status: 204 };
    },
  });
}

function requireMediaId(value: unknown): string {
  if (typeof value !== 'string' || !idPattern.test(value)) {
    throw restErrors.badRequest('mediaId is not a valid id');
  }
  return value;
}

/**
 * The spec's `Media` body; `url` is where the bytes are served, on the host the caller used.
 *
 * @example
 * ```ts
 * toMediaResponse(record, request).url; // 'http://localhost:3000/api/media/file/media_0a1b2c3d'
 * ```
 */
export function toMediaResponse(record: MediaRecord, request: Request): Record<string, unknown> {
  const host = request.get('host') ?? 'localhost';
  return {
    mediaId: record.mediaId,
    ...(record.title === undefined ? {} : { title: record.title }),
    url: `${request.protocol}://${host}/api${mediaFilePath}/${record.mediaId}`,
    kind: record.kind,
    animalId: record.animalId ?? null,
    description: record.description ?? null,
    tags: record.tags,
    fileSize: record.fileSize,
    mimeType: record.mimeType,
    duration: null,
    dimensions: null,
    created: record.created,
    ...(record.modified ? { modified: record.modified } : {}),
    softDelete: record.softDelete,
  };
}
