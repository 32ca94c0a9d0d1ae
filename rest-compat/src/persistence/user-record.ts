/**
 * The stored user record and its conversion from a DynamoDB item.
 *
 * @module
 */
import type { AuditStamp } from './audit.ts';
import type { StoredItem } from './store-operations.ts';

/** Every role any layer of the original system used (they disagree; see the API facts §2.1). */
export type UserRole =
  | 'admin'
  | 'zookeeper'
  | 'educator'
  | 'member'
  | 'parent'
  | 'student'
  | 'visitor'
  | 'user'
  | 'editor';

/** A user as stored in the user table. `passwordHash` must never leave the server. */
export interface UserRecord {
  userId: string;
  /** Lowercased; unique across users (see email-guard). */
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash?: string;
  phone?: string;
  userType?: 'none' | 'parent' | 'student';
  /** Families the user belongs to (a string set in DynamoDB, sorted here). */
  familyIds: string[];
  age?: number;
  grade?: string;
  interests?: string[];
  created: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/** Input of `create`; `userId` only for seeds and migrations. */
export interface NewUser {
  userId?: string;
  email: string;
  displayName: string;
  role: UserRole;
  passwordHash?: string;
  phone?: string;
  userType?: 'none' | 'parent' | 'student';
  age?: number;
  grade?: string;
  interests?: string[];
}

/** Partial update: `undefined` keeps a field, `null` clears an optional one. */
export interface UserChanges {
  email?: string;
  displayName?: string;
  role?: UserRole;
  phone?: string | null;
  userType?: 'none' | 'parent' | 'student' | null;
  age?: number | null;
  grade?: string | null;
  interests?: string[] | null;
}

/**
 * Converts a stored item (string sets arrive as `Set`) into a record.
 *
 * @example
 * ```ts
 * const user = toUserRecord(item);
 * ```
 */
export function toUserRecord(item: StoredItem): UserRecord {
  return {
    ...(item as unknown as UserRecord),
    familyIds: toSortedArray(item.familyIds),
    softDelete: item.softDelete === true,
  };
}

/**
 * A string set or list as a sorted array (`[]` when absent).
 *
 * @example
 * ```ts
 * toSortedArray(new Set(['b', 'a'])); // ['a', 'b']
 * ```
 */
export function toSortedArray(value: unknown): string[] {
  if (value instanceof Set || Array.isArray(value)) return [...value].map(String).sort();
  return [];
}
