/**
 * The one-way pseudonym an erased user's id is replaced with wherever a record must survive the
 * erasure (audit log entries, audit stamps, retained analytics): the same id always gives the
 * same pseudonym, so an admin who knows an id can still find what was done, while the stored data
 * no longer holds the id itself.
 *
 * @module
 */
import { createHash } from 'node:crypto';

/**
 * `erased_` and 24 hex digits of a SHA-256 of the user id (matches the spec's id pattern).
 *
 * @example
 * ```ts
 * erasedPseudonym('user_test_student_003'); // 'erased_…' (24 hex digits)
 * ```
 */
export function erasedPseudonym(userId: string): string {
  return `erased_${createHash('sha256').update(`cmz-erased:${userId}`).digest('hex').slice(0, 24)}`;
}
