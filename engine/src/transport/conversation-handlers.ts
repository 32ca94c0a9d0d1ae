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
import type { AbortAck, JoinAck, SendAck } from '../protocol/events.ts';
import type { InboundPayload } from '../protocol/schema.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
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

    async join(
      data: EngineSocketData,
      payload: InboundPayload<'conversation:join'>,
      socketId: string,
    ): Promise<JoinAck> {
      const joined = await resolveConversation(data, payload);
      if (payload.locale !== undefined && payload.locale !== joined.conversation.locale) {
        await options.store.setLocale(joined.conversation.id, payload.locale);
        joined.locale = payload.locale;
        joined.conversation = { ...joined.conversation, locale: payload.locale };
      }
      data.joined.set(joined.conversation.id, joined);
      const history = await options.store.listMessages(joined.conversation.id, historyOnJoin);
      const session = { visitor: data.visitor, roomType: 'private' as const, ...joined, socketId };
      void options
        .hooks({ animalId: joined.animal.id, roomType: 'private' })
        .parallel('onJoin', () => [session]);
      const activeReply = options.replies.active.snapshotFor(joined.conversation.id);
      return {
        ok: true,
        conversationId: joined.conversation.id,
        animal: toAnimalSummary(joined.animal, joined.locale),
        locale: joined.locale,
        history,
        ...(activeReply ? { activeReply } : {}),
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

    abort(data: EngineSocketData, payload: InboundPayload<'reply:abort'>): AbortAck {
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
