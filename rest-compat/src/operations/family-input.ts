/**
 * Request bodies of the family operations as repository inputs. Members arrive as `parentIds` /
 * `studentIds` (the spec) or as `parents` / `students` (the old server read these), each item a
 * user id or a user object with `userId`; when both forms are sent the `*Ids` lists win.
 *
 * @module
 */
import { restErrors } from '../http/rest-error.ts';
import type { FamilyChanges, FamilyRecord, NewFamily } from '../persistence/family-repository.ts';

/** The members a body names; undefined where the body does not name that side. */
export interface MemberLists {
  parentIds: string[] | undefined;
  studentIds: string[] | undefined;
}

/**
 * The member lists of a body, in either form.
 *
 * @example
 * ```ts
 * membersFrom({ parents: [{ userId: 'user_a' }], studentIds: ['user_b'] });
 * // { parentIds: ['user_a'], studentIds: ['user_b'] }
 * ```
 */
export function membersFrom(body: Record<string, unknown>): MemberLists {
  return {
    parentIds: memberIds(body.parentIds) ?? memberIds(body.parents),
    studentIds: memberIds(body.studentIds) ?? memberIds(body.students),
  };
}

/**
 * Throws 400 when a list repeats an id or one user is both parent and student.
 *
 * @example
 * ```ts
 * assertDistinctMembers(['user_a'], ['user_a']); // throws: both parent and student
 * ```
 */
export function assertDistinctMembers(parentIds: string[], studentIds: string[]): void {
  const repeated = [parentIds, studentIds].flatMap((ids) =>
    ids.filter((id, index) => ids.indexOf(id) !== index),
  );
  if (repeated.length > 0) {
    throw restErrors.badRequest('A member is listed twice', {
      duplicateIds: [...new Set(repeated)],
    });
  }
  const both = parentIds.filter((id) => studentIds.includes(id));
  if (both.length > 0) {
    throw restErrors.badRequest('A user cannot be both parent and student', { userIds: both });
  }
}

/**
 * The new family for a `POST /family` body; 400 when either side is missing or empty.
 *
 * @example
 * ```ts
 * newFamilyFrom({ familyName: 'Ng', parentIds: ['user_a'], studentIds: ['user_b'] });
 * ```
 */
export function newFamilyFrom(body: Record<string, unknown>): NewFamily {
  const { parentIds, studentIds } = membersFrom(body);
  if (parentIds === undefined || parentIds.length === 0) {
    throw restErrors.badRequest('A family needs at least one parent', { field: 'parentIds' });
  }
  if (studentIds === undefined || studentIds.length === 0) {
    throw restErrors.badRequest('A family needs at least one student', { field: 'studentIds' });
  }
  assertDistinctMembers(parentIds, studentIds);
  return {
    familyName: String(body.familyName ?? ''),
    parentIds,
    studentIds,
    ...optionalFields(body),
  };
}

/**
 * The changes a `PATCH /family/{familyId}` body asks for (`familyId` and `memberSince` are
 * accepted and ignored, as the spec says).
 *
 * @example
 * ```ts
 * familyChangesFrom({ familyName: 'Ng-Lee' }, current); // { familyName: 'Ng-Lee' }
 * ```
 */
export function familyChangesFrom(
  body: Record<string, unknown>,
  current: FamilyRecord,
): FamilyChanges {
  const { parentIds, studentIds } = membersFrom(body);
  assertDistinctMembers(parentIds ?? current.parentIds, studentIds ?? current.studentIds);
  return {
    ...(typeof body.familyName === 'string' ? { familyName: body.familyName } : {}),
    ...(parentIds === undefined ? {} : { parentIds }),
    ...(studentIds === undefined ? {} : { studentIds }),
    ...optionalFields(body),
  };
}

function optionalFields(body: Record<string, unknown>): Partial<NewFamily> {
  return {
    ...(isObject(body.address) ? { address: body.address as NewFamily['address'] } : {}),
    ...(Array.isArray(body.preferredPrograms)
      ? { preferredPrograms: body.preferredPrograms.map(String) }
      : {}),
    ...(typeof body.status === 'string' ? { status: body.status as FamilyRecord['status'] } : {}),
  };
}

function memberIds(value: unknown): string[] | undefined {
  if (!Array.isArray(value)) return undefined;
  return value.map((item) => {
    if (typeof item === 'string') return item;
    if (isObject(item) && typeof item.userId === 'string') return item.userId;
    throw restErrors.badRequest('Family members must be user ids or users with a userId');
  });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
