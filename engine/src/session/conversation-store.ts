/**
 * Where conversations and their history live. Two implementations: in-memory (one node, the
 * default) and Redis (survives restarts, shared by every node).
 *
 * @module
 */
import type { ConversationMessage, Locale, ReactionEmoji } from '../protocol/events.ts';

/** A conversation between one visitor (all their devices) and one animal. */
export interface ConversationRecord {
  id: string;
  visitorId: string;
  animalId: string;
  locale: Locale;
  createdAt: string;
  updatedAt: string;
}

/** What an accepted `clientMessageId` maps to, so a retried send finds its original reply. */
export interface ClaimedMessage {
  messageId: string;
  replyId: string;
}

/** Result of claiming a `clientMessageId`. */
export type ClaimResult = { claimed: true } | { claimed: false; existing: ClaimedMessage };

/** What one reaction toggle changed. */
export interface ReactionResult {
  /** The message's counts after the toggle (emojis at zero left out). */
  reactions: Record<string, number>;
  /** True when the visitor's reaction was added, false when it was removed. */
  reacted: boolean;
}

/** One visitor's reaction to toggle on one message. */
export interface ReactionToggle {
  conversationId: string;
  messageId: string;
  visitorId: string;
  emoji: ReactionEmoji;
}

/**
 * Conversation state. History is capped (oldest messages dropped past `maxMessages`) and expires
 * `ttlSeconds` after the last write.
 *
 * @example
 * ```ts
 * const conversation = await store.getOrCreateConversation({ visitorId, animalId: 'bella', locale: 'en' });
 * await store.appendMessage(conversation.id, { id: 'm1', role: 'user', text: 'hi', createdAt: new Date().toISOString() });
 * ```
 */
export interface ConversationStore {
  /** The visitor's conversation with that animal, created on first use (one per visitor and animal). */
  getOrCreateConversation(input: {
    visitorId: string;
    animalId: string;
    locale: Locale;
  }): Promise<ConversationRecord>;
  getConversation(conversationId: string): Promise<ConversationRecord | null>;
  /** Updates the conversation's locale (a visitor switched language). */
  setLocale(conversationId: string, locale: Locale): Promise<void>;
  /** Appends a message; any `reactions` on it are ignored (they only come from `toggleReaction`). */
  appendMessage(conversationId: string, message: ConversationMessage): Promise<void>;
  /** The last `limit` messages, oldest first (all kept messages when `limit` is omitted). */
  listMessages(conversationId: string, limit?: number): Promise<ConversationMessage[]>;
  /** Atomically claims `clientMessageId` within the conversation; the first claim wins. */
  claimClientMessage(
    conversationId: string,
    clientMessageId: string,
    value: ClaimedMessage,
  ): Promise<ClaimResult>;
  /** Reads an existing claim without creating one. */
  findClientMessage(
    conversationId: string,
    clientMessageId: string,
  ): Promise<ClaimedMessage | null>;
  /** Removes the conversation, its history, its reactions and its claims. */
  deleteConversation(conversationId: string): Promise<void>;
  /**
   * Removes every conversation of the visitor (history, reactions, claims, indexes and the
   * visitor's list) and returns the removed conversations' ids. Privacy erasure: a visitor only
   * reacts in conversations they joined, so their reactions go with their conversations.
   */
  deleteVisitor(visitorId: string): Promise<string[]>;
  /**
   * The visitor's live conversations, newest `updatedAt` first (ties: higher id first). Expired
   * and deleted conversations are never listed.
   */
  listConversations(visitorId: string): Promise<ConversationRecord[]>;
  /**
   * Atomically adds the visitor's `emoji` reaction to an assistant message, or removes it when the
   * visitor already had it (one reaction per visitor, message and emoji). Refreshes the
   * conversation's expiry but not its `updatedAt`. Rejects with
   * `CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND`, `CMZ_ERR_SESSION_MESSAGE_NOT_FOUND` (not in the kept
   * history) or `CMZ_ERR_REACTION_NOT_ALLOWED` (a user message).
   */
  toggleReaction(toggle: ReactionToggle): Promise<ReactionResult>;
  /** Resolves when the store answers; rejects otherwise (used by `/readyz`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Limits shared by both implementations. */
export interface ConversationStoreOptions {
  /** Messages kept per conversation. @default 50 */
  maxMessages: number;
  /** Seconds of inactivity after which a conversation and its history expire. @default 2592000 (30 days) */
  ttlSeconds: number;
  /** Seconds a `clientMessageId` claim is remembered. @default 86400 */
  claimTtlSeconds: number;
}
