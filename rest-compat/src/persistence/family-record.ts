/**
 * The stored family record and its conversion to and from DynamoDB items.
 *
 * @module
 */
import type { AuditStamp } from './audit.ts';
import type { StoredItem } from './store-operations.ts';
import { toSortedArray } from './user-record.ts';

/** Postal address of a family. */
export interface FamilyAddress {
  street?: string;
  city?: string;
  state?: string;
  zipCode?: string;
}

/** A family as stored. */
export interface FamilyRecord {
  familyId: string;
  familyName: string;
  parentIds: string[];
  studentIds: string[];
  address?: FamilyAddress;
  status: 'active' | 'inactive' | 'pending';
  preferredPrograms?: string[];
  memberSince: string;
  created: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/** Input of `create`; `familyId` only for seeds. */
export interface NewFamily {
  familyId?: string;
  familyName: string;
  parentIds: string[];
  studentIds: string[];
  address?: FamilyAddress;
  status?: FamilyRecord['status'];
  preferredPrograms?: string[];
}

/** Partial update; `null` clears an optional field. */
export interface FamilyChanges {
  familyName?: string;
  parentIds?: string[];
  studentIds?: string[];
  address?: FamilyAddress | null;
  status?: FamilyRecord['status'];
  preferredPrograms?: string[] | null;
}

/**
 * Member ids as a string set, as in the original table; null (attribute removed) when empty,
 * because DynamoDB forbids empty sets.
 *
 * @example
 * ```ts
 * toSet(['user_a']); // Set { 'user_a' }
 * ```
 */
export function toSet(ids: readonly string[]): Set<string> | null {
  return ids.length === 0 ? null : new Set(ids);
}

/**
 * The item to store for a record.
 *
 * @example
 * ```ts
 * await document.send(new PutCommand({ TableName, Item: toItem(record) }));
 * ```
 */
export function toItem(record: FamilyRecord): StoredItem {
  return {
    ...record,
    parentIds: toSet(record.parentIds) ?? undefined,
    studentIds: toSet(record.studentIds) ?? undefined,
  };
}

/**
 * A record from a stored item; legacy items without status or softDelete read as active and live.
 *
 * @example
 * ```ts
 * const family = toFamilyRecord(item);
 * ```
 */
export function toFamilyRecord(item: StoredItem): FamilyRecord {
  return {
    ...(item as unknown as FamilyRecord),
    parentIds: toSortedArray(item.parentIds),
    studentIds: toSortedArray(item.studentIds),
    status: (item.status as FamilyRecord['status'] | undefined) ?? 'active',
    softDelete: item.softDelete === true,
  };
}
