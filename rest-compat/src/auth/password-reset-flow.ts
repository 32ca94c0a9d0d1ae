/**
 * Password reset: request a single-use token (delivered out of band), then trade it for a new
 * password. Requests look the same whether or not the account exists, so the endpoint cannot be
 * used to find out who has an account.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import type { RateLimiter } from '@cmz/engine';
import { AuthFailure } from './auth-failure.ts';
import type {
  AuthLogger,
  AuthUserStore,
  ResetTokenDelivery,
  ResetTokenStore,
} from './auth-types.ts';
import { normalizeEmail, sha256Hex } from './hash-identifier.ts';
import { hashIdentifier } from '@cmz/engine';
import type { PasswordHasher } from './password-hashing.ts';
import { checkPasswordPolicy } from './password-policy.ts';

/** How long a reset token works: long enough to find the email, short enough to be stale. */
export const resetTokenLifetimeMs = 60 * 60 * 1000;

/** Dependencies of {@link createPasswordResetFlow}. */
export interface PasswordResetFlowOptions {
  users: AuthUserStore;
  hasher: PasswordHasher;
  resetTokens: ResetTokenStore;
  /** Limits reset requests per email, so nobody can flood an inbox. */
  limiter: RateLimiter;
  logger: AuthLogger;
  deliverResetToken: ResetTokenDelivery;
  now: () => number;
}

/** The two steps of a password reset. */
export interface PasswordResetFlow {
  requestPasswordReset(email: string): Promise<void>;
  resetPassword(resetToken: string, newPassword: string): Promise<void>;
}

/**
 * Creates the reset flow (used by `createAuthService`).
 *
 * @example
 * ```ts
 * const flow = createPasswordResetFlow({ users, hasher, resetTokens, limiter, logger, deliverResetToken, now: Date.now });
 * await flow.requestPasswordReset('parent1@test.cmz.org');
 * ```
 */
export function createPasswordResetFlow(options: PasswordResetFlowOptions): PasswordResetFlow {
  const { users, resetTokens, logger } = options;

  const issueResetToken = async (userId: string): Promise<void> => {
    const resetToken = randomBytes(32).toString('base64url');
    await resetTokens.save(sha256Hex(resetToken), userId, options.now() + resetTokenLifetimeMs);
    try {
      await options.deliverResetToken(userId, resetToken);
    } catch (error) {
      // The caller must not learn that this account exists, so a delivery failure stays here.
      // Only the error's name is logged: mail errors often quote the address.
      logger.warn(
        {
          operation: 'auth.reset_delivery_failed',
          user: hashIdentifier(userId),
          errorName: error instanceof Error ? error.name : typeof error,
        },
        'password reset token could not be delivered',
      );
    }
  };

  return {
    async requestPasswordReset(email) {
      const identifier = normalizeEmail(email);
      const decision = await options.limiter.consume(`reset:identifier:${sha256Hex(identifier)}`);
      if (!decision.allowed) {
        logger.info({ operation: 'auth.reset_throttled' }, 'password reset request throttled');
        return;
      }
      const user = await users.findByEmail(identifier);
      if (user !== null && user.softDelete !== true) await issueResetToken(user.userId);
      // One log line for both outcomes: the log does not enumerate accounts either.
      logger.info({ operation: 'auth.reset_requested' }, 'password reset requested');
    },

    async resetPassword(resetToken, newPassword) {
      // Policy first: a rejected password leaves the token usable for a second try.
      const policy = checkPasswordPolicy(newPassword);
      if (!policy.ok) throw new AuthFailure('validation_error', { violations: policy.violations });
      const record = await resetTokens.consume(sha256Hex(resetToken));
      if (record === null || record.expiresAt <= options.now()) {
        throw new AuthFailure('invalid_reset_token');
      }
      const user = await users.findById(record.userId);
      if (user === null || user.softDelete === true) throw new AuthFailure('invalid_reset_token');
      await users.setPasswordHash(user.userId, await options.hasher.hashPassword(newPassword));
      logger.info(
        { operation: 'auth.password_reset', user: hashIdentifier(user.userId) },
        'password reset completed',
      );
    },
  };
}
