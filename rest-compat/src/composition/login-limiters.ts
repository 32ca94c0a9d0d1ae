/**
 * Sign-in rate limits: a small bucket per account (guessing passwords) and a large one per client
 * address (a school class signs in from one address). In Redis when the engine uses Redis, so
 * every node counts the same attempts.
 *
 * @module
 */
import {
  createMemoryRateLimiter,
  createRedisRateLimiter,
  type RateLimiter,
  type Stores,
} from '@cmz/engine';

/**
 * Creates the two limiters.
 *
 * @example
 * ```ts
 * const limiters = createLoginLimiters(stores, 10);
 * ```
 */
export function createLoginLimiters(
  stores: Pick<Stores, 'redis'>,
  attemptsPerMinute: number,
): { perAccount: RateLimiter; perAddress: RateLimiter; close(): Promise<void> } {
  const perAccountOptions = {
    capacity: attemptsPerMinute,
    refillPerSecond: attemptsPerMinute / 60,
  };
  const perAddressOptions = {
    capacity: attemptsPerMinute * 20,
    refillPerSecond: (attemptsPerMinute * 20) / 60,
  };
  const redis = stores.redis?.publisher;
  const perAccount = redis
    ? createRedisRateLimiter(redis, { ...perAccountOptions, keyPrefix: 'cmz:login-account:' })
    : createMemoryRateLimiter(perAccountOptions);
  const perAddress = redis
    ? createRedisRateLimiter(redis, { ...perAddressOptions, keyPrefix: 'cmz:login-address:' })
    : createMemoryRateLimiter(perAddressOptions);
  return {
    perAccount,
    perAddress,
    close: async () => {
      await Promise.all([perAccount.close(), perAddress.close()]);
    },
  };
}
