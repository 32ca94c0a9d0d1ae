/**
 * The role check of every operation, from the role matrix. Unknown operations are refused
 * (fail closed), so a route added without a matrix entry is unusable until it gets one.
 *
 * @module
 */
import { roleMatrix, type OperationAccess, type Scope } from './role-matrix.ts';
import type { Role } from './roles.ts';

/** The outcome of {@link authorize}: go on, answer 401, or answer 403. */
export type Authorization = 'allowed' | 'unauthenticated' | 'forbidden';

const accessByOperation: ReadonlyMap<string, OperationAccess> = new Map(
  roleMatrix.map((rule) => [rule.operationId, rule]),
);

/**
 * Decides whether `principal` (null when nobody is signed in) may call `operationId`.
 *
 * @example
 * ```ts
 * authorize('animal_post', null); // 'unauthenticated'
 * authorize('animal_post', { role: 'parent' }); // 'forbidden'
 * authorize('animal_list_get', null); // 'allowed'
 * ```
 */
export function authorize(operationId: string, principal: { role: Role } | null): Authorization {
  if (accessScope(operationId, principal) !== null) return 'allowed';
  if (!accessByOperation.has(operationId)) return 'forbidden';
  return principal === null ? 'unauthenticated' : 'forbidden';
}

/**
 * The ownership scope the handler must enforce for this caller, or null when not allowed at all.
 *
 * @example
 * ```ts
 * accessScope('getUser', { role: 'parent' }); // 'self-or-family'
 * accessScope('getUser', { role: 'admin' }); // 'any'
 * ```
 */
export function accessScope(operationId: string, principal: { role: Role } | null): Scope | null {
  const rule = accessByOperation.get(operationId);
  return rule?.access[principal === null ? 'anonymous' : principal.role] ?? null;
}
