/**
 * When to retry a failed model request and how long to wait first: exponential backoff with
 * jitter, or the server's own `retry-after-ms` / `retry-after` hint, both capped.
 *
 * @module
 */

/** Retry limits of a model. */
export interface RetryPolicy {
  /** Retries after the first attempt. */
  maxRetries: number;
  /** Backoff before the first retry, doubled for each further one. */
  initialBackoffMs: number;
  /** Upper bound of any wait, also of a server's `retry-after`. */
  maxBackoffMs: number;
}

/**
 * The wait before retry number `retryIndex` (0 for the first retry). A server hint wins over the
 * computed backoff; both are capped at `maxBackoffMs` so a visitor never waits unreasonably.
 *
 * @example
 * ```ts
 * retryDelayMs({ maxRetries: 3, initialBackoffMs: 500, maxBackoffMs: 8000 }, 0, undefined); // 250..500
 * retryDelayMs({ maxRetries: 3, initialBackoffMs: 500, maxBackoffMs: 8000 }, 0, 1200); // 1200
 * ```
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retryIndex: number,
  serverHintMs: number | undefined,
  random: () => number = Math.random,
): number {
  if (serverHintMs !== undefined) return Math.min(Math.max(0, serverHintMs), policy.maxBackoffMs);
  const exponential = Math.min(policy.maxBackoffMs, policy.initialBackoffMs * 2 ** retryIndex);
  // "Equal jitter": half fixed, half random, so retries of many visitors hitting the same limit
  // spread out while each still waits a meaningful minimum.
  return Math.round(exponential / 2 + random() * (exponential / 2));
}

/**
 * Reads a server's retry hint: `retry-after-ms` (milliseconds, OpenAI's own header) first, then
 * `retry-after` as seconds or an HTTP date.
 *
 * @example
 * ```ts
 * retryAfterFromHeaders(new Headers({ 'retry-after': '2' })); // 2000
 * ```
 */
export function retryAfterFromHeaders(
  headers: Headers | undefined,
  now: number = Date.now(),
): number | undefined {
  const milliseconds = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(milliseconds) && milliseconds >= 0) return milliseconds;
  const value = headers?.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return seconds >= 0 ? seconds * 1000 : undefined;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Waits `milliseconds`, ending early when `signal` aborts. Resolves `true` after a full wait,
 * `false` when aborted.
 *
 * @example
 * ```ts
 * if (!(await abortableSleep(500, call.abortSignal))) return; // the visitor stopped the reply
 * ```
 */
export function abortableSleep(milliseconds: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onAbort = () => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, milliseconds);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
