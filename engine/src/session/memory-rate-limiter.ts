import type { RateLimitDecision, RateLimiter, RateLimiterOptions } from './rate-limiter.ts';
import { resolveRateLimiterOptions } from './rate-limiter-options.ts';

/** Options of {@link createMemoryRateLimiter}. */
export interface MemoryRateLimiterOptions extends Partial<RateLimiterOptions> {
  /** Clock in epoch milliseconds; injected by tests to refill without waiting. */
  now?: () => number;
  /** How often buckets that are full again are evicted. @default 60000 */
  sweepIntervalMs?: number;
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/**
 * Creates an in-memory token-bucket limiter (one node only). A bucket that has refilled to full
 * is equivalent to no bucket, so a periodic sweep drops those and memory stays bounded by the
 * number of recently active keys.
 *
 * @example
 * ```ts
 * const limiter = createMemoryRateLimiter({ capacity: 5, refillPerSecond: 0.5 });
 * const decision = await limiter.consume(`send:${visitorId}`);
 * ```
 */
export function createMemoryRateLimiter(options: MemoryRateLimiterOptions = {}): RateLimiter {
  const { capacity, refillPerSecond } = resolveRateLimiterOptions(options);
  const now = options.now ?? Date.now;
  const buckets = new Map<string, Bucket>();
  const tokensAt = (bucket: Bucket, atMs: number): number => {
    // A clock that steps backwards must not drain the bucket.
    const elapsedMs = Math.max(0, atMs - bucket.updatedAtMs);
    return Math.min(capacity, bucket.tokens + (elapsedMs * refillPerSecond) / 1000);
  };
  const sweepTimer = setInterval(() => {
    const atMs = now();
    for (const [key, bucket] of buckets) {
      if (tokensAt(bucket, atMs) >= capacity) buckets.delete(key);
    }
  }, options.sweepIntervalMs ?? 60_000);
  sweepTimer.unref();

  return {
    async consume(key: string): Promise<RateLimitDecision> {
      const atMs = now();
      const bucket = buckets.get(key);
      let tokens = bucket ? tokensAt(bucket, atMs) : capacity;
      const allowed = tokens >= 1;
      if (allowed) tokens -= 1;
      buckets.set(key, { tokens, updatedAtMs: atMs });
      const retryAfterMs = allowed ? 0 : Math.ceil(((1 - tokens) * 1000) / refillPerSecond);
      return { allowed, remaining: Math.floor(tokens), retryAfterMs };
    },
    async close(): Promise<void> {
      clearInterval(sweepTimer);
      buckets.clear();
    },
  };
}
