/**
 * Stored users as the spec's `User` and `UserDetails` bodies. The password hash never leaves
 * this mapping: the response is built field by field, not by copying the record.
 *
 * @module
 */
import { normalizeRole } from '../auth/index.ts';
import type { SessionRecord } from '../persistence/conversation-repository.ts';
import type { UserRecord } from '../persistence/user-repository.ts';

/** The spec's `UsageSummary`. */
export interface UsageSummary {
  userId: string;
  totalSessions: number;
  totalTurns: number;
  lastActive?: string;
}

/**
 * The spec's `User` for a stored record: canonical role, `familyId` (the first family, or null),
 * `phoneNumber` from the stored `phone`, audit stamps; never `passwordHash`.
 *
 * @example
 * ```ts
 * const body = toUserResponse(await repositories.users.get(userId));
 * ```
 */
export function toUserResponse(record: UserRecord): Record<string, unknown> {
  return {
    userId: record.userId,
    email: record.email,
    // The spec requires a non-empty name; very old records may lack one.
    displayName:
      record.displayName !== undefined && record.displayName !== ''
        ? record.displayName
        : record.userId,
    // A record with an unknown role gets the least privileged one in responses.
    role: normalizeRole(record.role) ?? 'visitor',
    userType: record.userType ?? 'none',
    familyId: record.familyIds[0] ?? null,
    familyIds: [...record.familyIds],
    phoneNumber: record.phone ?? null,
    age: record.age ?? null,
    created: record.created,
    ...(record.modified === undefined ? {} : { modified: record.modified }),
    ...(record.deleted === undefined ? {} : { deleted: record.deleted }),
    softDelete: record.softDelete,
  };
}

/**
 * The usage of one user from their sessions: `totalTurns` counts stored turns (the user's
 * messages and the animal's replies), `lastActive` is the latest message time.
 *
 * @example
 * ```ts
 * usageOf('user_a', sessions); // { userId: 'user_a', totalSessions: 2, totalTurns: 8, lastActive: '…' }
 * ```
 */
export function usageOf(userId: string, sessions: readonly SessionRecord[]): UsageSummary {
  const own = sessions.filter((session) => session.userId === userId);
  const lastActive = own
    .map((session) => session.lastMessageTime)
    .sort()
    .at(-1);
  return {
    userId,
    totalSessions: own.length,
    totalTurns: own.reduce((sum, session) => sum + session.messageCount, 0),
    ...(lastActive === undefined ? {} : { lastActive }),
  };
}

/**
 * The spec's `UserDetails`: the `User` plus its usage and a `userDetailsId`.
 *
 * @example
 * ```ts
 * const body = toUserDetailsResponse(record, usageOf(record.userId, sessions));
 * ```
 */
export function toUserDetailsResponse(
  record: UserRecord,
  usage: UsageSummary,
): Record<string, unknown> {
  return { ...toUserResponse(record), usage, userDetailsId: `details-${record.userId}` };
}
