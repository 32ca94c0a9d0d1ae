/**
 * Tokens of an erased user stop working: every verification also asks whether the token's user
 * was erased after the token was issued (one consistent read of the erasure marker). Tokens
 * issued later, for an account created again under the same id, still work. Wraps the token
 * service, so REST, the parental routes and the Socket.IO handshake all refuse such tokens.
 *
 * @module
 */
import { EngineError } from '@cmz/engine';
import { decodeJwt } from 'jose';
import type { TokenService } from '../auth/token-service.ts';
import { erasedPseudonym } from './erased-pseudonym.ts';
import type { PrivacyTraceRepository } from './privacy-traces.ts';

/**
 * Wraps `tokens` with the erasure check.
 *
 * @example
 * ```ts
 * const tokens = withErasedUserCheck(createTokenService(options), repositories.privacyTraces);
 * ```
 */
export function withErasedUserCheck(
  tokens: TokenService,
  traces: Pick<PrivacyTraceRepository, 'erasedAt'>,
): TokenService {
  const verify: TokenService['verify'] = async (token) => {
    const principal = await tokens.verify(token);
    const erasedAtMs = await traces.erasedAt(erasedPseudonym(principal.userId));
    const issuedAtMs = (decodeJwt(token).iat ?? 0) * 1000;
    if (erasedAtMs !== undefined && issuedAtMs <= erasedAtMs) {
      throw new EngineError('CMZ_ERR_AUTH_INVALID_TOKEN', { details: { reason: 'revoked' } });
    }
    return principal;
  };
  return {
    issue: (subject) => tokens.issue(subject),
    verify,
    async refresh(token) {
      await verify(token);
      return tokens.refresh(token);
    },
    async revoke(token) {
      await verify(token);
      return tokens.revoke(token);
    },
  };
}
