/**
 * Protocol types of the visitor events: reactions on the animal's messages, the visitor's
 * conversation list and deletion, and share links (with the snapshot the HTTP route serves).
 * Types only; re-exported by `events.ts`.
 *
 * @module
 */
import type { AnimalSummary, Citation, ReactionEmoji } from './events.ts';

/** Successful acknowledgement payloads of the visitor events. */
export interface ReactionAck {
  ok: true;
  conversationId: string;
  messageId: string;
  /** The message's counts after the change (an emoji nobody uses any more is left out). */
  reactions: Record<string, number>;
  /** True when this visitor's reaction was added, false when this event toggled it off. */
  reacted: boolean;
}
/** One entry of the visitor's conversation list. */
export interface ConversationSummary {
  conversationId: string;
  animal: AnimalSummary;
  /** ISO time of the last message or locale change. */
  updatedAt: string;
  /** The newest kept message, its text cut to at most 120 characters. */
  lastMessage?: { role: 'user' | 'assistant'; text: string };
  /** Messages kept in history (history is capped, 50 by default). */
  messageCount: number;
}
export interface ConversationListAck {
  ok: true;
  /** Newest first (by `updatedAt`). */
  conversations: ConversationSummary[];
}
export interface ConversationDeleteAck {
  ok: true;
  conversationId: string;
}
export interface ShareAck {
  ok: true;
  /** Unguessable; also what `share:revoke` takes. */
  shareId: string;
  /** Where the web app shows the snapshot: `/shared/<shareId>`. */
  path: string;
}
export interface ShareRevokeAck {
  ok: true;
  shareId: string;
}

/** Payloads of the visitor events. */
export interface ReactionPayload {
  conversationId: string;
  /** The id of an assistant message, as listed in the join `history`. */
  messageId: string;
  emoji: ReactionEmoji;
}
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export type ConversationListPayload = {};
export interface ConversationDeletePayload {
  conversationId: string;
}
export interface ConversationSharePayload {
  conversationId: string;
}
export interface ShareRevokePayload {
  shareId: string;
}

/** Server events of the visitor features. */
export interface ReactionUpdateEvent {
  conversationId: string;
  messageId: string;
  reactions: Record<string, number>;
}
export interface ConversationDeletedEvent {
  conversationId: string;
}
/**
 * A read-only snapshot of a conversation behind a share link (`GET /engine/shares/:shareId`).
 * It carries no visitor, conversation, client or reply ids.
 */
export interface SharedConversation {
  animal: { name: string; species: string; emoji: string };
  messages: SharedMessage[];
  /** ISO time the link was created. */
  sharedAt: string;
}
export interface SharedMessage {
  role: 'user' | 'assistant';
  text: string;
  createdAt: string;
  citations?: Citation[];
}
