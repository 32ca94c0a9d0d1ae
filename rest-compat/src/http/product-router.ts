/**
 * Routes this product adds beside the CMZ OpenAPI (parental controls, fact-card listing). They
 * sit before the OpenAPI router, which refuses paths the spec does not know, and get the same
 * bearer authentication and `Error {code, message, details}` body; each route validates its own
 * input with zod.
 *
 * @module
 */
import express, { type Request, type Router } from 'express';
import type { Logger } from '@cmz/engine';
import { createAuthenticateMiddleware, principalOf } from '../auth/authenticate-request.ts';
import type { Principal } from '../auth/principal.ts';
import type { Role } from '../auth/roles.ts';
import type { TokenService } from '../auth/token-service.ts';
import { createErrorHandler } from './error-handler.ts';
import { restErrors } from './rest-error.ts';

/**
 * Creates a router for `path` with JSON bodies (small), authentication and the error body;
 * `register` adds the route handlers.
 *
 * @example
 * ```ts
 * const router = createProductRouter({ tokens, logger, path: '/things/:id', register: (r) => r.get('/things/:id', handler) });
 * ```
 */
export function createProductRouter(options: {
  tokens: TokenService;
  logger: Logger;
  path: string;
  register: (router: Router) => void;
}): Router {
  const router = express.Router();
  router.use(
    options.path,
    express.json({ limit: '4kb' }),
    createAuthenticateMiddleware(options.tokens),
  );
  options.register(router);
  router.use(options.path, createErrorHandler(options.logger));
  return router;
}

/**
 * The caller, when signed in with one of `roles`; 401 without a token, 403 with another role.
 *
 * @example
 * ```ts
 * const principal = requireRole(request, ['admin', 'zookeeper']);
 * ```
 */
export function requireRole(request: Request, roles: readonly Role[]): Principal {
  const principal = principalOf(request);
  if (principal === null) throw restErrors.unauthorized();
  if (!roles.includes(principal.role)) throw restErrors.forbidden();
  return principal;
}
