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
