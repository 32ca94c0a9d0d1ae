/**
 * Sign-in, token refresh, sign-out and password changes for the REST API (`/auth*`).
 *
 * @module
 */
import { EngineError } from '@cmz/engine';
import type { RateLimiter } from '@cmz/engine';
import { AuthFailure } from './auth-failure.ts';
import type {
  AuthLogger,
  AuthUser,
  AuthUserStore,
  ResetTokenDelivery,
  ResetTokenStore,
  SignInResult,
} from './auth-types.ts';
import { normalizeEmail, sha256Hex } from './hash-identifier.ts';
import { hashIdentifier } from '@cmz/engine';
import type { PasswordHasher } from './password-hashing.ts';
import { checkPasswordPolicy } from './password-policy.ts';
import { createPasswordResetFlow, type PasswordResetFlow } from './password-reset-flow.ts';
import { normalizeRole, type Role } from './roles.ts';
import type { TokenService } from './token-service.ts';

/** Dependencies of {@link createAuthService}. */
export interface AuthServiceOptions {
  users: AuthUserStore;
  tokens: TokenService;
  hasher: PasswordHasher;
  resetTokens: ResetTokenStore;
  /** Limits sign-in attempts per email (and reset requests per email). */
  loginLimiter: RateLimiter;
  /**
   * Limits sign-in attempts per client address. A school class signs in from one address, so
   * this bucket should be much larger than the per-email one. @default loginLimiter
   */
  addressLimiter?: RateLimiter;
  logger: AuthLogger;
  deliverResetToken: ResetTokenDelivery;
  /** Clock in epoch milliseconds. */
  now?: () => number;
}

/** The body of `POST /auth`, plus the caller's address for rate limiting. */
export interface LoginRequest {
  email?: string | undefined;
  /** The spec's `username` is an email too (`format: email`); `email` wins when both are sent. */
  username?: string | undefined;
  password: string;
  /** The client's IP address (`request.ip`); omitted only by callers that have none. */
  clientAddress?: string | undefined;
}

/** What the `/auth*` handlers call. */
export interface AuthService extends PasswordResetFlow {
  /** Throws `AuthFailure` `invalid_credentials` (401) or `too_many_requests` (429). */
  login(request: LoginRequest): Promise<SignInResult>;
  /** New token for the same, still active account; the presented token stops working. */
  refresh(token: string): Promise<SignInResult>;
  /** The token stops working; a second logout with it is a 401 like any revoked token. */
  logout(token: string): Promise<void>;
  changePassword(request: {
    userId: string;
    currentPassword: string;
    newPassword: string;
  }): Promise<void>;
}

/**
 * Creates the auth service.
 *
 * @example
 * ```ts
 * const auth = createAuthService({ users, tokens, hasher, resetTokens, loginLimiter, logger, deliverResetToken });
 * const { token, expiresIn, user } = await auth.login({ email, password, clientAddress: request.ip });
 * ```
 */
export function createAuthService(options: AuthServiceOptions): AuthService {
  const { users, tokens, hasher, logger } = options;
  const now = options.now ?? Date.now;
  const addressLimiter = options.addressLimiter ?? options.loginLimiter;

  // Limits are checked before the password: a throttled caller costs no bcrypt work, so the
  // limiter also shields the CPU. Every attempt counts, successful or not.
  const enforceLoginLimits = async (identifier: string, clientAddress: string | undefined) => {
    const checks: [RateLimiter, string][] = [
      [options.loginLimiter, `login:identifier:${sha256Hex(identifier)}`],
    ];
    if (clientAddress !== undefined) {
      checks.unshift([addressLimiter, `login:address:${clientAddress}`]);
    }
    for (const [limiter, key] of checks) {
      const decision = await limiter.consume(key);
      if (!decision.allowed) {
        logger.info({ operation: 'auth.login_throttled' }, 'sign-in attempt throttled');
        throw new AuthFailure('too_many_requests', { retryAfterMs: decision.retryAfterMs });
      }
    }
  };

  const signIn = async (user: AuthUser, role: Role): Promise<SignInResult> => {
    const issued = await tokens.issue({ userId: user.userId, email: user.email, role });
    return {
      ...issued,
      user: { userId: user.userId, email: user.email, displayName: user.displayName, role },
    };
  };

  const activeRole = (user: AuthUser | null): Role | null => {
    if (user === null || user.softDelete === true) return null;
    const role = normalizeRole(user.role);
    if (role === null) {
      logger.warn(
        { operation: 'auth.unknown_role', user: hashIdentifier(user.userId) },
        'account has an unknown role and cannot sign in',
      );
    }
    return role;
  };

  return {
    ...createPasswordResetFlow({
      users,
      hasher,
      resetTokens: options.resetTokens,
      limiter: options.loginLimiter,
      logger,
      deliverResetToken: options.deliverResetToken,
      now,
    }),

    async login(request) {
      // An empty `email` next to a filled `username` (some old forms send both) uses the latter.
      const given = [request.email, request.username].find((value) => value?.trim());
      const identifier = normalizeEmail(given ?? '');
      await enforceLoginLimits(identifier, request.clientAddress);
      const found = identifier === '' ? null : await users.findByEmail(identifier);
      const user = found?.softDelete === true ? null : found;
      // Always one full bcrypt comparison (a dummy one without an account): equal timing.
      const matches = await hasher.verifyPassword(request.password, user?.passwordHash);
      const role = matches ? activeRole(user) : null;
      if (user === null || role === null) {
        logger.info({ operation: 'auth.login_failed' }, 'sign-in failed');
        throw new AuthFailure('invalid_credentials');
      }
      logger.info(
        { operation: 'auth.login', user: hashIdentifier(user.userId), role },
        'signed in',
      );
      return signIn(user, role);
    },

    async refresh(token) {
      const previous = await tokens.verify(token);
      const user = await users.findById(previous.userId);
      const role = activeRole(user);
      // The presented token ends either way: renewed below, or refused because the account was
      // deleted or its role became unknown since sign-in (it must not renew its access).
      await tokens.revoke(token);
      if (user === null || role === null) throw new EngineError('CMZ_ERR_AUTH_INVALID_TOKEN');
      return signIn(user, role);
    },

    async logout(token) {
      const principal = await tokens.revoke(token);
      logger.info(
        { operation: 'auth.logout', user: hashIdentifier(principal.userId) },
        'signed out',
      );
    },

    async changePassword({ userId, currentPassword, newPassword }) {
      const user = await users.findById(userId);
      const active = user !== null && user.softDelete !== true ? user : null;
      if (!(await hasher.verifyPassword(currentPassword, active?.passwordHash)) || !active) {
        throw new AuthFailure('invalid_credentials');
      }
      const policy = checkPasswordPolicy(newPassword);
      if (!policy.ok) throw new AuthFailure('validation_error', { violations: policy.violations });
      await users.setPasswordHash(userId, await hasher.hashPassword(newPassword));
      logger.info(
        { operation: 'auth.password_changed', user: hashIdentifier(userId) },
        'password changed',
      );
    },
  };
}
