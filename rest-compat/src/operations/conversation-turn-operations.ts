/**
 * `POST /convo_turn` (collected JSON) and `GET /convo_turn/stream` (Server-Sent Events): both run
 * the engine pipeline through {@link createConversationTurns}.
 *
 * @module
 */
import type { createConversationTurns } from '../conversation/conversation-turns.ts';
import { openSseStream } from '../conversation/sse-stream.ts';
import { turnResponse } from '../conversation/turn-response.ts';
import type { ReplySink } from '@cmz/engine';
import type { OperationHandlers } from '../http/operation-types.ts';
import { RestError } from '../http/rest-error.ts';

type ConversationTurns = ReturnType<typeof createConversationTurns>;

/**
 * Creates the two turn handlers.
 *
 * @example
 * ```ts
 * const handlers = createConversationTurnOperations(turns);
 * ```
 */
export function createConversationTurnOperations(turns: ConversationTurns): OperationHandlers {
  return {
    convo_turn_post: async ({ body, principal, request }) => {
      const input = body as { animalId: string; message: string; sessionId?: string };
      const started = performance.now();
      const turn = await turns.start({
        principal,
        animalId: input.animalId,
        message: input.message,
        sessionId: input.sessionId,
        clientMessageId: headerValue(request.headers['idempotency-key']),
      });
      const reply = await turn.finished;
      if (reply.error !== undefined) {
        throw new RestError(
          reply.error.temporary ? 503 : 500,
          reply.error.temporary ? 'service_unavailable' : 'internal_error',
          reply.error.message,
          {
            engineCode: reply.error.code,
            temporary: reply.error.temporary,
            sessionId: turn.conversation.id,
          },
        );
      }
      return {
        status: 200,
        body: turnResponse({
          reply,
          sessionId: turn.conversation.id,
          animalId: turn.animal.id,
          replyId: turn.ack.replyId,
          latencyMs: performance.now() - started,
        }),
      };
    },
    convo_turn_stream_get: async ({ query, principal }) => ({
      stream: async (response) => {
        const input = query as { animalId: string; message: string; sessionId?: string };
        const pending = createPendingSink();
        const turn = await turns.start({
          principal,
          animalId: input.animalId,
          message: input.message,
          sessionId: input.sessionId,
          sink: pending.sink,
        });
        pending.open(
          openSseStream(response, { sessionId: turn.conversation.id, animalId: turn.animal.id }),
        );
        await turn.finished;
        // Closed only after the reply is archived, so a client that reads history right after
        // the stream ends finds this turn.
        response.end();
      },
    }),
  };
}

/**
 * A sink that holds events until the real one is known: the reply starts inside `turns.start`,
 * before the SSE headers (which need the session id) can be written.
 */
function createPendingSink(): { sink: ReplySink; open(target: ReplySink): void } {
  const queued: ((target: ReplySink) => void)[] = [];
  let target: ReplySink | undefined;
  const forward =
    <K extends keyof ReplySink>(name: K) =>
    (event: Parameters<ReplySink[K]>[0]) => {
      const deliver = (sink: ReplySink) => (sink[name] as (value: typeof event) => void)(event);
      if (target === undefined) queued.push(deliver);
      else deliver(target);
    };
  return {
    sink: {
      messageNew: forward('messageNew'),
      start: forward('start'),
      delta: forward('delta'),
      end: forward('end'),
      error: forward('error'),
    },
    open(sink) {
      target = sink;
      for (const deliver of queued.splice(0)) deliver(sink);
    },
  };
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const text = Array.isArray(value) ? value[0] : value;
  return text !== undefined && /^[A-Za-z0-9_:-]{1,100}$/.test(text) ? text : undefined;
}
