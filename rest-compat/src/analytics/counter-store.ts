/**
 * Time-bucketed counters behind the analytics endpoints: each event adds integers to the bucket
 * of its time (a minute for performance, an hour for safety) and may add members to distinct
 * sets (hashed users, conversations). Reads sum the buckets of a window. Windows are bounded:
 * buckets older than the retention are dropped (memory) or expire (Redis), so memory never grows
 * with traffic, only with the number of distinct counter names.
 *
 * This file holds the contract and the in-memory store (one node); `redis-counter-store.ts`
 * shares the counters between nodes.
 *
 * @module
 */

/** Counters and distinct sets in time buckets. */
export interface CounterStore {
  /** Bucket length in ms. */
  readonly bucketMs: number;
  /** Adds integer `increments` (and distinct `members`, set name → member) to the bucket of `at`. */
  add(
    at: number,
    increments: Readonly<Record<string, number>>,
    members?: Readonly<Record<string, string>>,
  ): Promise<void>;
  /** Sums every counter over the buckets overlapping [from, to) (precision: one bucket). */
  sum(from: number, to: number): Promise<Record<string, number>>;
  /** Number of distinct members of `set` over the buckets overlapping [from, to). */
  countDistinct(from: number, to: number, set: string): Promise<number>;
}

/** Options of the stores. */
export interface CounterStoreOptions {
  bucketMs: number;
  /** How long a bucket is kept. */
  retentionMs: number;
  /** @default Date.now */
  now?: () => number;
}

/** Past this many members a bucket's set stops growing (its distinct count becomes a floor). */
export const maxDistinctPerBucket = 50_000;

interface MemoryBucket {
  counts: Map<string, number>;
  sets: Map<string, Set<string>>;
}

/**
 * The start of the bucket holding `at`.
 *
 * @example
 * ```ts
 * bucketStart(90_000, 60_000); // 60000
 * ```
 */
export function bucketStart(at: number, bucketMs: number): number {
  return Math.floor(at / bucketMs) * bucketMs;
}

/**
 * The starts of the buckets overlapping [from, to), oldest first, at most `limit` of the newest.
 *
 * @example
 * ```ts
 * bucketStarts(0, 180_000, 60_000); // [0, 60000, 120000]
 * ```
 */
export function bucketStarts(
  from: number,
  to: number,
  bucketMs: number,
  limit = 100_000,
): number[] {
  const starts: number[] = [];
  for (let start = bucketStart(to - 1, bucketMs); start >= bucketStart(from, bucketMs);) {
    starts.push(start);
    if (starts.length >= limit) break;
    start -= bucketMs;
  }
  return starts.reverse();
}

/**
 * Counters held in this process (one node; lost on restart).
 *
 * @example
 * ```ts
 * const store = createMemoryCounterStore({ bucketMs: 60_000, retentionMs: 86_400_000 });
 * await store.add(Date.now(), { requests: 1 });
 * await store.sum(Date.now() - 3_600_000, Date.now() + 1); // { requests: 1 }
 * ```
 */
export function createMemoryCounterStore(options: CounterStoreOptions): CounterStore {
  const { bucketMs, retentionMs } = options;
  const now = options.now ?? Date.now;
  const buckets = new Map<number, MemoryBucket>();
  const prune = () => {
    const oldest = bucketStart(now() - retentionMs, bucketMs);
    for (const start of buckets.keys()) if (start < oldest) buckets.delete(start);
  };
  const inWindow = (from: number, to: number) =>
    [...buckets.entries()].filter(([start]) => start + bucketMs > from && start < to);
  return {
    bucketMs,
    add(at, increments, members = {}) {
      prune();
      const start = bucketStart(at, bucketMs);
      if (start < bucketStart(now() - retentionMs, bucketMs)) return Promise.resolve();
      let bucket = buckets.get(start);
      if (bucket === undefined) {
        bucket = { counts: new Map(), sets: new Map() };
        buckets.set(start, bucket);
      }
      for (const [name, value] of Object.entries(increments)) {
        bucket.counts.set(name, (bucket.counts.get(name) ?? 0) + value);
      }
      for (const [set, member] of Object.entries(members)) {
        let distinct = bucket.sets.get(set);
        if (distinct === undefined) {
          distinct = new Set();
          bucket.sets.set(set, distinct);
        }
        if (distinct.size < maxDistinctPerBucket) distinct.add(member);
      }
      return Promise.resolve();
    },
    sum(from, to) {
      prune();
      const totals: Record<string, number> = {};
      for (const [, bucket] of inWindow(from, to)) {
        for (const [name, value] of bucket.counts) totals[name] = (totals[name] ?? 0) + value;
      }
      return Promise.resolve(totals);
    },
    countDistinct(from, to, set) {
      prune();
      const union = new Set<string>();
      for (const [, bucket] of inWindow(from, to)) {
        for (const member of bucket.sets.get(set) ?? []) union.add(member);
      }
      return Promise.resolve(union.size);
    },
  };
}
