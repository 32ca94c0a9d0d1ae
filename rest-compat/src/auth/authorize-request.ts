/**
 * Express middleware for one operation's role check (401 for nobody signed in, 403 for a role
 * the role matrix does not list). Ownership scopes are left to the handler.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { EngineError } from '@cmz/engine';
import { RestError } from '../http/rest-error.ts';
import { principalOf } from './authenticate-request.ts';
import { authorize } from './authorize.ts';

/**
 * Creates the check for `operationId`. Mount it after `createAuthenticateMiddleware`.
 *
 * @example
 * ```ts
 * router.post('/animal', requireAccess('animal_post'), handler);
 * ```
 */
export function requireAccess(operationId: string): RequestHandler {
  return (request: Request, _response: Response, next: NextFunction) => {
    const decision = authorize(operationId, principalOf(request));
    if (decision === 'allowed') next();
    else if (decision === 'unauthenticated') next(signInRequired());
    else next(new EngineError('CMZ_ERR_AUTH_FORBIDDEN', { details: { operationId } }));
  };
}

function signInRequired(): RestError {
  // Not CMZ_ERR_AUTH_INVALID_TOKEN: there was no token. CMZ_ERR_AUTH_REQUIRED is proposed.
  return new RestError(401, 'unauthorized', 'Sign in to do that', {
    engineCode: 'CMZ_ERR_AUTH_REQUIRED',
  });
}
