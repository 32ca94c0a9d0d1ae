/**
 * What the engine does for the visitor's own things, independent of Socket.IO plumbing: react to
 * an animal's message, list, delete and share conversations, revoke a share link.
 *
 * @module
 */
import type { AnimalCatalog } from '../content/animal-catalog.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { ReplyRunner } from '../pipeline/reply-runner.ts';
import type {
  ConversationDeleteAck,
  ConversationListAck,
  ConversationSummary,
  ReactionAck,
  ShareAck,
  ShareRevokeAck,
} from '../protocol/events.ts';
import type { InboundPayload } from '../protocol/schema.ts';
import type { ConversationRecord, ConversationStore } from '../session/conversation-store.ts';
import type { ShareStore } from '../session/share-store.ts';
import { summarizeConversation } from './conversation-summary.ts';
import { buildShareSnapshot } from './share-snapshot.ts';
import type { EngineSocketData } from './socket-types.ts';

/** Dependencies of the visitor handlers. */
export interface VisitorHandlerOptions {
  store: ConversationStore;
  shares: ShareStore;
  animals: AnimalCatalog;
  /** Used to stop a reply still streaming into a conversation being deleted. */
  replies: Pick<ReplyRunner, 'abort' | 'active' | 'journal'>;
}

/**
 * The visitor events: `reaction:add`, `conversation:list`, `conversation:delete`,
 * `conversation:share` and `share:revoke`.
 *
 * @example
 * ```ts
 * const handlers = createVisitorHandlers({ store, shares, animals, replies });
 * const ack = await handlers.list(socket.data);
 * ```
 */
export function createVisitorHandlers(options: VisitorHandlerOptions) {
  async function owned(
    data: EngineSocketData,
    conversationId: string,
  ): Promise<ConversationRecord> {
    const conversation = await options.store.getConversation(conversationId);
    // Someone else's conversation is "not found": ids must not reveal that it exists.
    if (conversation === null || conversation.visitorId !== data.visitor.visitorId) {
      throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
    }
    return conversation;
  }

  // The reply may stream from another node: the journal knows it, and `abort` routes the stop to
  // the node that generates it. Done before the conversation is deleted, because the abort checks
  // that the visitor owns it.
  async function stopActiveReply(conversationId: string, visitorId: string): Promise<void> {
    const local = options.replies.active.snapshotFor(conversationId);
    const replyId =
      local?.replyId ??
      (await options.replies.journal.activeReply(conversationId).catch(() => null))?.replyId;
    if (replyId === undefined) return;
    await options.replies.abort(replyId, visitorId).catch(() => {
      // It ended meanwhile: nothing left to stop.
    });
  }

  return {
    async react(
      data: EngineSocketData,
      payload: InboundPayload<'reaction:add'>,
    ): Promise<ReactionAck> {
      // Joining is what proves the conversation is the visitor's (or, later, a room they are in).
      if (!data.joined.has(payload.conversationId)) {
        throw new EngineError('CMZ_ERR_SESSION_NOT_JOINED');
      }
      const result = await options.store.toggleReaction({
        conversationId: payload.conversationId,
        messageId: payload.messageId,
        visitorId: data.visitor.visitorId,
        emoji: payload.emoji,
      });
      return {
        ok: true,
        conversationId: payload.conversationId,
        messageId: payload.messageId,
        ...result,
      };
    },

    async list(data: EngineSocketData): Promise<ConversationListAck> {
      const records = await options.store.listConversations(data.visitor.visitorId);
      const summaries = await Promise.all(
        records.map(async (record): Promise<ConversationSummary[]> => {
          // A conversation with an animal no longer in the catalog cannot be shown or rejoined.
          const animal = options.animals.get(record.animalId);
          if (animal === undefined) return [];
          const messages = await options.store.listMessages(record.id);
          return [summarizeConversation(record, messages, animal)];
        }),
      );
      return { ok: true, conversations: summaries.flat() };
    },

    async remove(
      data: EngineSocketData,
      payload: InboundPayload<'conversation:delete'>,
    ): Promise<ConversationDeleteAck> {
      const conversation = await owned(data, payload.conversationId);
      await stopActiveReply(conversation.id, data.visitor.visitorId);
      await options.store.deleteConversation(conversation.id);
      await options.shares.revokeByConversation(conversation.id);
      data.joined.delete(conversation.id);
      return { ok: true, conversationId: conversation.id };
    },

    async share(
      data: EngineSocketData,
      payload: InboundPayload<'conversation:share'>,
    ): Promise<ShareAck> {
      const conversation = await owned(data, payload.conversationId);
      const animal = options.animals.get(conversation.animalId);
      if (animal === undefined) {
        throw new EngineError('CMZ_ERR_SESSION_ANIMAL_NOT_FOUND', {
          args: [conversation.animalId],
        });
      }
      const messages = await options.store.listMessages(conversation.id);
      const shareId = await options.shares.createShare({
        creatorVisitorId: data.visitor.visitorId,
        snapshot: buildShareSnapshot(animal, messages, new Date()),
        conversationId: conversation.id,
      });
      return { ok: true, shareId, path: `/shared/${shareId}` };
    },

    async revokeShare(
      data: EngineSocketData,
      payload: InboundPayload<'share:revoke'>,
    ): Promise<ShareRevokeAck> {
      const revoked = await options.shares.revokeShare(payload.shareId, data.visitor.visitorId);
      if (!revoked) throw new EngineError('CMZ_ERR_SHARE_NOT_FOUND');
      return { ok: true, shareId: payload.shareId };
    },
  };
}

export type VisitorHandlers = ReturnType<typeof createVisitorHandlers>;
