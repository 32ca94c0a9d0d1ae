/**
 * Whose data a caller may reach through the context and privacy operations. Narrower than the
 * user reads: a parent reaches their own account and the children (students) of the families in
 * which they are a parent, never a co-parent's or another family's data. Admins reach everyone.
 * Out-of-scope requests answer 403 before any lookup, so they reveal nothing about the account.
 *
 * @module
 */
import type { Scope } from '../auth/index.ts';
import type { RestPrincipal } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { FamilyRepository } from '../persistence/family-repository.ts';

/**
 * The children of every live family in which `parentId` is a parent.
 *
 * @example
 * ```ts
 * await childrenOf(repositories.families, 'user_test_parent_001'); // ['user_test_student_001', …]
 * ```
 */
export async function childrenOf(families: FamilyRepository, parentId: string): Promise<string[]> {
  const children = new Set<string>();
  for (const family of await families.listForUser(parentId)) {
    if (family.parentIds.includes(parentId))
      for (const child of family.studentIds) children.add(child);
  }
  return [...children].sort();
}

/**
 * Throws 403 unless `scope` lets `principal` reach `userId`'s data: `any` reaches everyone,
 * `self` only the caller, `family` and `self-or-family` the caller and their children.
 *
 * @example
 * ```ts
 * await assertSubjectInScope('self-or-family', principal, 'user_test_student_001', families);
 * ```
 */
export async function assertSubjectInScope(
  scope: Scope,
  principal: RestPrincipal,
  userId: string,
  families: FamilyRepository,
): Promise<void> {
  if (scope === 'any' || principal.userId === userId) return;
  if (scope === 'family' || scope === 'self-or-family') {
    if ((await childrenOf(families, principal.userId)).includes(userId)) return;
  }
  throw restErrors.forbidden('You may only reach your own data or your children’s');
}
