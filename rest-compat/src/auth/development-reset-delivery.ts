/**
 * Development stand-in for the reset email: writes the reset token to the log so a developer
 * can finish the flow without a mail server. It is the one log line allowed to hold a secret,
 * and for that reason it refuses to exist in production.
 *
 * @module
 */
import { EngineError } from '@cmz/engine';
import type { AuthLogger, ResetTokenDelivery } from './auth-types.ts';
import { hashIdentifier } from '@cmz/engine';

/**
 * Creates a delivery that logs the token (development only; throws when `production` is true).
 *
 * @example
 * ```ts
 * const deliverResetToken = createDevelopmentResetDelivery(logger, { production: config.NODE_ENV === 'production' });
 * ```
 */
export function createDevelopmentResetDelivery(
  logger: AuthLogger,
  options: { production: boolean },
): ResetTokenDelivery {
  if (options.production) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: ['password reset tokens need a real delivery in production, not the log'],
    });
  }
  return (userId, resetToken) => {
    logger.warn(
      { operation: 'auth.reset_token_development', user: hashIdentifier(userId), resetToken },
      'DEVELOPMENT ONLY: password reset token (would be emailed in production)',
    );
  };
}
