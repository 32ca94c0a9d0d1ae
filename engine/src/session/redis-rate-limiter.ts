import type { Redis } from 'ioredis';
import type { RateLimitDecision, RateLimiter, RateLimiterOptions } from './rate-limiter.ts';
import { resolveRateLimiterOptions } from './rate-limiter-options.ts';
import { createRedisKeys } from './redis-keys.ts';
import { withStoreErrors } from './store-errors.ts';

/** Options of {@link createRedisRateLimiter}. */
export interface RedisRateLimiterOptions extends Partial<RateLimiterOptions> {
  /** Prefix of every key. @default 'cmz:' */
  keyPrefix?: string;
}

// KEYS: bucket. ARGV: capacity, refillPerSecond. Returns {allowed 0|1, remaining, retryAfterMs}.
// One script so concurrent nodes read-modify-write the bucket atomically. The clock is Redis
// `TIME`, so nodes with skewed clocks still agree; Redis 7 replicates script effects, not the
// script, so a non-deterministic TIME is allowed. The key expires when the bucket would be full
// again, since a full bucket is the same as no bucket.
const consumeTokenLua = `
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)
local capacity, rate = tonumber(ARGV[1]), tonumber(ARGV[2])
local stored = redis.call('HMGET', KEYS[1], 'tokens', 'ts')
local tokens, updatedAt = tonumber(stored[1]), tonumber(stored[2])
if tokens == nil or updatedAt == nil then tokens, updatedAt = capacity, now end
tokens = math.min(capacity, tokens + math.max(0, now - updatedAt) * rate / 1000)
local allowed, retryAfter = 0, 0
if tokens >= 1 then
  tokens, allowed = tokens - 1, 1
else
  retryAfter = math.ceil((1 - tokens) * 1000 / rate)
end
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'ts', tostring(now))
redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil((capacity - tokens) * 1000 / rate)))
return {allowed, math.floor(tokens), retryAfter}
`;

interface ConsumeTokenCommand {
  cmzConsumeToken(key: string, capacity: number, refillPerSecond: number): Promise<number[]>;
}

/**
 * Creates a token-bucket limiter whose buckets live in Redis, shared by every node. Uses a client
 * the caller owns (`close()` leaves it open); any Redis failure rejects with
 * `CMZ_ERR_STORE_UNAVAILABLE`.
 *
 * @example
 * ```ts
 * const limiter = createRedisRateLimiter(createRedisClient(url), { capacity: 5, refillPerSecond: 0.5 });
 * const decision = await limiter.consume(`send:${visitorId}`);
 * ```
 */
export function createRedisRateLimiter(
  redis: Redis,
  options: RedisRateLimiterOptions = {},
): RateLimiter {
  const { capacity, refillPerSecond } = resolveRateLimiterOptions(options);
  const keys = createRedisKeys(options.keyPrefix);
  // EVALSHA through ioredis, which falls back to EVAL when Redis lost its script cache.
  redis.defineCommand('cmzConsumeToken', { numberOfKeys: 1, lua: consumeTokenLua });
  const commands = redis as unknown as ConsumeTokenCommand;
  return {
    consume(key: string): Promise<RateLimitDecision> {
      return withStoreErrors(async () => {
        const reply = await commands.cmzConsumeToken(
          keys.rateLimit(key),
          capacity,
          refillPerSecond,
        );
        const [allowed = 0, remaining = 0, retryAfterMs = 0] = reply;
        return { allowed: allowed === 1, remaining, retryAfterMs };
      });
    },
    async close(): Promise<void> {},
  };
}
