/**
 * Turns scenario results into the printed report: one block per phase with latency
 * percentiles, rates, delivery completeness, added time to first token and process usage, then
 * the engine ÷ baseline ratios, and a Markdown table for BENCHMARKS.md.
 *
 * @module
 */
import { percentile } from './percentiles.ts';
import type { PhaseResult, ScenarioResult } from './scenario-types.ts';

const megabyte = 1024 * 1024;

/**
 * `value` in ms with two decimals, or `–` when there is no value.
 *
 * @example
 * ```ts
 * formatMs(1.234); // '1.23 ms'
 * ```
 */
export function formatMs(value: number): string {
  return Number.isFinite(value) ? `${value.toFixed(2)} ms` : '–';
}

/**
 * engine ÷ baseline as `×1.23`, or `–` when either is missing or the baseline is 0.
 *
 * @example
 * ```ts
 * formatRatio(3, 2); // '×1.50'
 * ```
 */
export function formatRatio(engine: number, baseline: number): string {
  if (!Number.isFinite(engine) || !Number.isFinite(baseline) || baseline <= 0) return '–';
  return `×${(engine / baseline).toFixed(2)}`;
}

/** The numbers of a phase the report and the ratios use. */
export interface PhaseSummary {
  p50: number;
  p95: number;
  p99: number;
  max: number;
  tokenDeliveriesPerSecond: number;
  deltaEventsPerSecond: number;
  /** Delivered tokens ÷ expected, percent (NaN when nothing was expected). */
  deliveredPercent: number;
  ttftP50: number;
  ttftP99: number;
  /** Summed over the server processes, percent of one core. */
  serverCpuPercent: number;
  /** Summed peak RSS of the server processes. */
  serverRssPeakMb: number;
}

/**
 * Summarizes one phase.
 *
 * @example
 * ```ts
 * summarizePhase(phase).p99;
 * ```
 */
export function summarizePhase(phase: PhaseResult): PhaseSummary {
  const latencies = phase.latencies;
  let max = Number.NaN;
  for (const value of latencies) if (!(value <= max)) max = value;
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    p99: percentile(latencies, 99),
    max,
    tokenDeliveriesPerSecond: phase.counts.tokenDeliveries / phase.windowSeconds,
    deltaEventsPerSecond: phase.counts.deltaEvents / phase.windowSeconds,
    deliveredPercent:
      phase.expectedTokenDeliveries > 0
        ? (phase.counts.tokenDeliveries / phase.expectedTokenDeliveries) * 100
        : Number.NaN,
    ttftP50: percentile(phase.ttftAdded, 50),
    ttftP99: percentile(phase.ttftAdded, 99),
    serverCpuPercent: phase.usage.reduce((sum, usage) => sum + usage.cpuPercent, 0),
    serverRssPeakMb: phase.usage.reduce((sum, usage) => sum + usage.rssPeakBytes, 0) / megabyte,
  };
}

/**
 * The printed block of one scenario.
 *
 * @example
 * ```ts
 * console.log(formatScenario(result));
 * ```
 */
export function formatScenario(result: ScenarioResult): string {
  const lines = [`\n=== ${result.name}: ${result.conditions}`];
  for (const phase of result.phases) lines.push(...formatPhase(phase));
  const engine = result.phases.find((phase) => phase.server === 'engine');
  const baseline = result.phases.find((phase) => phase.server === 'baseline');
  if (engine && baseline) {
    const e = summarizePhase(engine);
    const b = summarizePhase(baseline);
    lines.push(
      `  engine ÷ baseline: latency p50 ${formatRatio(e.p50, b.p50)}, p99 ${formatRatio(e.p99, b.p99)}; ` +
        `server CPU ${formatRatio(e.serverCpuPercent, b.serverCpuPercent)}; ` +
        `peak RSS ${formatRatio(e.serverRssPeakMb, b.serverRssPeakMb)}; ` +
        `TTFT added p50 ${formatRatio(e.ttftP50, b.ttftP50)}`,
    );
  }
  return lines.join('\n');
}

