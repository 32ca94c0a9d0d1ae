/**
 * Structured JSON logs (pino). Children use this product, so logs carry no message text and no
 * personal data: visitor ids are hashed, and only operations, ids, durations and codes are written.
 *
 * @module
 */
import { createHash } from 'node:crypto';
import { pino, type Logger } from 'pino';

export type { Logger } from 'pino';

/** Options for {@link createLogger}. */
export interface LoggerOptions {
  /** pino level. @default 'info' */
  level?: string;
  /** Where to write; defaults to stdout. Tests pass a stream to read the lines back. */
  destination?: NodeJS.WritableStream;
}

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
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? process.stdout,
  );
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
