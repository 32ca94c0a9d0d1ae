/**
 * Where media go and how large they may be: `MEDIA_DIR` (default `<DATA_DIR>/media`) and
 * `MEDIA_MAX_BYTES` (default 25 MiB, at most the spec's 100 MiB), and the guard that enforces the
 * limit before the OpenAPI router's multipart parser holds an upload in memory (uploads are
 * staff-only and bounded, so nothing half-written is ever left on disk).
 *
 * @module
 */
import { join } from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '@cmz/engine';
import { createAuthenticateMiddleware, principalOf } from '../auth/authenticate-request.ts';
import { authorize } from '../auth/authorize.ts';
import type { TokenService } from '../auth/token-service.ts';
import { createErrorHandler } from '../http/error-handler.ts';
import { RestError, restErrors } from '../http/rest-error.ts';

/** The spec's largest `Media.fileSize`. */
export const specMaxMediaBytes = 104_857_600;
const defaultMaxBytes = 25 * 1024 * 1024;

/** Media settings. */
export interface MediaSettings {
  directory: string;
  maxBytes: number;
}

/**
 * Reads the media settings; a malformed `MEDIA_MAX_BYTES` is a start-up error.
 *
 * @example
 * ```ts
 * readMediaSettings({ MEDIA_MAX_BYTES: '1048576' }, '/data'); // { directory: '/data/media', maxBytes: 1048576 }
 * ```
 */
export function readMediaSettings(
  environment: Readonly<Record<string, string | undefined>>,
  dataDirectory: string,
): MediaSettings {
  const rawMax = environment.MEDIA_MAX_BYTES?.trim();
  const maxBytes = rawMax === undefined || rawMax === '' ? defaultMaxBytes : Number(rawMax);
  if (!Number.isInteger(maxBytes) || maxBytes < 1 || maxBytes > specMaxMediaBytes) {
    throw new Error(`MEDIA_MAX_BYTES must be an integer from 1 to ${specMaxMediaBytes}`);
  }
  const directory = environment.MEDIA_DIR?.trim() || join(dataDirectory, 'media');
  return { directory, maxBytes };
}

/** Room for multipart boundaries, part headers, title, description and tags. */
export const formOverheadBytes = 64 * 1024;

/**
 * Guards `POST /upload_media` before the OpenAPI router's multipart parser reads the body (it
 * keeps files in memory and has no size limit of its own): the caller's role is checked first,
 * so nobody without access makes the server read a body, then the declared `Content-Length` must
 * be present (411: HTTP framing then guarantees no more bytes arrive) and within the file limit
 * plus the form's overhead (413). The handler checks the file's exact size again.
 *
 * @example
 * ```ts
 * app.use('/api', createMediaUploadGuard({ tokens, logger, maxBytes }), restRouter);
 * ```
 */
export function createMediaUploadGuard(options: {
  tokens: TokenService;
  logger: Logger;
  maxBytes: number;
}): Router {
  const router = express.Router();
  router.post(
    '/upload_media',
    createAuthenticateMiddleware(options.tokens),
    (request: Request, _response: Response, next: NextFunction) => {
      const decision = authorize('upload_media_post', principalOf(request));
      if (decision === 'unauthenticated') throw restErrors.unauthorized();
      if (decision === 'forbidden') throw restErrors.forbidden();
      const declared = request.headers['content-length'];
      if (declared === undefined) {
        throw new RestError(411, 'length_required', 'Send the upload with a Content-Length');
      }
      if (Number(declared) > options.maxBytes + formOverheadBytes) {
        throw mediaTooLarge(options.maxBytes);
      }
      next();
    },
    createErrorHandler(options.logger),
  );
  return router;
}

/**
 * The 413 of a file over the limit.
 *
 * @example
 * ```ts
 * throw mediaTooLarge(25 * 1024 * 1024);
 * ```
 */
export function mediaTooLarge(maxBytes: number): RestError {
  return new RestError(413, 'payload_too_large', `Media files may be at most ${maxBytes} bytes`, {
    maxBytes,
  });
}
