/**
 * Guards the two upload routes before the OpenAPI router buffers the body (its multipart parser
 * keeps files in memory and has no size limit of its own): the caller's role is checked first,
 * so nobody without access can make the server read a body, then the declared `Content-Length`
 * must be present (411 otherwise: HTTP framing then guarantees no more bytes arrive) and within
 * the file limit plus room for the form's other fields (413 otherwise).
 *
 * @module
 */
import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import type { Logger } from '@cmz/engine';
import { createAuthenticateMiddleware, principalOf } from '../auth/authenticate-request.ts';
import { authorize } from '../auth/authorize.ts';
import type { TokenService } from '../auth/token-service.ts';
import { createErrorHandler } from '../http/error-handler.ts';
import { RestError, restErrors } from '../http/rest-error.ts';
import { tooLarge } from './document-ingest.ts';

/** Room for multipart boundaries, headers, title, description and tags. */
export const formOverheadBytes = 64 * 1024;

const uploadRoutes = [
  { path: '/assistant/:assistantId/knowledge', operationId: 'knowledge_upload_post' },
  { path: '/animal/:animalId/documents', operationId: 'uploadAnimalDocument' },
] as const;

/**
 * Creates the guard; mount it at `/api` (and the legacy root) before the OpenAPI router.
 *
 * @example
 * ```ts
 * app.use('/api', createUploadGuard({ tokens, logger, maxBytes: 2 * 1024 * 1024 }), restRouter);
 * ```
 */
export function createUploadGuard(options: {
  tokens: TokenService;
  logger: Logger;
  maxBytes: number;
}): Router {
  const router = express.Router();
  const authenticate = createAuthenticateMiddleware(options.tokens);
  for (const route of uploadRoutes) {
    router.post(
      route.path,
      authenticate,
      (request: Request, _response: Response, next: NextFunction) => {
        const decision = authorize(route.operationId, principalOf(request));
        if (decision === 'unauthenticated') throw restErrors.unauthorized();
        if (decision === 'forbidden') throw restErrors.forbidden();
        const declared = request.headers['content-length'];
        if (declared === undefined) {
          throw new RestError(411, 'length_required', 'Send the upload with a Content-Length');
        }
        if (Number(declared) > options.maxBytes + formOverheadBytes)
          throw tooLarge(options.maxBytes);
        next();
      },
      createErrorHandler(options.logger),
    );
  }
  return router;
}
