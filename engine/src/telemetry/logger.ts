/**
 * Structured JSON logs (pino). Children use this product, so logs carry no message text and no
 * personal data: visitor ids are hashed, and only operations, ids, durations and codes are written.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { pino, type Level, type Logger } from 'pino';
import { LogRingBuffer } from './log-ring-buffer.ts';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** pino level. @default 'info' */
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read the lines back. */
  destination?: NodeJS.WritableStream;
  /**
   * The in-memory copy of recent lines (`GET /logs`, safety counters). It keeps `info` and above
   * even when `level` is quieter (`warn`, `silent`), so those views do not depend on how chatty
   * stdout is; with a more verbose `level` (`debug`) it keeps that too.
   * @default a new {@link LogRingBuffer} of 5,000 lines
   */
  buffer?: LogRingBuffer;
}

const buffers = new WeakMap<Logger, LogRingBuffer>();
const verbosity = pino.levels.values;

/**
 * Creates the engine's JSON logger with ISO timestamps.
 *
 * @example
 * ```ts
 * const logger = createLogger({ level: 'debug' });
 * logger.info({ operation: 'message:send', status: 'ok', durationMs: 3 }, 'message accepted');
 * ```
 */
export function createLogger(options: LoggerOptions = {}): Logger {
  const level = options.level ?? 'info';
  const buffer = options.buffer ?? new LogRingBuffer();
  const bufferLevel = moreVerbose(level, 'info');
  const streams: { level: Level; stream: NodeJS.WritableStream | LogRingBuffer }[] = [
    { level: bufferLevel, stream: buffer },
  ];
  if (level !== 'silent') {
    streams.push({ level: level as Level, stream: options.destination ?? process.stdout });
  }
  const logger = pino(
    {
      level: bufferLevel,
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    pino.multistream(streams),
  );
  buffers.set(logger, buffer);
  return logger;
}

/**
 * The ring buffer of recent lines behind a logger made by {@link createLogger} (undefined for
 * any other logger, e.g. a child: pass the root logger).
 *
 * @example
 * ```ts
 * const logger = createLogger();
 * logBufferOf(logger)?.records(); // newest first
 * ```
 */
export function logBufferOf(logger: Logger): LogRingBuffer | undefined {
  return buffers.get(logger);
}

// The more verbose of two levels ('debug' over 'info'); an unknown level counts as 'info'.
function moreVerbose(first: string, second: Level): Level {
  const firstValue = verbosity[first] ?? Number.POSITIVE_INFINITY;
  const secondValue = verbosity[second] ?? Number.POSITIVE_INFINITY;
  return firstValue < secondValue ? (first as Level) : second;
}

/**
 * Hashes a user or visitor id for logs, so lines can be correlated without storing the id.
 *
 * @example
 * ```ts
 * hashIdentifier('v_123'); // 'a1b2c3...' (16 hex characters)
 * ```
 */
export function hashIdentifier(identifier: string): string {
  return createHash('sha256').update(`cmz-log:${identifier}`).digest('hex').slice(0, 16);
}

/** The fields of one operation log line. */
export interface OperationLog {
  operation: string;
  status: 'ok' | 'error' | 'rejected';
  durationMs: number;
  visitorId?: string;
  conversationId?: string;
  replyId?: string;
  code?: string;
  [field: string]: unknown;
}

/**
 * Writes one operation line: the visitor id is replaced by its hash before anything is written.
 *
 * @example
 * ```ts
 * logOperation(logger, { operation: 'reply', status: 'ok', durationMs: 812, visitorId, conversationId });
 * ```
 */
export function logOperation(logger: Logger, entry: OperationLog): void {
  const { visitorId, ...fields } = entry;
  const line = visitorId === undefined ? fields : { ...fields, user: hashIdentifier(visitorId) };
  if (entry.status === 'error') logger.error(line, entry.operation);
  else logger.info(line, entry.operation);
}
