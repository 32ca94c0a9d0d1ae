import { EngineError } from '../errors/engine-error.ts';
import type { RateLimiterOptions } from './rate-limiter.ts';

/** Bucket shape used when an option is left out: a burst of 5, then one message per 2 s. */
export const defaultRateLimiterOptions: Readonly<RateLimiterOptions> = {
  capacity: 5,
  refillPerSecond: 0.5,
};

/**
 * Fills in defaults and rejects a bucket that could never allow anything or never refill
 * (both would also divide by zero when computing `retryAfterMs`).
 *
 * @example
 * ```ts
 * resolveRateLimiterOptions({ capacity: 10 }); // { capacity: 10, refillPerSecond: 0.5 }
 * ```
 */
export function resolveRateLimiterOptions(
  options: Partial<RateLimiterOptions> = {},
): RateLimiterOptions {
  const capacity = options.capacity ?? defaultRateLimiterOptions.capacity;
  const refillPerSecond = options.refillPerSecond ?? defaultRateLimiterOptions.refillPerSecond;
  if (!Number.isSafeInteger(capacity) || capacity < 1) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: ['rate limiter capacity must be a positive integer'],
    });
  }
  if (!Number.isFinite(refillPerSecond) || refillPerSecond <= 0) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: ['rate limiter refillPerSecond must be a positive number'],
    });
  }
  return { capacity, refillPerSecond };
}
