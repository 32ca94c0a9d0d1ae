/**
 * The Analytics operations (admins only, per the role matrix): `GET /performance_metrics`,
 * `GET /logs`, `GET /billing` and `GET /api/v1/analytics/safety/metrics`, all from real
 * measurements (see `performance-metrics.ts`, `log-query.ts`, `billing-summary.ts`,
 * `safety-metrics.ts`).
 *
 * @module
 */
import type { LogRecord } from '@cmz/engine';
import { z } from 'zod';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { UsageRepository } from '../persistence/usage-repository.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import { summarizeBilling } from './billing-summary.ts';
import { queryLogs } from './log-query.ts';
import type { PerformanceMetrics } from './performance-metrics.ts';
import { safetyTimeRanges, type SafetyMetrics, type SafetyTimeRange } from './safety-metrics.ts';

/** What the handlers read from. */
export interface AnalyticsDependencies {
  performance: PerformanceMetrics;
  safety: SafetyMetrics;
  usage: UsageRepository;
  /** This node's recent log records, newest first. */
  logRecords: () => LogRecord[];
  /** @default Date.now */
  now?: () => number;
}

const dateTime = z.iso.datetime({ offset: true });
const logsQuery = z.object({
  level: z.enum(['debug', 'info', 'warn', 'error']).optional(),
  start: dateTime.optional(),
  end: dateTime.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(200),
});
const periodPattern = /^(\d{4})-(0[1-9]|1[0-2])$/;
const animalIdPattern = /^[a-zA-Z0-9_-]{1,100}$/;

/**
 * Creates the handlers.
 *
 * @example
 * ```ts
 * const handlers = createAnalyticsOperations({ performance, safety, usage, logRecords: () => buffer.records() });
 * ```
 */
export function createAnalyticsOperations(dependencies: AnalyticsDependencies): OperationHandlers {
  const now = dependencies.now ?? Date.now;
  return withPersistenceErrors({
    performance_metrics_get: async ({ query }) => {
      const start = parseDate(query.start, 'start');
      const end = parseDate(query.end, 'end');
      if (start.getTime() >= end.getTime()) {
        throw restErrors.badRequest('start must be before end', {
          start: query.start,
          end: query.end,
        });
      }
      return { status: 200, body: await dependencies.performance.summarize(start, end) };
    },
    logs_get: async ({ query }) => {
      const parsed = logsQuery.safeParse(query);
      if (!parsed.success) {
        throw restErrors.badRequest('The log query is not valid', {
          errors: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        });
      }
      const { level, start, end, page, pageSize } = parsed.data;
      const body = queryLogs(dependencies.logRecords(), {
        level,
        start: start === undefined ? undefined : new Date(start),
        end: end === undefined ? undefined : new Date(end),
        page,
        pageSize,
      });
      return { status: 200, body };
    },
    billing_get: async ({ query }) => {
      const period =
        typeof query.period === 'string' ? query.period : new Date(now()).toISOString().slice(0, 7);
      if (!periodPattern.test(period)) {
        throw restErrors.badRequest('period must be a month, YYYY-MM (01 to 12)', { period });
      }
      const records = await dependencies.usage.listMonth(period);
      return { status: 200, body: summarizeBilling(period, records) };
    },
    safety_metrics_get: async ({ query }) => {
      const range = (query.time_range ?? '24h') as string;
      if (!(range in safetyTimeRanges)) {
        throw restErrors.badRequest('time_range must be 1h, 24h, 7d or 30d', { time_range: range });
      }
      const animalId = query.animalId;
      if (
        animalId !== undefined &&
        (typeof animalId !== 'string' || !animalIdPattern.test(animalId))
      ) {
        throw restErrors.badRequest('animalId is not a valid id');
      }
      const body = await dependencies.safety.summarize(
        range as SafetyTimeRange,
        animalId as string | undefined,
      );
      return { status: 200, body };
    },
  });
}

function parseDate(value: unknown, name: string): Date {
  const parsed = dateTime.safeParse(value);
  if (!parsed.success) throw restErrors.badRequest(`${name} must be an ISO 8601 date-time`);
  return new Date(parsed.data);
}
