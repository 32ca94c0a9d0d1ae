/**
 * Persistence failures as REST errors, in one place for every handler of part 1: a lost
 * conditional write is a 409, a missing record a 404, an unknown reference a 400 naming the ids,
 * and an unreachable store a temporary 503.
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { RestError, restErrors } from '../http/rest-error.ts';
import {
  ConditionFailed,
  InvalidReference,
  NotFound,
  StoreUnavailable,
} from '../persistence/persistence-errors.ts';

const conflictMessages: Readonly<Record<string, string>> = {
  version_conflict: 'Someone else changed this record meanwhile: reload it and try again',
  already_exists: 'A record with this id already exists',
  email_taken: 'A user with this email already exists',
};

/**
 * The REST error for a persistence failure; any other value is returned unchanged. Messages name
 * entities and ids only (the persistence errors never carry emails).
 *
 * @example
 * ```ts
 * throw toRestError(new NotFound('animal', 'bella')); // 404 not_found
 * ```
 */
export function toRestError(error: unknown): unknown {
  if (error instanceof ConditionFailed) {
    return restErrors.conflict(conflictMessages[error.reason] ?? `Conflict: ${error.reason}`, {
      entity: error.entity,
      id: error.id,
      reason: error.reason,
    });
  }
  if (error instanceof NotFound) {
    return restErrors.notFound(`${capitalized(error.entity)} not found`, {
      entity: error.entity,
      id: error.id,
    });
  }
  if (error instanceof InvalidReference) {
    return restErrors.badRequest(`Unknown ${error.entity} ids: ${error.missingIds.join(', ')}`, {
      entity: error.entity,
      missingIds: [...error.missingIds],
    });
  }
  if (error instanceof StoreUnavailable) {
    // The cause stays server-side: it may name tables or endpoints.
    return new RestError(503, 'service_unavailable', 'The data store is unavailable', {
      temporary: true,
    });
  }
  return error;
}

/**
 * Wraps every handler so persistence failures leave it as REST errors.
 *
 * @example
 * ```ts
 * const handlers = withPersistenceErrors({ animal_get: async () => ({ status: 200, body }) });
 * ```
 */
export function withPersistenceErrors(handlers: OperationHandlers): OperationHandlers {
  return Object.fromEntries(
    Object.entries(handlers).map(([operationId, handler]) => [
      operationId,
      async (input: Parameters<typeof handler>[0]) => {
        try {
          return await handler(input);
        } catch (error) {
          throw toRestError(error);
        }
      },
    ]),
  );
}

function capitalized(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
