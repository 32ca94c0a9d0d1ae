/**
 * User lookups shared by the user and user-details handlers.
 *
 * @module
 */
import { normalizeRole } from '../auth/index.ts';
import { restErrors } from '../http/rest-error.ts';
import type { UserRecord, UserRepository } from '../persistence/user-repository.ts';
import { optionalString } from './operation-support.ts';

/**
 * A live user, or 404.
 *
 * @example
 * ```ts
 * const user = await requireUser(repositories.users, 'user_0123456789ab');
 * ```
 */
export async function requireUser(users: UserRepository, userId: string): Promise<UserRecord> {
  const user = await users.get(userId);
  if (user === undefined) throw restErrors.notFound('User not found', { userId });
  return user;
}

/**
 * Live users matching the `query` and `role` filters (legacy role names compare by their
 * canonical role), limited to `visible` ids when given, in the repository's name order.
 *
 * @example
 * ```ts
 * const parents = await searchUsers(users, { role: 'parent' }, undefined);
 * ```
 */
export async function searchUsers(
  users: UserRepository,
  query: Record<string, unknown>,
  visible: ReadonlySet<string> | undefined,
): Promise<UserRecord[]> {
  const text = optionalString(query.query);
  const role = query.role === undefined ? undefined : normalizeRole(query.role);
  const { items } = await users.list({
    ...(text === undefined ? {} : { query: text }),
    pageSize: Number.MAX_SAFE_INTEGER,
  });
  return items.filter(
    (user) =>
      (visible === undefined || visible.has(user.userId)) &&
      (role === undefined || normalizeRole(user.role) === role),
  );
}
