/**
 * Stored families as the spec's `Family`, populated the way the old server answered and the old
 * family pages read: `parents`/`students` are full `User` objects (the ids are always in
 * `parentIds`/`studentIds`), plus the caller's `canEdit` and `canView`.
 *
 * @module
 */
import type { RestPrincipal } from '../http/operation-types.ts';
import type { FamilyRecord } from '../persistence/family-repository.ts';
import type { UserRecord, UserRepository } from '../persistence/user-repository.ts';
import { toUserResponse } from './user-response.ts';

/** Member users by id (a member missing here is answered as its bare id). */
export type MemberDirectory = ReadonlyMap<string, UserRecord>;

/**
 * The users of the given families, read one by one (soft-deleted members included: the family
 * still names them).
 *
 * @example
 * ```ts
 * const directory = await memberDirectory(repositories.users, [family]);
 * ```
 */
export async function memberDirectory(
  users: UserRepository,
  families: readonly FamilyRecord[],
): Promise<MemberDirectory> {
  const ids = [
    ...new Set(families.flatMap((family) => [...family.parentIds, ...family.studentIds])),
  ];
  const found = await Promise.all(ids.map((userId) => users.get(userId, { includeDeleted: true })));
  return new Map(found.filter((user) => user !== undefined).map((user) => [user.userId, user]));
}

/**
 * The `Family` body for one record and caller: admins and educators may edit; whoever gets the
 * family may view it.
 *
 * @example
 * ```ts
 * const body = toFamilyResponse(family, directory, principal);
 * ```
 */
export function toFamilyResponse(
  record: FamilyRecord,
  directory: MemberDirectory,
  principal: RestPrincipal | null,
): Record<string, unknown> {
  // A member whose record is gone (privacy erasure) stays visible as its id.
  const populate = (userId: string) => {
    const user = directory.get(userId);
    return user === undefined ? userId : toUserResponse(user);
  };
  return {
    familyId: record.familyId,
    familyName: record.familyName,
    parentIds: [...record.parentIds],
    studentIds: [...record.studentIds],
    parents: record.parentIds.map(populate),
    students: record.studentIds.map(populate),
    ...(record.address === undefined ? {} : { address: record.address }),
    ...(record.preferredPrograms === undefined
      ? {}
      : { preferredPrograms: record.preferredPrograms }),
    status: record.status,
    memberSince: record.memberSince,
    created: record.created,
    ...(record.modified === undefined ? {} : { modified: record.modified }),
    ...(record.deleted === undefined ? {} : { deleted: record.deleted }),
    softDelete: record.softDelete,
    canEdit: principal?.role === 'admin' || principal?.role === 'educator',
    canView: true,
  };
}
