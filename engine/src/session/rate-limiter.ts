/**
 * Per-visitor rate limiting with a token bucket (in memory, or in Redis so every node shares it).
 *
 * @module
 */

/** Outcome of one `consume` call. */
export interface RateLimitDecision {
  allowed: boolean;
  /** Tokens left after this call. */
  remaining: number;
  /** When not allowed: milliseconds until one token is available. */
  retryAfterMs: number;
}

/** Bucket shape. */
export interface RateLimiterOptions {
  /** Burst size. @default 5 */
  capacity: number;
  /** Tokens added per second. @default 0.5 */
  refillPerSecond: number;
}

/**
 * Takes one token from `key`'s bucket.
 *
 * @example
 * ```ts
 * const decision = await limiter.consume(`send:${visitorId}`);
 * if (!decision.allowed) throw new EngineError('CMZ_ERR_MESSAGE_RATE_LIMITED', { retryAfterMs: decision.retryAfterMs });
 * ```
 */
export interface RateLimiter {
  consume(key: string): Promise<RateLimitDecision>;
  close(): Promise<void>;
}
