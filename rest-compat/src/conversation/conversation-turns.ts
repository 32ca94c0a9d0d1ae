/**
 * One conversation turn over REST, run through exactly the same engine pipeline as a Socket.IO
 * `message:send`: the REST caller is mapped to an engine visitor, its session to an engine
 * conversation, and the reply is collected (JSON) or streamed (SSE) from a per-request sink.
 *
 * @module
 */
import {
  combineSinks,
  createReplyCollector,
  newId,
  type AnimalCatalog,
  type AnimalPersona,
  type CollectedReply,
  type ConversationRecord,
  type Engine,
  type ReplySink,
  type SendAck,
  type Visitor,
} from '@cmz/engine';
import type { RestPrincipal } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';

/** Input of one turn. */
export interface TurnInput {
  principal: RestPrincipal | null;
  animalId: string;
  message: string;
  sessionId?: string | undefined;
  locale?: 'en' | 'es' | 'zh';
  /** Makes retries idempotent (`Idempotency-Key` header); random when absent. */
  clientMessageId?: string | undefined;
  /** Receives the reply's events as they happen (SSE). */
  sink?: ReplySink;
}

/** A turn that was accepted. */
export interface StartedTurn {
  conversation: ConversationRecord;
  animal: AnimalPersona;
  ack: SendAck;
  /** Resolves with the whole reply, after notifications (archiving) ran. */
  finished: Promise<CollectedReply>;
}

/**
 * Creates the REST turn runner.
 *
 * @example
 * ```ts
 * const turns = createConversationTurns({ engine, animals });
 * const turn = await turns.start({ principal: null, animalId: 'bella', message: 'What do you eat?' });
 * const reply = await turn.finished;
 * ```
 */
export function createConversationTurns(options: {
  engine: Engine;
  animals: AnimalCatalog;
  store: ConversationStoreLike;
}) {
  async function resolve(
    input: TurnInput,
  ): Promise<{ visitor: Visitor; conversation: ConversationRecord; animal: AnimalPersona }> {
    const animal = options.animals.getActive(input.animalId);
    if (animal === undefined)
      throw restErrors.notFound(`No animal "${input.animalId}" is available`, {
        animalId: input.animalId,
      });
    const locale = input.locale ?? 'en';
    if (input.sessionId !== undefined) {
      const existing = await options.store.getConversation(input.sessionId);
      if (existing !== null && existing.animalId === animal.id) {
        const visitor = visitorFor(input.principal, existing);
        if (visitor !== null) return { visitor, conversation: existing, animal };
        throw restErrors.notFound('Conversation session not found', { sessionId: input.sessionId });
      }
    }
    const visitor: Visitor = input.principal
      ? { visitorId: input.principal.userId, role: input.principal.role }
      : { visitorId: newId('v'), role: 'visitor' };
    const conversation = await options.store.getOrCreateConversation({
      visitorId: visitor.visitorId,
      animalId: animal.id,
      locale,
    });
    return { visitor, conversation, animal };
  }

  return {
    async start(input: TurnInput): Promise<StartedTurn> {
      const { visitor, conversation, animal } = await resolve(input);
      const collector = createReplyCollector();
      const sink =
        input.sink === undefined ? collector.sink : combineSinks([collector.sink, input.sink]);
      const ack = await options.engine.replies.send({
        visitor,
        conversation,
        animal,
        locale: conversation.locale,
        clientMessageId: input.clientMessageId ?? newId('rest'),
        text: input.message,
        extraSink: sink,
      });
      const finished = ack.duplicate
        ? Promise.resolve(collector.reply)
        : collector.finished.then(async (reply) => {
            await options.engine.replies.active.get(ack.replyId)?.done;
            return reply;
          });
      return { conversation, animal, ack, finished };
    },
  };
}

/** The part of the engine's conversation store the REST turns use. */
export interface ConversationStoreLike {
  getConversation(conversationId: string): Promise<ConversationRecord | null>;
  getOrCreateConversation(input: {
    visitorId: string;
    animalId: string;
    locale: 'en' | 'es' | 'zh';
  }): Promise<ConversationRecord>;
}

/**
 * Who may continue an existing session: its owner (or an admin) when signed in; for an anonymous
 * caller only a guest session, because knowing a guest session's id is all a guest has.
 */
function visitorFor(
  principal: RestPrincipal | null,
  conversation: ConversationRecord,
): Visitor | null {
  if (principal === null) {
    return conversation.visitorId.startsWith('v_')
      ? { visitorId: conversation.visitorId, role: 'visitor' }
      : null;
  }
  if (principal.userId === conversation.visitorId || principal.role === 'admin') {
    return { visitorId: conversation.visitorId, role: principal.role };
  }
  return null;
}
