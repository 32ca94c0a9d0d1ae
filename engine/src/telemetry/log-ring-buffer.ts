/**
 * A bounded in-memory copy of this node's most recent log lines, for the admin log view
 * (`GET /logs`) and for counters that watch coded events (safety rejections). It is a pino
 * destination: lines arrive already serialized, are kept as strings (parsing happens only when
 * someone reads) and the oldest line is dropped once the buffer is full.
 *
 * @module
 */

/** One parsed log record (pino JSON: `time`, `level`, `msg` and the structured fields). */
export type LogRecord = Record<string, unknown> & { time?: string; level?: string; msg?: string };

/** Receives every line as it is written. */
export type LogLineListener = (line: string) => void;

/** Default number of lines kept (a few hundred kilobytes of typical lines). */
export const defaultLogBufferCapacity = 5_000;

/**
 * The ring buffer. `write` is the pino destination method; `records` reads newest first.
 *
 * @example
 * ```ts
 * const buffer = new LogRingBuffer(1000);
 * const logger = pino({}, buffer);
 * logger.info({ operation: 'x' }, 'done');
 * buffer.records()[0]?.msg; // 'done'
 * ```
 */
export class LogRingBuffer {
  readonly capacity: number;
  readonly #lines: string[] = [];
  // Index of the oldest line once the buffer has wrapped around.
  #start = 0;
  readonly #listeners = new Set<LogLineListener>();

  constructor(capacity: number = defaultLogBufferCapacity) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`log buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.capacity = capacity;
  }

  /** Number of lines held. */
  get size(): number {
    return this.#lines.length;
  }

  /** Stores one serialized line (pino may pass several lines at once) and notifies listeners. */
  write(chunk: string | Uint8Array): boolean {
    const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    for (const line of text.split('\n')) {
      if (line.length === 0) continue;
      this.#push(line);
      for (const listener of this.#listeners) {
        try {
          listener(line);
        } catch {
          // A faulty observer must never break logging.
        }
      }
    }
    return true;
  }

  /** Calls `listener` with every line written from now on; returns the unsubscriber. */
  subscribe(listener: LogLineListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** The held lines, parsed, newest first (a line that is not JSON is skipped). */
  records(): LogRecord[] {
    const records: LogRecord[] = [];
    const count = this.#lines.length;
    for (let offset = count - 1; offset >= 0; offset -= 1) {
      const line = this.#lines[(this.#start + offset) % count] as string;
      try {
        const parsed: unknown = JSON.parse(line);
        if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) {
          records.push(parsed as LogRecord);
        }
      } catch {
        // Not a JSON line (a foreign writer): nothing structured to show.
      }
    }
    return records;
  }

  #push(line: string): void {
    if (this.#lines.length < this.capacity) {
      this.#lines.push(line);
      return;
    }
    this.#lines[this.#start] = line;
    this.#start = (this.#start + 1) % this.capacity;
  }
}
