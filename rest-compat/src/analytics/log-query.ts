/**
 * `GET /logs` over this node's ring buffer of recent log lines: filtered by minimum level and
 * time range, newest first, paged. It shows exactly what the structured log holds (which carries
 * no message text, names or emails, and hashed user ids only), nothing more.
 *
 * @module
 */
import type { LogRecord } from '@cmz/engine';

/** The spec's `LogEntry`. */
export interface LogEntry {
  ts: string;
  level: string;
  msg: string;
  meta: Record<string, unknown>;
}

/** The spec's `PagedLogs`. */
export interface PagedLogs {
  items: LogEntry[];
  page: number;
  pageSize: number;
  total: number;
}

/** Filters and page of a query. */
export interface LogQuery {
  /** The least severe level shown (`warn` shows warn, error and fatal). */
  level?: 'debug' | 'info' | 'warn' | 'error' | undefined;
  start?: Date | undefined;
  /** Exclusive. */
  end?: Date | undefined;
  page: number;
  pageSize: number;
}

const severity: Readonly<Record<string, number>> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
};

/**
 * Filters and pages `records` (newest first, as the buffer returns them).
 *
 * @example
 * ```ts
 * queryLogs(buffer.records(), { level: 'warn', page: 1, pageSize: 50 }).items[0]?.level; // 'error'
 * ```
 */
export function queryLogs(records: readonly LogRecord[], query: LogQuery): PagedLogs {
  const minimum = query.level === undefined ? 0 : (severity[query.level] ?? 0);
  const from = query.start?.getTime() ?? Number.NEGATIVE_INFINITY;
  const to = query.end?.getTime() ?? Number.POSITIVE_INFINITY;
  const matching = records.flatMap((record) => {
    const entry = toLogEntry(record);
    if (entry === undefined) return [];
    const at = Date.parse(entry.ts);
    if (at < from || at >= to || (severity[entry.level] ?? 0) < minimum) return [];
    return [entry];
  });
  const offset = (query.page - 1) * query.pageSize;
  return {
    items: matching.slice(offset, offset + query.pageSize),
    page: query.page,
    pageSize: query.pageSize,
    total: matching.length,
  };
}

function toLogEntry(record: LogRecord): LogEntry | undefined {
  const { time, level, msg, ...meta } = record;
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) return undefined;
  return {
    ts: time,
    level: typeof level === 'string' ? level : String(level),
    msg: typeof msg === 'string' ? msg : '',
    meta,
  };
}
