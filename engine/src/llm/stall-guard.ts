/**
 * The abort signal of one model request: it fires when the caller aborts, when the request is
 * given up, or when the model sends nothing for too long (a stall).
 *
 * @module
 */

/** Controls one request attempt; see {@link createStallGuard}. */
export interface StallGuard {
  /** Pass to the HTTP request. */
  readonly signal: AbortSignal;
  /** True once the stall timer fired. */
  readonly stalled: boolean;
  /** Starts (or restarts) the stall timer: call right before waiting for the next chunk. */
  arm(): void;
  /** Stops the stall timer: call when a chunk arrived. */
  disarm(): void;
  /** Aborts the request (idempotent). */
  abort(): void;
  /** Stops the timer and forgets the caller's signal; the request signal stays as it is. */
  dispose(): void;
}

/**
 * Creates the guard of one attempt. Only time spent waiting for the model counts: between
 * `disarm` and the next `arm` the consumer may take as long as it likes.
 *
 * @example
 * ```ts
 * const guard = createStallGuard(15_000, call.abortSignal);
 * guard.arm();
 * const next = await iterator.next();
 * guard.disarm();
 * ```
 */
export function createStallGuard(timeoutMs: number, callerSignal: AbortSignal): StallGuard {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stalled = false;
  const abort = () => controller.abort();
  const disarm = () => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
  };
  if (callerSignal.aborted) abort();
  else callerSignal.addEventListener('abort', abort, { once: true });
  return {
    signal: controller.signal,
    get stalled() {
      return stalled;
    },
    arm() {
      disarm();
      timer = setTimeout(() => {
        stalled = true;
        abort();
      }, timeoutMs);
    },
    disarm,
    abort,
    dispose() {
      disarm();
      callerSignal.removeEventListener('abort', abort);
    },
  };
}