function formatPhase(phase: PhaseResult): string[] {
  const s = summarizePhase(phase);
  const processes = phase.usage
    .map(
      (usage) =>
        `pid ${usage.pid} CPU ${usage.cpuPercent.toFixed(0)}% RSS ${(usage.rssEndBytes / megabyte).toFixed(0)} MB (peak ${(usage.rssPeakBytes / megabyte).toFixed(0)})`,
    )
    .join('; ');
  const counts = phase.counts;
  const lines = [
    `  ${phase.server.padEnd(8)} ${phase.sockets} sockets, window ${phase.windowSeconds.toFixed(1)} s`,
    `    token delivery latency  p50 ${formatMs(s.p50)}  p95 ${formatMs(s.p95)}  p99 ${formatMs(s.p99)}  max ${formatMs(s.max)}  (n=${phase.latencies.length})`,
    `    deliveries/s  ${s.tokenDeliveriesPerSecond.toFixed(0)} tokens, ${s.deltaEventsPerSecond.toFixed(0)} delta events;  delivered ${Number.isFinite(s.deliveredPercent) ? s.deliveredPercent.toFixed(2) + '%' : '–'} of expected; gaps ${counts.gaps}, duplicates ${counts.duplicates}, resyncs ${counts.resyncs}, unknown ${counts.unknownTokens}`,
    `    TTFT added by the server  p50 ${formatMs(s.ttftP50)}  p99 ${formatMs(s.ttftP99)}  (n=${phase.ttftAdded.length})`,
    `    server: ${processes || 'no samples'};  client (this process) CPU ${phase.clientCpuPercent.toFixed(0)}%`,
  ];
  const extra = Object.entries(phase.extra).map(([key, value]) => `${key} ${value}`);
  if (extra.length > 0) lines.push(`    ${extra.join('; ')}`);
  const errors = Object.entries(phase.errors)
    .sort(([, first], [, second]) => second - first)
    .map(([code, count]) => `${code} ×${count}`);
  if (errors.length > 0) {
    const shown = errors.slice(0, 8).join(', ');
    const more = errors.length > 8 ? ` and ${errors.length - 8} more kinds` : '';
    lines.push(`    ERRORS: ${shown}${more}`);
  }
  return lines;
}

/**
 * A Markdown table of every phase of every scenario (for BENCHMARKS.md).
 *
 * @example
 * ```ts
 * console.log(markdownTable(results));
 * ```
 */
export function markdownTable(results: readonly ScenarioResult[]): string {
  const rows = [
    '| scenario | server | sockets | p50 | p95 | p99 | tokens delivered/s | delivered | TTFT added p50 / p99 | server CPU | server peak RSS | client CPU | notes |',
    '|---|---|---|---|---|---|---|---|---|---|---|---|---|',
  ];
  for (const result of results) {
    for (const phase of result.phases) {
      const s = summarizePhase(phase);
      rows.push(
        `| ${result.name} | ${phase.server} | ${phase.sockets} | ${formatMs(s.p50)} | ${formatMs(s.p95)} | ${formatMs(s.p99)} | ${s.tokenDeliveriesPerSecond.toFixed(0)} | ${Number.isFinite(s.deliveredPercent) ? s.deliveredPercent.toFixed(1) + '%' : '–'} | ${formatMs(s.ttftP50)} / ${formatMs(s.ttftP99)} | ${s.serverCpuPercent.toFixed(0)}% | ${s.serverRssPeakMb.toFixed(0)} MB | ${phase.clientCpuPercent.toFixed(0)}% | ${Object.entries(
          phase.extra,
        )
          .map(([key, value]) => `${key} ${value}`)
          .join('; ')} |`,
      );
    }
  }
  return rows.join('\n');
}
