/**
 * Real performance measurements for `GET /performance_metrics`: every REST request's latency (the
 * router's timing middleware) and every chat reply's time to first token, duration, tokens and
 * estimated cost (the analytics plugin), in per-minute counters (see `counter-store.ts`). With
 * Redis the counters are shared, so the answer covers every node; without, it covers this node.
 *
 * @module
 */
import type { Logger } from '@cmz/engine';
import type { CounterStore } from './counter-store.ts';
import { latencyIncrements, summarizeLatency, type LatencySummary } from './latency-histogram.ts';

/** One finished reply, as measured. */
export interface ReplyMeasurement {
  animalId: string;
  /** From the message's acceptance to the first streamed word; undefined when nothing streamed. */
  firstTokenMs: number | undefined;
  durationMs: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
}

/** The spec's `PerformanceMetrics`, plus the latency percentiles it has no field for. */
export interface PerformanceMetricsBody {
  window: { start: string; end: string };
  totals: { requests: number; tokensPrompt: number; tokensCompletion: number; costUsd: number };
  perAnimal: { animalId: string; requests: number; avgLatencyMs: number }[];
  latency: {
    rest: LatencySummary;
    timeToFirstToken: LatencySummary;
    replyDuration: LatencySummary;
  };
  chat: { replies: number; restErrors: number };
  /** `cluster` when the counters live in Redis, `node` when only this process was measured. */
  scope: 'cluster' | 'node';
}

/** Records and reads performance counters. */
export interface PerformanceMetrics {
  /** Records one REST request (never throws; a store failure is logged). */
  recordRequest(durationMs: number, status: number): void;
  /** Records one finished reply (never throws; a store failure is logged). */
  recordReply(measurement: ReplyMeasurement): void;
  /** The metrics of [start, end), at one-minute precision. */
  summarize(start: Date, end: Date): Promise<PerformanceMetricsBody>;
}

const animalPrefix = 'animal.';

/**
 * Creates the recorder over a per-minute counter store.
 *
 * @example
 * ```ts
 * const metrics = createPerformanceMetrics({ store, logger, scope: 'node' });
 * metrics.recordRequest(12, 200);
 * await metrics.summarize(new Date(Date.now() - 3_600_000), new Date());
 * ```
 */
export function createPerformanceMetrics(options: {
  store: CounterStore;
  logger: Logger;
  scope: 'cluster' | 'node';
  now?: () => number;
}): PerformanceMetrics {
  const { store, logger } = options;
  const now = options.now ?? Date.now;
  const write = (increments: Record<string, number>) => {
    store.add(now(), increments).catch((error: unknown) => {
      logger.warn(
        { operation: 'analytics', step: 'performance', reason: String(error).slice(0, 200) },
        'performance counters not written',
      );
    });
  };
  return {
    recordRequest(durationMs, status) {
      write({
        ...latencyIncrements('rest', durationMs),
        ...(status >= 500 ? { 'rest.errors': 1 } : {}),
      });
    },
    recordReply(measurement) {
      const animal = `${animalPrefix}${measurement.animalId}`;
      const firstToken =
        measurement.firstTokenMs === undefined
          ? {}
          : {
              ...latencyIncrements('chat.ttft', measurement.firstTokenMs),
              [`${animal}.ttftCount`]: 1,
              [`${animal}.ttftSumMs`]: Math.round(measurement.firstTokenMs),
            };
      write({
        ...firstToken,
        ...latencyIncrements('chat.reply', measurement.durationMs),
        'chat.replies': 1,
        [`${animal}.replies`]: 1,
        'tokens.prompt': measurement.promptTokens,
        'tokens.completion': measurement.completionTokens,
        'cost.microUsd': measurement.costMicroUsd,
      });
    },
    async summarize(start, end) {
      const totals = await store.sum(start.getTime(), end.getTime());
      return {
        window: { start: start.toISOString(), end: end.toISOString() },
        totals: {
          requests: totals['rest.count'] ?? 0,
          tokensPrompt: totals['tokens.prompt'] ?? 0,
          tokensCompletion: totals['tokens.completion'] ?? 0,
          costUsd: (totals['cost.microUsd'] ?? 0) / 1_000_000,
        },
        perAnimal: perAnimal(totals),
        latency: {
          rest: summarizeLatency(totals, 'rest'),
          timeToFirstToken: summarizeLatency(totals, 'chat.ttft'),
          replyDuration: summarizeLatency(totals, 'chat.reply'),
        },
        chat: { replies: totals['chat.replies'] ?? 0, restErrors: totals['rest.errors'] ?? 0 },
        scope: options.scope,
      };
    },
  };
}

// `requests` per animal are its chat replies; its latency is the time to first token, the wait
// a child notices in a streamed answer.
function perAnimal(totals: Readonly<Record<string, number>>): PerformanceMetricsBody['perAnimal'] {
  const animals = new Set<string>();
  for (const name of Object.keys(totals)) {
    if (name.startsWith(animalPrefix) && name.endsWith('.replies')) {
      animals.add(name.slice(animalPrefix.length, -'.replies'.length));
    }
  }
  return [...animals].sort().map((animalId) => {
    const count = totals[`${animalPrefix}${animalId}.ttftCount`] ?? 0;
    const sum = totals[`${animalPrefix}${animalId}.ttftSumMs`] ?? 0;
    return {
      animalId,
      requests: totals[`${animalPrefix}${animalId}.replies`] ?? 0,
      avgLatencyMs: count === 0 ? 0 : Math.round(sum / count),
    };
  });
}
