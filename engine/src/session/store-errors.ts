import { EngineError } from '../errors/engine-error.ts';

/**
 * Runs a store operation and turns every non-engine failure (connection refused, command
 * timeout, a reply error) into `CMZ_ERR_STORE_UNAVAILABLE`, keeping the original as `cause`.
 * Engine errors (e.g. "conversation not found") pass through unchanged.
 *
 * @example
 * ```ts
 * const reply = await withStoreErrors(() => redis.ping());
 * ```
 */
export async function withStoreErrors<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    if (EngineError.isInstance(error)) throw error;
    throw new EngineError('CMZ_ERR_STORE_UNAVAILABLE', { cause: error });
  }
}

/**
 * Wraps every method of a store object with {@link withStoreErrors}, so a Redis failure in any
 * of them (a command timeout under load, a lost connection) reaches the client as the temporary
 * `CMZ_ERR_STORE_UNAVAILABLE` rather than an internal error. The operation may still have been
 * applied (a timeout does not undo a write), so every caller must keep its writes idempotent.
 *
 * @example
 * ```ts
 * return guardStoreMethods({ async get(id) { return redis.get(id); } });
 * ```
 */
export function guardStoreMethods<T extends object>(store: T): T {
  const guarded: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(store)) {
    guarded[name] =
      typeof value === 'function'
        ? (...args: unknown[]) =>
            withStoreErrors(async () => (value as (...a: unknown[]) => unknown).apply(store, args))
        : value;
  }
  return guarded as T;
}
