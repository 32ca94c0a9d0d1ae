/**
 * Signs and checks the REST API's bearer tokens: HS256 JWTs with the old server's claims
 * (`user_id`, `userId`, `email`, `role`, `user_type`, `sub`, `iss: "cmz-api"`, `iat`, `exp`) so
 * existing clients that decode them keep working, plus a `jti` so one token can be revoked.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { SignJWT, errors as joseErrors, jwtVerify, type JWTPayload } from 'jose';
import { EngineError } from '@cmz/engine';
import type { Principal, TokenSubject } from './principal.ts';
import { normalizeRole } from './roles.ts';
import type { TokenRevocationStore } from './token-revocations.ts';

/** Options of {@link createTokenService}. */
export interface TokenServiceOptions {
  /** HMAC key: the raw bytes, or a string used as its UTF-8 bytes (like the old server did). */
  secret: Uint8Array | string;
  /** `iss` claim written and required. @default 'cmz-api' */
  issuer?: string;
  /** Token lifetime. @default 86400 (the old server's 24 hours) */
  lifetimeSeconds?: number;
  revocations: TokenRevocationStore;
  /** Clock in epoch milliseconds; tests inject one to expire tokens without waiting. */
  now?: () => number;
}

/** A freshly signed token. */
export interface IssuedToken {
  token: string;
  /** Seconds until expiry, as `AuthResponse.expiresIn` reports it. */
  expiresIn: number;
  tokenId: string;
  /** Epoch milliseconds. */
  expiresAt: number;
}

/** Issues, verifies, refreshes and revokes bearer tokens. */
export interface TokenService {
  issue(subject: TokenSubject): Promise<IssuedToken>;
  /** Throws `CMZ_ERR_AUTH_INVALID_TOKEN` for any token that must not be honoured. */
  verify(token: string): Promise<Principal>;
  /** Verifies `token`, issues a new one for the same subject and revokes the old one. */
  refresh(token: string): Promise<IssuedToken>;
  /** Verifies `token` and revokes it; revoking it again fails like any revoked token. */
  revoke(token: string): Promise<Principal>;
}

/**
 * Creates the token service.
 *
 * @example
 * ```ts
 * const tokens = createTokenService({ secret, revocations: createMemoryTokenRevocations() });
 * const { token } = await tokens.issue({ userId: 'user_1', email: 'a@b.org', role: 'parent' });
 * const principal = await tokens.verify(token); // { userId: 'user_1', role: 'parent', … }
 * ```
 */
export function createTokenService(options: TokenServiceOptions): TokenService {
  const key =
    typeof options.secret === 'string' ? new TextEncoder().encode(options.secret) : options.secret;
  const issuer = options.issuer ?? 'cmz-api';
  const lifetimeSeconds = options.lifetimeSeconds ?? 86_400;
  const now = options.now ?? Date.now;

  const issue = async (subject: TokenSubject): Promise<IssuedToken> => {
    const issuedAtSeconds = Math.floor(now() / 1000);
    const expiresAtSeconds = issuedAtSeconds + lifetimeSeconds;
    const tokenId = randomUUID();
    const token = await new SignJWT({
      user_id: subject.userId,
      userId: subject.userId,
      email: subject.email,
      role: subject.role,
      // The old server wrote the role here too; old clients read either claim.
      user_type: subject.role,
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(subject.userId)
      .setIssuer(issuer)
      .setIssuedAt(issuedAtSeconds)
      .setExpirationTime(expiresAtSeconds)
      .setJti(tokenId)
      .sign(key);
    return { token, expiresIn: lifetimeSeconds, tokenId, expiresAt: expiresAtSeconds * 1000 };
  };

  const verify = async (token: string): Promise<Principal> => {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key, {
        algorithms: ['HS256'],
        issuer,
        currentDate: new Date(now()),
        // A token without `jti` cannot be revoked, so logout could not end it: refuse it. That
        // includes tokens of the old server, which expire within a day anyway.
        requiredClaims: ['sub', 'exp', 'iat', 'jti'],
      }));
    } catch (error) {
      throw invalidToken(error instanceof joseErrors.JWTExpired ? 'expired' : 'invalid', error);
    }
    const principal = toPrincipal(payload);
    if (principal === null) throw invalidToken('invalid');
    if (await options.revocations.isRevoked(principal.tokenId)) throw invalidToken('revoked');
    return principal;
  };

  const revoke = async (token: string): Promise<Principal> => {
    const principal = await verify(token);
    await options.revocations.revoke(principal.tokenId, principal.expiresAt);
    return principal;
  };

  return {
    issue,
    verify,
    revoke,
    async refresh(token) {
      // The old server's refresh ignored the presented token and always issued an admin token
      // for test@cmz.org: a privilege escalation for anyone who could reach it. Refresh now
      // renews exactly the presented, still valid token's identity.
      const principal = await verify(token);
      const issued = await issue({
        userId: principal.userId,
        email: principal.email,
        role: principal.role,
      });
      await options.revocations.revoke(principal.tokenId, principal.expiresAt);
      return issued;
    },
  };
}

function toPrincipal(payload: JWTPayload): Principal | null {
  const role = normalizeRole(payload['role']);
  const email = payload['email'];
  const userId = payload.sub;
  const { jti: tokenId, exp } = payload;
  if (role === null || typeof email !== 'string' || !userId || !tokenId || exp === undefined) {
    return null;
  }
  // `user_id` and `sub` are written together; a token where they disagree was not made here.
  const legacyUserId = payload['user_id'];
  if (legacyUserId !== undefined && legacyUserId !== userId) return null;
  return { userId, email, role, tokenId, expiresAt: exp * 1000 };
}

function invalidToken(reason: 'expired' | 'invalid' | 'revoked', cause?: unknown): EngineError {
  // `reason` helps a client decide between signing in again and showing an error; it reveals
  // nothing an attacker holding the token could not learn by decoding it.
  return new EngineError('CMZ_ERR_AUTH_INVALID_TOKEN', { details: { reason }, cause });
}
