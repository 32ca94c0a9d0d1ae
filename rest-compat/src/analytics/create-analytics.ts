/**
 * Wires analytics for the REST extension: the counter stores (Redis when the engine runs on
 * Redis, so every node's measurements add up; memory otherwise, this node only), the recorders,
 * the plugin, the router hooks and the operations.
 *
 * Windows are bounded: performance counters per minute for 48 hours, safety counters per
 * 10 minutes for 31 days (the longest `time_range` is 30 days), the log view the last 5,000 lines.
 *
 * @module
 */
import { LogRingBuffer, logBufferOf, type Logger, type Plugin, type Stores } from '@cmz/engine';
import type { Request, RequestHandler } from 'express';
import type { UsageRepository } from '../persistence/usage-repository.ts';
import type { OperationHandlers } from '../http/operation-types.ts';
import { analyticsPlugin } from './analytics-plugin.ts';
import { createAnalyticsOperations } from './analytics-operations.ts';
import { createMemoryCounterStore, type CounterStoreOptions } from './counter-store.ts';
import { readPriceTable } from './model-prices.ts';
import { createPerformanceMetrics } from './performance-metrics.ts';
import { createRedisCounterStore } from './redis-counter-store.ts';
import { restTimingMiddleware } from './rest-timing.ts';
import { blockedInputObserver, countBlockedInputsFromLog } from './safety-event-sources.ts';
import { createSafetyMetrics } from './safety-metrics.ts';

const hourMs = 3_600_000;
const performanceWindow: CounterStoreOptions = { bucketMs: 60_000, retentionMs: 48 * hourMs };
const safetyWindow: CounterStoreOptions = { bucketMs: 10 * 60_000, retentionMs: 31 * 24 * hourMs };

/** Everything analytics adds to the REST layer. */
export interface Analytics {
  plugin: Plugin;
  handlers: OperationHandlers;
  /** The REST router's timing middleware. */
  measure: RequestHandler;
  /** The REST router's error observer. */
  observeError: (error: unknown, request: Request) => void;
  close(): void;
}

/**
 * Creates analytics.
 *
 * @example
 * ```ts
 * const analytics = createAnalytics({ logger, stores, usage: repositories.usage, environment, model: () => ({ provider: 'offline' }) });
 * engine.setPlugins([archivePlugin(conversations), analytics.plugin]);
 * ```
 */
export function createAnalytics(options: {
  logger: Logger;
  stores: Pick<Stores, 'redis'>;
  usage: UsageRepository;
  environment: Record<string, string | undefined>;
  model: () => { provider: string; modelOverride?: string | undefined };
}): Analytics {
  const { logger, stores } = options;
  const redis = stores.redis?.publisher;
  const store = (prefix: string, window: CounterStoreOptions) =>
    redis ? createRedisCounterStore(redis, prefix, window) : createMemoryCounterStore(window);
  const performance = createPerformanceMetrics({
    store: store('cmz:analytics:performance', performanceWindow),
    logger,
    scope: redis ? 'cluster' : 'node',
  });
  const safety = createSafetyMetrics({
    store: store('cmz:analytics:safety', safetyWindow),
    logger,
  });
  // A logger not made by createLogger has no buffer: the log view is then empty, and says so.
  const buffer = logBufferOf(logger);
  if (buffer === undefined)
    logger.warn({ operation: 'analytics' }, 'no log buffer: GET /logs is empty');
  const stopTap = countBlockedInputsFromLog(buffer ?? new LogRingBuffer(1), safety);
  return {
    plugin: analyticsPlugin({
      performance,
      safety,
      usage: options.usage,
      prices: readPriceTable(options.environment.MODEL_PRICES_USD),
      model: options.model,
      logger,
    }),
    handlers: createAnalyticsOperations({
      performance,
      safety,
      usage: options.usage,
      logRecords: () => buffer?.records() ?? [],
    }),
    measure: restTimingMiddleware(performance),
    observeError: blockedInputObserver(safety),
    close: stopTap,
  };
}
