/**
 * `/user_details*`: the old API's second view of users, as aliases of the user operations. A
 * `UserDetails` is the `User` plus `usage`, computed from the user's conversation sessions (it
 * is never stored, so the `usage` of a request body is ignored). Creating or updating details
 * changes nothing on the account: both answer the current details of an existing user.
 * Deleting details soft-deletes the user, like `DELETE /user/{userId}`.
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { Repositories } from '../persistence/repositories.ts';
import type { UserRecord } from '../persistence/user-repository.ts';
import { actorOf, bodyObject, requirePrincipal, requireScope } from './operation-support.ts';
import { assertUserInScope, familyMemberIds } from './user-access.ts';
import { requireUser, searchUsers } from './user-lookup.ts';
import { toUserDetailsResponse, usageOf } from './user-response.ts';

/**
 * Creates the `/user_details*` handlers (wrapped for persistence errors by the user factory).
 *
 * @example
 * ```ts
 * const handlers = createUserDetailsOperations({ repositories });
 * ```
 */
export function createUserDetailsOperations(dependencies: {
  repositories: Repositories;
}): OperationHandlers {
  const { users, families, conversations } = dependencies.repositories;

  const detailsOf = async (records: readonly UserRecord[], userId?: string) => {
    const { sessions } = await conversations.listSessions({
      ...(userId === undefined ? {} : { userId }),
      limit: Number.MAX_SAFE_INTEGER,
    });
    return records.map((record) => toUserDetailsResponse(record, usageOf(record.userId, sessions)));
  };

  const readDetails = async (userId: string) => {
    const [details] = await detailsOf([await requireUser(users, userId)], userId);
    return details;
  };

  return {
    listUserDetails: async ({ operationId, principal }) => {
      const scope = requireScope(operationId, principal);
      const caller = requirePrincipal(principal);
      const visible = scope === 'any' ? undefined : await familyMemberIds(families, caller.userId);
      return { status: 200, body: await detailsOf(await searchUsers(users, {}, visible)) };
    },
    createUserDetails: async ({ body }) => {
      const userId = String(bodyObject(body).userId ?? '');
      return { status: 201, body: await readDetails(userId) };
    },
    getUserDetails: async ({ operationId, params, principal }) => {
      const userId = params.userId ?? '';
      const scope = requireScope(operationId, principal);
      await assertUserInScope(scope, requirePrincipal(principal), userId, families);
      return { status: 200, body: await readDetails(userId) };
    },
    updateUserDetails: async ({ operationId, params, body, principal }) => {
      const userId = params.userId ?? '';
      const scope = requireScope(operationId, principal);
      await assertUserInScope(scope, requirePrincipal(principal), userId, families);
      if (bodyObject(body).userId !== userId) {
        throw restErrors.badRequest('The userId in the body does not match the path');
      }
      return { status: 200, body: await readDetails(userId) };
    },
    deleteUserDetails: async ({ params, principal }) => {
      await users.softDelete(params.userId ?? '', actorOf(principal));
      return { status: 204 };
    },
  };
}
