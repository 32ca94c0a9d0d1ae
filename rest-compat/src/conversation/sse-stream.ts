/**
 * Server-Sent Events for `GET /convo_turn/stream`, using the event names of the old CMZ design
 * (`metadata`, `message`, `complete`, `error`). Proxies must not buffer it (`X-Accel-Buffering`).
 *
 * @module
 */
import type { ReplySink } from '@cmz/engine';
import type { Response } from 'express';

/**
 * Opens an SSE response and returns a sink that writes the reply's events to it.
 *
 * @example
 * ```ts
 * const sink = openSseStream(response, { sessionId, animalId });
 * ```
 */
export function openSseStream(
  response: Response,
  session: { sessionId: string; animalId: string },
): ReplySink {
  response.status(200);
  response.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
  response.setHeader('Cache-Control', 'no-cache, no-transform');
  response.setHeader('Connection', 'keep-alive');
  response.setHeader('X-Accel-Buffering', 'no');
  response.flushHeaders();
  const write = (event: string, data: unknown) => {
    // A visitor who closes the page does not cancel the reply (it is still stored); we just stop writing.
    if (!response.writableEnded && !response.destroyed)
      response.write(`event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  };
  write('metadata', { type: 'start', ...session, timestamp: new Date().toISOString() });
  return {
    messageNew: () => {},
    start: (event) => write('metadata', { type: 'reply-start', replyId: event.replyId }),
    delta: (event) =>
      write('message', {
        type: 'content',
        content: event.text,
        chunkId: event.seq,
        replyId: event.replyId,
      }),
    end: (event) => {
      write('complete', {
        type: 'complete',
        fullResponse: event.text,
        chunkCount: event.lastSeq,
        replyId: event.replyId,
        citations: event.citations,
        suggestions: event.suggestions,
        finishReason: event.finishReason,
        ...session,
      });
    },
    error: (event) => {
      write('error', {
        type: 'error',
        error: event.message,
        code: event.code,
        temporary: event.temporary,
        replyId: event.replyId,
      });
    },
  };
}
