/**
 * Who may see which user. A scope of `self` limits the caller to their own account; `family` to
 * the members of the families they belong to; `self-or-family` to either. Out-of-scope reads
 * answer 403 before any lookup, so the answer never reveals whether the other account exists.
 *
 * @module
 */
import type { Scope } from '../auth/index.ts';
import type { RestPrincipal } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { FamilyRepository } from '../persistence/family-repository.ts';

/**
 * The ids of every member of every live family `userId` belongs to (the user included).
 *
 * @example
 * ```ts
 * const visible = await familyMemberIds(repositories.families, parentId); // parent, co-parents, children
 * ```
 */
export async function familyMemberIds(
  families: FamilyRepository,
  userId: string,
): Promise<Set<string>> {
  const members = new Set<string>([userId]);
  for (const family of await families.listForUser(userId)) {
    for (const memberId of [...family.parentIds, ...family.studentIds]) members.add(memberId);
  }
  return members;
}

/**
 * Throws 403 unless `scope` lets `principal` reach the user `targetUserId`.
 *
 * @example
 * ```ts
 * await assertUserInScope('self-or-family', principal, 'user_child', repositories.families);
 * ```
 */
export async function assertUserInScope(
  scope: Scope,
  principal: RestPrincipal,
  targetUserId: string,
  families: FamilyRepository,
): Promise<void> {
  if (scope === 'any' || principal.userId === targetUserId) return;
  if (scope === 'family' || scope === 'self-or-family') {
    if ((await familyMemberIds(families, principal.userId)).has(targetUserId)) return;
  }
  throw restErrors.forbidden('You may only see your own account or your family members');
}
