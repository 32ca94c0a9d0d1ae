import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryRateLimiter, type MemoryRateLimiterOptions } from './memory-rate-limiter.ts';
import type { RateLimiter } from './rate-limiter.ts';

describe('memory rate limiter', () => {
  let clockMs = 1_000_000;
  const limiters: RateLimiter[] = [];
  const open = (options: MemoryRateLimiterOptions = {}) => {
    const limiter = createMemoryRateLimiter({ now: () => clockMs, ...options });
    limiters.push(limiter);
    return limiter;
  };

  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(limiters.splice(0).map((limiter) => limiter.close()));
  });

  it('allows a burst of capacity (default 5), then denies with the wait for one token', async () => {
    const limiter = open();
    const decisions = [];
    for (let index = 0; index < 6; index++) decisions.push(await limiter.consume('visitor-1'));
    expect(decisions.map((decision) => decision.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    expect(decisions[0]?.retryAfterMs).toBe(0);
    // Default refill is 0.5 tokens per second: one token takes 2 s.
    expect(decisions[5]?.retryAfterMs).toBe(2_000);
  });

  it('refills over time, never beyond capacity', async () => {
    const limiter = open({ capacity: 2, refillPerSecond: 1 });
    await limiter.consume('visitor-1');
    await limiter.consume('visitor-1');
    clockMs += 500;
    const early = await limiter.consume('visitor-1');
    expect(early).toEqual({ allowed: false, remaining: 0, retryAfterMs: 500 });
    clockMs += 500;
    expect((await limiter.consume('visitor-1')).allowed).toBe(true);
    clockMs += 60_000;
    expect(await limiter.consume('visitor-1')).toEqual({
      allowed: true,
      remaining: 1,
      retryAfterMs: 0,
    });
  });

  it('keeps one bucket per key', async () => {
    const limiter = open({ capacity: 1 });
    expect((await limiter.consume('visitor-1')).allowed).toBe(true);
    expect((await limiter.consume('visitor-1')).allowed).toBe(false);
    expect((await limiter.consume('visitor-2')).allowed).toBe(true);
  });

  it('does not drain a bucket when the clock steps backwards', async () => {
    const limiter = open({ capacity: 2, refillPerSecond: 1 });
    await limiter.consume('visitor-1');
    clockMs -= 10_000;
    expect(await limiter.consume('visitor-1')).toEqual({
      allowed: true,
      remaining: 0,
      retryAfterMs: 0,
    });
  });

  it('evicts buckets that are full again', async () => {
    vi.useFakeTimers();
    const limiter = open({ capacity: 1, refillPerSecond: 1, sweepIntervalMs: 1_000 });
    const startMs = clockMs;
    await limiter.consume('idle');
    clockMs = startMs + 1_000;
    await limiter.consume('busy');
    vi.advanceTimersByTime(1_000);
    // Back at the start, a kept bucket would still be empty; an evicted one is fresh.
    clockMs = startMs;
    expect((await limiter.consume('idle')).allowed).toBe(true);
    expect((await limiter.consume('busy')).allowed).toBe(false);
  });

  it('rejects a bucket that could never allow or never refill', () => {
    const invalid = { code: 'CMZ_ERR_CONFIG_INVALID' };
    expect(() => open({ capacity: 0 })).toThrow(expect.objectContaining(invalid));
    expect(() => open({ refillPerSecond: 0 })).toThrow(expect.objectContaining(invalid));
  });
});
