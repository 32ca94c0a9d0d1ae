/**
 * Percentile summaries for benchmark output.
 *
 * @module
 */

/**
 * The value at percentile `p` (0–100) of `values` (nearest rank).
 *
 * @example
 * ```ts
 * percentile([1, 2, 3, 4], 50); // 2
 * ```
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1] as number;
}

/**
 * One line: label, count, p50, p95, p99 and max in milliseconds.
 *
 * @example
 * ```ts
 * summarize('ttft', [1.2, 3.4]); // 'ttft  n=2  p50 1.20 ms  p95 3.40 ms ...'
 * ```
 */
export function summarize(label: string, values: readonly number[]): string {
  const format = (value: number) => `${value.toFixed(2)} ms`;
  return [
    label.padEnd(44),
    `n=${values.length}`,
    `p50 ${format(percentile(values, 50))}`,
    `p95 ${format(percentile(values, 95))}`,
    `p99 ${format(percentile(values, 99))}`,
    `max ${format(Math.max(...values))}`,
  ].join('  ');
}
