/**
 * Small helpers shared by the part-1 handlers: who is calling, which scope applies, and query
 * values that may arrive as strings (Express) or numbers (after the validator coerced them).
 *
 * @module
 */
import { accessScope, type Scope } from '../auth/index.ts';
import type { RestPrincipal } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { ActorRef } from '../persistence/audit.ts';

/**
 * The caller, or a 401 when the route let an anonymous caller through by mistake.
 *
 * @example
 * ```ts
 * const caller = requirePrincipal(input.principal);
 * ```
 */
export function requirePrincipal(principal: RestPrincipal | null): RestPrincipal {
  if (principal === null) throw restErrors.unauthorized();
  return principal;
}

/**
 * The ownership scope of this caller for the operation; 403 when the role may not call it at all
 * (the route checks that first; this keeps handlers safe when called directly).
 *
 * @example
 * ```ts
 * const scope = requireScope('getUser', principal); // 'self-or-family' for a parent
 * ```
 */
export function requireScope(operationId: string, principal: RestPrincipal | null): Scope {
  const scope = accessScope(operationId, principal);
  if (scope === null) throw principal === null ? restErrors.unauthorized() : restErrors.forbidden();
  return scope;
}

/**
 * The audit actor for a write: the caller's id only, so audit stamps hold no email or name.
 *
 * @example
 * ```ts
 * await repositories.animals.softDelete(animalId, actorOf(principal));
 * ```
 */
export function actorOf(principal: RestPrincipal | null): ActorRef | undefined {
  return principal === null ? undefined : { actorId: principal.userId };
}

/**
 * A positive integer query value, or `fallback` when absent or not a positive integer.
 *
 * @example
 * ```ts
 * positiveInteger('3', 1); // 3
 * positiveInteger(undefined, 15); // 15
 * ```
 */
export function positiveInteger(value: unknown, fallback: number): number {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) && number >= 1 ? number : fallback;
}

/**
 * A non-empty string query or path value, or undefined.
 *
 * @example
 * ```ts
 * optionalString(query.status); // 'active' or undefined
 * ```
 */
export function optionalString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * The body as a plain object (the validator guarantees objects where the spec says so).
 *
 * @example
 * ```ts
 * const fields = bodyObject(input.body);
 * ```
 */
export function bodyObject(body: unknown): Record<string, unknown> {
  return body !== null && typeof body === 'object' && !Array.isArray(body)
    ? (body as Record<string, unknown>)
    : {};
}
