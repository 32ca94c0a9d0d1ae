/**
 * Lets a token from `POST /auth` authenticate a Socket.IO connection too, so a signed-in user has
 * one identity across REST and the realtime engine.
 *
 * @module
 */
import { EngineError } from '@cmz/engine';
import type { TokenAuthenticator } from '@cmz/engine';
import type { TokenService } from './token-service.ts';

/**
 * Creates the engine's `TokenAuthenticator`: the visitor id is the account's user id. An invalid,
 * expired or revoked token yields null (the handshake answers `CMZ_ERR_AUTH_INVALID_TOKEN`); any
 * other failure (the revocation store is down) is thrown so the client sees a temporary error.
 *
 * @example
 * ```ts
 * createEngine({ …, authenticateToken: createSocketAuthenticator(tokens) });
 * ```
 */
export function createSocketAuthenticator(tokens: TokenService): TokenAuthenticator {
  return async (token) => {
    try {
      const principal = await tokens.verify(token);
      return { visitorId: principal.userId, role: principal.role };
    } catch (error) {
      if (EngineError.isInstance(error) && error.code === 'CMZ_ERR_AUTH_INVALID_TOKEN') return null;
      throw error;
    }
  };
}
