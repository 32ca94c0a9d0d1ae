/**
 * Sorts failures of OpenAI-compatible requests into what the engine does about them: retry or
 * not, and which `CMZ_ERR_LLM_*` code the visitor finally sees.
 *
 * @module
 */
import { APIConnectionError, APIError } from 'openai';
import { EngineError } from '../errors/engine-error.ts';
import { retryAfterFromHeaders } from './retry-policy.ts';

/** A classified request failure. */
export interface LlmFailure {
  kind: 'rate-limited' | 'unavailable' | 'rejected';
  /** True when the same request may succeed when retried. */
  retryable: boolean;
  /** HTTP status, when the server answered. */
  status?: number;
  /** The server's retry hint, when it sent one. */
  retryAfterMs?: number;
  cause: unknown;
}

/**
 * Classifies a failure: 429 is a rate limit, 5xx and transport failures (refused or cut
 * connections, timeouts, broken streams) are unavailability, any other HTTP status is a
 * rejection that no retry can fix.
 *
 * @example
 * ```ts
 * classifyOpenAiFailure(error).kind; // 'rate-limited'
 * ```
 */
export function classifyOpenAiFailure(error: unknown): LlmFailure {
  if (error instanceof APIError && !(error instanceof APIConnectionError)) {
    const status = error.status;
    if (status === 429) {
      const retryAfterMs = retryAfterFromHeaders(error.headers);
      return { kind: 'rate-limited', retryable: true, status, retryAfterMs, cause: error };
    }
    if (status !== undefined && status >= 400 && status < 500) {
      return { kind: 'rejected', retryable: false, status, cause: error };
    }
    // 5xx, or an error event inside an otherwise successful stream (no status).
    return { kind: 'unavailable', retryable: true, status, cause: error };
  }
  return { kind: 'unavailable', retryable: true, cause: error };
}

const codes = {
  'rate-limited': 'CMZ_ERR_LLM_RATE_LIMITED',
  unavailable: 'CMZ_ERR_LLM_UNAVAILABLE',
  rejected: 'CMZ_ERR_LLM_REJECTED',
} as const;

/**
 * The engine error a visitor sees for a failure; the upstream error stays in `cause` for logs.
 *
 * @example
 * ```ts
 * throw failureToEngineError(classifyOpenAiFailure(error));
 * ```
 */
export function failureToEngineError(failure: LlmFailure): EngineError {
  const details = failure.status === undefined ? undefined : { upstreamStatus: failure.status };
  return new EngineError(codes[failure.kind], {
    cause: failure.cause,
    details,
    retryAfterMs: failure.retryAfterMs,
  });
}
