/**
 * Latency percentiles that can be summed across buckets and nodes: every measurement adds 1 to a
 * counter named after its histogram bin (`<metric>.bin.<index>`), plus the count and the sum.
 * Bins grow by 25% from 1 ms to about 2 minutes, so a percentile read back is at most 25% above
 * the true value: plenty for "is chat getting slow", and it costs ~55 integers per metric and
 * bucket whatever the traffic (a list of samples would not sum across nodes).
 *
 * @module
 */

const growth = 1.25;
const binCount = 55;
/** Upper bound (ms) of each bin; the last bin also holds everything slower. */
const upperBounds: readonly number[] = Array.from({ length: binCount }, (_, index) =>
  Math.round(growth ** index),
);

/** A latency summary (ms). */
export interface LatencySummary {
  count: number;
  avgMs: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
}

/**
 * The counter increments for one measurement of `metric`.
 *
 * @example
 * ```ts
 * latencyIncrements('rest', 12); // { 'rest.count': 1, 'rest.sumMs': 12, 'rest.bin.11': 1 }
 * ```
 */
export function latencyIncrements(metric: string, durationMs: number): Record<string, number> {
  const value = Math.max(0, Math.round(durationMs));
  let bin = upperBounds.findIndex((bound) => value <= bound);
  if (bin === -1) bin = binCount - 1;
  return { [`${metric}.count`]: 1, [`${metric}.sumMs`]: value, [`${metric}.bin.${bin}`]: 1 };
}

/**
 * Reads the summary of `metric` back from summed counters.
 *
 * @example
 * ```ts
 * summarizeLatency(totals, 'rest'); // { count: 40, avgMs: 18, p50Ms: 12, p95Ms: 61, p99Ms: 93 }
 * ```
 */
export function summarizeLatency(
  totals: Readonly<Record<string, number>>,
  metric: string,
): LatencySummary {
  const count = totals[`${metric}.count`] ?? 0;
  const sum = totals[`${metric}.sumMs`] ?? 0;
  const bins = upperBounds.map((_, index) => totals[`${metric}.bin.${index}`] ?? 0);
  const percentile = (fraction: number): number => {
    if (count === 0) return 0;
    const rank = Math.ceil(fraction * count);
    let seen = 0;
    for (const [index, binTotal] of bins.entries()) {
      seen += binTotal;
      if (seen >= rank) return upperBounds[index] as number;
    }
    return upperBounds[binCount - 1] as number;
  };
  return {
    count,
    avgMs: count === 0 ? 0 : Math.round(sum / count),
    p50Ms: percentile(0.5),
    p95Ms: percentile(0.95),
    p99Ms: percentile(0.99),
  };
}
