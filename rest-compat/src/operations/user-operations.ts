/**
 * `/me` and `/user*`: the signed-in user, user search, and admin user management. The
 * `/user_details*` aliases live in user-details-operations.ts and are merged in here.
 *
 * Decisions:
 * - `POST /user` creates the account without a password unless the body carries a `password`
 *   (an extension; UserInput has no such field), which must pass the password policy. Without
 *   one, a set-password link goes out through the reset flow at once, so the new user chooses
 *   their own password and nobody else ever knows it.
 * - Reads outside the caller's scope answer 403 before any lookup (see user-access.ts).
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import {
  actorOf,
  bodyObject,
  positiveInteger,
  requirePrincipal,
  requireScope,
} from './operation-support.ts';
import type { Part1Dependencies } from './part1-dependencies.ts';
import { assertUserInScope, familyMemberIds } from './user-access.ts';
import { createUserDetailsOperations } from './user-details-operations.ts';
import { initialPasswordHash, newUserFrom, userChangesFrom } from './user-input.ts';
import { requireUser, searchUsers } from './user-lookup.ts';
import { toUserResponse } from './user-response.ts';
import { withPersistenceErrors } from './persistence-error-mapping.ts';

type UserDependencies = Pick<Part1Dependencies, 'repositories' | 'authService' | 'hasher'>;

/**
 * Creates the user handlers (including the `/user_details*` aliases).
 *
 * @example
 * ```ts
 * const handlers = createUserOperations({ repositories, authService, hasher });
 * ```
 */
export function createUserOperations(dependencies: UserDependencies): OperationHandlers {
  const { repositories, authService, hasher } = dependencies;
  const { users, families } = repositories;
  return withPersistenceErrors({
    ...createUserDetailsOperations({ repositories }),
    me_get: async ({ principal }) => {
      const caller = requirePrincipal(principal);
      return { status: 200, body: toUserResponse(await requireUser(users, caller.userId)) };
    },
    listUsers: async ({ operationId, query, principal }) => {
      const scope = requireScope(operationId, principal);
      const caller = requirePrincipal(principal);
      const visible = scope === 'any' ? undefined : await familyMemberIds(families, caller.userId);
      const matching = await searchUsers(users, query, visible);
      const page = positiveInteger(query.page, 1);
      const pageSize = Math.min(100, positiveInteger(query.page_size, 15));
      const items = matching.slice((page - 1) * pageSize, page * pageSize).map(toUserResponse);
      return { status: 200, body: { items, page, pageSize, total: matching.length } };
    },
    createUser: async ({ body, principal }) => {
      const input = bodyObject(body);
      const passwordHash = await initialPasswordHash(input.password, hasher);
      const newUser = newUserFrom(input);
      const record = await users.create(
        passwordHash === undefined ? newUser : { ...newUser, passwordHash },
        actorOf(principal),
      );
      if (passwordHash === undefined) await authService.requestPasswordReset(record.email);
      return { status: 201, body: toUserResponse(record) };
    },
    getUser: async ({ operationId, params, principal }) => {
      const userId = params.userId ?? '';
      await assertUserInScope(
        requireScope(operationId, principal),
        requirePrincipal(principal),
        userId,
        families,
      );
      return { status: 200, body: toUserResponse(await requireUser(users, userId)) };
    },
    updateUser: async ({ operationId, params, body, principal }) => {
      const userId = params.userId ?? '';
      const scope = requireScope(operationId, principal);
      const caller = requirePrincipal(principal);
      await assertUserInScope(scope, caller, userId, families);
      const current = await requireUser(users, userId);
      const changes = userChangesFrom(bodyObject(body), current, caller.role === 'admin');
      const updated = await users.update(userId, changes, actorOf(principal));
      return { status: 200, body: toUserResponse(updated) };
    },
    deleteUser: async ({ params, principal }) => {
      await users.softDelete(params.userId ?? '', actorOf(principal));
      return { status: 204 };
    },
  });
}
