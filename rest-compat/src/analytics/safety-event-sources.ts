/**
 * Blocked inputs, counted where they surface. A blocked message stops the pipeline inside
 * `core:safety`'s `inspectMessage`, before any hook of ours runs, so it is counted from its coded
 * rejection instead:
 * - over Socket.IO, from the structured log line the transport writes for every rejected event
 *   (`status: rejected`, `code: CMZ_ERR_SAFETY_INPUT_BLOCKED`, the hashed user); that line names
 *   no animal, so these count in the totals but not per animal;
 * - over REST, from the engine error the router's error observer sees (4xx are not logged), with
 *   the animal of the request.
 *
 * @module
 */
import { EngineError, hashIdentifier, type LogRingBuffer } from '@cmz/engine';
import type { Request } from 'express';
import { principalOf } from '../auth/authenticate-request.ts';
import type { SafetyMetrics } from './safety-metrics.ts';

/** The engine codes that mean "input blocked by safety". */
export const blockedInputCodes: ReadonlySet<string> = new Set(['CMZ_ERR_SAFETY_INPUT_BLOCKED']);

/**
 * Counts the blocked inputs of socket events from this node's log lines; returns the unsubscriber.
 *
 * @example
 * ```ts
 * const stop = countBlockedInputsFromLog(logBufferOf(logger), safety);
 * ```
 */
export function countBlockedInputsFromLog(
  buffer: LogRingBuffer,
  safety: SafetyMetrics,
): () => void {
  return buffer.subscribe((line) => {
    // Cheap test first: almost no line is a safety rejection.
    if (!line.includes('CMZ_ERR_SAFETY_')) return;
    let record: Record<string, unknown>;
    try {
      record = JSON.parse(line) as Record<string, unknown>;
    } catch {
      return;
    }
    if (record.status !== 'rejected' || !blockedInputCodes.has(String(record.code))) return;
    safety.record('blocked', {
      userHash: typeof record.user === 'string' ? record.user : undefined,
      conversationId: typeof record.conversationId === 'string' ? record.conversationId : undefined,
    });
  });
}

/**
 * An observer for the REST router's errors that counts blocked inputs of REST chat turns.
 *
 * @example
 * ```ts
 * createRestRouter({ ...options, observeError: blockedInputObserver(safety) });
 * ```
 */
export function blockedInputObserver(
  safety: SafetyMetrics,
): (error: unknown, request: Request) => void {
  return (error, request) => {
    if (!EngineError.isInstance(error) || !blockedInputCodes.has(error.code)) return;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const animalId = body.animalId ?? request.query.animalId;
    const sessionId = body.sessionId ?? request.query.sessionId;
    const principal = principalOf(request);
    safety.record('blocked', {
      animalId: typeof animalId === 'string' ? animalId : undefined,
      conversationId: typeof sessionId === 'string' ? sessionId : undefined,
      userHash: principal === null ? undefined : hashIdentifier(principal.userId),
    });
  };
}
