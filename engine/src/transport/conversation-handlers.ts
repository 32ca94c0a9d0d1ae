/**
 * What the engine does for each client event, independent of Socket.IO plumbing: join a
 * conversation, send a message, stop a reply, plus the visitor events of `visitor-handlers.ts`.
 *
 * @module
 */
import { toAnimalSummary, type AnimalCatalog } from '../content/animal-catalog.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { HookRunner, HookTarget } from '../plugins/hook-runner.ts';
import type { ReplyRunner } from '../pipeline/reply-runner.ts';
import type { AbortAck, JoinAck, ResumeResult, SendAck } from '../protocol/events.ts';
import type { InboundPayload } from '../protocol/schema.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
import { catchUpFrom, recordText, type ReplyRecord } from '../session/reply-journal.ts';
import type { ShareStore } from '../session/share-store.ts';
import type { EngineSocketData, JoinedConversation } from './socket-types.ts';
import { createVisitorHandlers } from './visitor-handlers.ts';

/** Dependencies of the handlers. */
export interface ConversationHandlerOptions {
  store: ConversationStore;
  /** Share links (`conversation:share`, `share:revoke`). */
  shares: ShareStore;
  animals: AnimalCatalog;
  replies: ReplyRunner;
  /** A runner over the current hook table for a conversation, for join and leave notifications. */
  hooks: (target: HookTarget) => HookRunner;
  /** Messages returned on join. @default 50 */
  historyOnJoin?: number;
}

/**
 * The handlers of every engine event: join, send, abort and leave here, the visitor events
 * (reactions, list, delete, share, revoke) from {@link createVisitorHandlers}.
 *
 * @example
 * ```ts
 * const handlers = createConversationHandlers(options);
 * const ack = await handlers.join(socket.data, { animalId: 'bella' }, socket.id);
 * ```
 */
export function createConversationHandlers(options: ConversationHandlerOptions) {
  const historyOnJoin = options.historyOnJoin ?? 50;

  async function resolveConversation(
    data: EngineSocketData,
    payload: InboundPayload<'conversation:join'>,
  ): Promise<JoinedConversation> {
    const { visitorId } = data.visitor;
    if (payload.conversationId !== undefined) {
      const conversation = await options.store.getConversation(payload.conversationId);
      // Another visitor's conversation is "not found": ids must not reveal that it exists.
      if (conversation === null || conversation.visitorId !== visitorId) {
        throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
      }
      const animal = options.animals.get(conversation.animalId);
      if (animal === undefined)
        throw new EngineError('CMZ_ERR_SESSION_ANIMAL_NOT_FOUND', {
          args: [conversation.animalId],
        });
      return { conversation, animal, locale: conversation.locale };
    }
    const animalId = payload.animalId ?? '';
    const animal = options.animals.getActive(animalId);
    if (animal === undefined)
      throw new EngineError('CMZ_ERR_SESSION_ANIMAL_NOT_FOUND', { args: [animalId] });
    const locale = payload.locale ?? 'en';
    const conversation = await options.store.getOrCreateConversation({
      visitorId,
      animalId,
      locale,
    });
    return { conversation, animal, locale: conversation.locale };
  }

  return {
    ...createVisitorHandlers(options),

    /**
     * Joins a conversation. `joinRoom` puts the socket in the conversation's room before the
     * history and the reply journal are read, so nothing streamed after the read is missed (a
     * delta seen twice is dropped by the client by `seq`).
     */
    async join(
      data: EngineSocketData,
      payload: InboundPayload<'conversation:join'>,
      socketId: string,
      joinRoom?: (conversationId: string) => Promise<void>,
    ): Promise<JoinAck> {
      const joined = await resolveConversation(data, payload);
      if (payload.locale !== undefined && payload.locale !== joined.conversation.locale) {
        await options.store.setLocale(joined.conversation.id, payload.locale);
        joined.locale = payload.locale;
        joined.conversation = { ...joined.conversation, locale: payload.locale };
      }
      data.joined.set(joined.conversation.id, joined);
      await joinRoom?.(joined.conversation.id);
      // History first, then the journal: a reply that ends in between is then either in the
      // history or still announced by its reply:end, which this socket (already in the room) gets.
      const history = await options.store.listMessages(joined.conversation.id, historyOnJoin);
      const journal = options.replies.journal;
      const [active, resumed] = await Promise.all([
        journal.activeReply(joined.conversation.id),
        payload.resume ? journal.read(payload.resume.replyId) : Promise.resolve(null),
      ]);
      const session = { visitor: data.visitor, roomType: 'private' as const, ...joined, socketId };
      void options
        .hooks({ animalId: joined.animal.id, roomType: 'private' })
        .parallel('onJoin', () => [session]);
      const resume =
        payload.resume === undefined
          ? undefined
          : resumeResult(payload.resume, resumed, joined.conversation.id);
      return {
        ok: true,
        conversationId: joined.conversation.id,
        animal: toAnimalSummary(joined.animal, joined.locale),
        locale: joined.locale,
        history,
        ...(active
          ? { activeReply: { replyId: active.replyId, text: recordText(active), seq: active.seq } }
          : {}),
        ...(resume ? { resume } : {}),
      };
    },

    async send(data: EngineSocketData, payload: InboundPayload<'message:send'>): Promise<SendAck> {
      const joined = data.joined.get(payload.conversationId);
      if (joined === undefined) throw new EngineError('CMZ_ERR_SESSION_NOT_JOINED');
      return options.replies.send({
        visitor: data.visitor,
        conversation: joined.conversation,
        animal: options.animals.get(joined.animal.id) ?? joined.animal,
        locale: joined.locale,
        clientMessageId: payload.clientMessageId,
        text: payload.text,
      });
    },

    abort(data: EngineSocketData, payload: InboundPayload<'reply:abort'>): Promise<AbortAck> {
      return options.replies.abort(payload.replyId, data.visitor.visitorId);
    },

    async leave(data: EngineSocketData, socketId: string, reason: string): Promise<void> {
      await Promise.all(
        [...data.joined.values()].map((joined) =>
          options
            .hooks({ animalId: joined.animal.id, roomType: 'private' })
            .parallel('onLeave', () => [
              { visitor: data.visitor, roomType: 'private', ...joined, socketId },
              reason,
            ]),
        ),
      );
    },
  };
}

export type ConversationHandlers = ReturnType<typeof createConversationHandlers>;

/**
 * What a resuming client gets: the journal's catch-up for its reply, or `unknown` when the
 * journal no longer has it (or it belongs to another conversation: ids reveal nothing).
 */
function resumeResult(
  request: { replyId: string; seq: number },
  record: ReplyRecord | null,
  conversationId: string,
): ResumeResult {
  if (record === null || record.conversationId !== conversationId) {
    return { replyId: request.replyId, status: 'unknown', lastSeq: 0 };
  }
  return {
    replyId: record.replyId,
    status: record.status,
    lastSeq: record.seq,
    ...catchUpFrom(record, request.seq),
    ...(record.error ? { error: record.error } : {}),
  };
}
