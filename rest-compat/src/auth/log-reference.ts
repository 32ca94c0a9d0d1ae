/**
 * Log-safe stand-ins for identifiers. Account ids of migrated users are derived from emails
 * (`parent1_test_cmz_org`), and children use this product, so logs carry a short hash instead.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/**
 * A short, stable, non-reversible reference to `value` for correlating log lines.
 *
 * @example
 * ```ts
 * logger.info({ userRef: logReference(user.userId) }, 'signed in');
 * ```
 */
export function logReference(value: string): string {
  return createHash('sha256').update(`cmz-log:${value}`).digest('hex').slice(0, 12);
}
