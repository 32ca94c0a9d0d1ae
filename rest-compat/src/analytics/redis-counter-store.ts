/**
 * The counter store in Redis, shared by every node: one hash per bucket (`HINCRBY`, integers
 * only) and one HyperLogLog per bucket and distinct set (`PFADD`; `PFCOUNT` over several keys
 * counts the union, about 1% off, in 12 kB per key at most). Every key expires with the
 * retention, so Redis holds a bounded window whatever the traffic.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import {
  bucketStart,
  bucketStarts,
  type CounterStore,
  type CounterStoreOptions,
} from './counter-store.ts';

/**
 * Creates the store under `prefix` (e.g. `cmz:analytics:performance`).
 *
 * @example
 * ```ts
 * const store = createRedisCounterStore(redis, 'cmz:analytics:safety', { bucketMs: 3_600_000, retentionMs: 31 * 86_400_000 });
 * await store.add(Date.now(), { blocked: 1 }, { users: 'a1b2c3' });
 * ```
 */
export function createRedisCounterStore(
  redis: Redis,
  prefix: string,
  options: CounterStoreOptions,
): CounterStore {
  const { bucketMs, retentionMs } = options;
  const now = options.now ?? Date.now;
  const countsKey = (start: number) => `${prefix}:${start}`;
  const setKey = (start: number, set: string) => `${prefix}:${start}:distinct:${set}`;
  // Reads never look further back than the retention: older keys have expired anyway.
  const window = (from: number, to: number) =>
    bucketStarts(Math.max(from, now() - retentionMs), to, bucketMs);
  return {
    bucketMs,
    async add(at, increments, members = {}) {
      const start = bucketStart(at, bucketMs);
      const ttlMs = start + bucketMs + retentionMs - now();
      if (ttlMs <= 0) return;
      const pipeline = redis.multi();
      for (const [name, value] of Object.entries(increments)) {
        pipeline.hincrby(countsKey(start), name, Math.round(value));
      }
      pipeline.pexpire(countsKey(start), ttlMs);
      for (const [set, member] of Object.entries(members)) {
        pipeline.pfadd(setKey(start, set), member).pexpire(setKey(start, set), ttlMs);
      }
      await pipeline.exec();
    },
    async sum(from, to) {
      const starts = window(from, to);
      const pipeline = redis.pipeline();
      for (const start of starts) pipeline.hgetall(countsKey(start));
      const results = (await pipeline.exec()) ?? [];
      const totals: Record<string, number> = {};
      for (const [error, hash] of results) {
        if (error) throw error;
        for (const [name, value] of Object.entries((hash ?? {}) as Record<string, string>)) {
          totals[name] = (totals[name] ?? 0) + Number(value);
        }
      }
      return totals;
    },
    async countDistinct(from, to, set) {
      const keys = window(from, to).map((start) => setKey(start, set));
      return keys.length === 0 ? 0 : redis.pfcount(...(keys as [string, ...string[]]));
    },
  };
}
