/**
 * Hashing for values that must be looked up but never stored in the clear (rate-limit keys that
 * would otherwise hold emails, reset tokens).
 *
 * @module
 */
import { createHash } from 'node:crypto';

/**
 * Hex SHA-256 of `value`.
 *
 * @example
 * ```ts
 * await limiter.consume(`login:identifier:${sha256Hex(email)}`);
 * ```
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/**
 * The form of an email used for lookups and limits: trimmed and lower-cased.
 *
 * @example
 * ```ts
 * normalizeEmail('  Parent1@Test.CMZ.org '); // 'parent1@test.cmz.org'
 * ```
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
