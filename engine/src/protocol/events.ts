/**
 * The typed, versioned wire protocol between clients and the engine (Socket.IO event maps).
 * This file holds types only, so the web app can import it without server code.
 *
 * @module
 */
import type { ErrorCode } from '../errors/error-catalog.ts';
import type {
  ConversationDeleteAck,
  ConversationDeletedEvent,
  ConversationDeletePayload,
  ConversationListAck,
  ConversationListPayload,
  ShareAck,
  ConversationSharePayload,
  ReactionAck,
  ReactionPayload,
  ReactionUpdateEvent,
  ShareRevokeAck,
  ShareRevokePayload,
} from './visitor-events.ts';
import type { RoomClientToServerEvents, RoomServerToClientEvents } from './room-events.ts';

// The visitor events' payloads (reactions, conversation list, share links) live in their own file.
export type * from './visitor-events.ts';

/** The protocol version a client announces in the handshake `auth.protocolVersion`. */
export const PROTOCOL_VERSION = 1;

/**
 * The child-friendly reactions a visitor may put on an animal's message; anything else is refused.
 * `❤️` and `⭐` are also accepted without (or with) the emoji variation selector and stored in the
 * form listed here.
 */
export const REACTION_EMOJIS = ['👍', '❤️', '😂', '😮', '🐾', '⭐'] as const;

/** One of {@link REACTION_EMOJIS}. */
export type ReactionEmoji = (typeof REACTION_EMOJIS)[number];

/** Languages the engine answers in. */
export type Locale = 'en' | 'es' | 'zh';

/** A fact card the reply was grounded on, shown to the visitor as a small citation card. */
export interface Citation {
  cardId: string;
  title: string;
  /** The card's text, so the client can show it without another request. */
  text: string;
}

/** Token usage of one reply (estimated for the offline responder). */
export interface TokenUsage {
  promptTokens: number;
  completionTokens: number;
  totalTokens: number;
}

/** Why a reply ended. */
export type FinishReason = 'stop' | 'length' | 'aborted' | 'intent';

/** A message as it is stored in history and shown to clients. */
export interface ConversationMessage {
  id: string;
  role: 'user' | 'assistant';
  text: string;
  createdAt: string;
  /** For assistant messages: `stopped` when the visitor stopped the reply, `error` when it failed. */
  status?: 'complete' | 'stopped' | 'error';
  /** For assistant messages, the reply id they came from. */
  replyId?: string;
  /** For user messages, the client's idempotency key. */
  clientMessageId?: string;
  citations?: Citation[];
  /**
   * For assistant messages: how many visitors reacted with each emoji (absent when none). Who
   * reacted stays in the store and is never sent.
   */
  reactions?: Record<string, number>;
  /**
   * Shared rooms: who wrote it. A member's question (`member`, their nickname; merged questions
   * credit every asker) or a keeper's own answer during a takeover (`keeper`, shown as a human's).
   */
  author?: MessageAuthor;
}

/** The human behind a message of a shared room (see `docs/rooms.md`). */
export interface MessageAuthor {
  kind: 'member' | 'keeper';
  name: string;
}

/** A public summary of an animal ambassador. */
export interface AnimalSummary {
  id: string;
  name: string;
  species: string;
  tagline: string;
  emoji: string;
  locales: Locale[];
}

/** A reply that is still streaming when a client joins. */
export interface ActiveReplySnapshot {
  replyId: string;
  text: string;
  /** The `seq` of the last delta included in `text`. */
  seq: number;
}

/** Where a reply is in its life (`reply:resume` status); `unknown` once the journal forgot it. */
export type ReplyStatus = 'streaming' | 'complete' | 'stopped' | 'error' | 'unknown';

/**
 * The answer to `conversation:join {resume: {replyId, seq}}`: exactly the deltas after `seq`
 * (`deltas`), or, when they were already compacted away, the whole text so far (`snapshot`, which
 * replaces the client's text). The live rest arrives through the room; deltas the client already
 * holds are dropped by `seq`.
 */
export interface ResumeResult {
  replyId: string;
  status: ReplyStatus;
  /** The last `seq` the server has journaled for this reply (0 when unknown). */
  lastSeq: number;
  deltas?: { seq: number; text: string }[];
  snapshot?: { text: string; seq: number };
  /** For `status: 'error'`: what ended the reply (e.g. `CMZ_ERR_REPLY_NODE_LOST`, temporary). */
  error?: { code: ErrorCode; message: string; temporary: boolean };
}

/** Successful acknowledgement payloads, per client event. */
export interface JoinAck {
  ok: true;
  conversationId: string;
  animal: AnimalSummary;
  locale: Locale;
  history: ConversationMessage[];
  activeReply?: ActiveReplySnapshot;
  /** Present when the join asked to resume a reply. */
  resume?: ResumeResult;
  /** Sockets in the conversation's room across every node, this one included. */
  presence?: number;
}
export interface SendAck {
  ok: true;
  messageId: string;
  replyId: string;
  /** True when this `clientMessageId` was already accepted: no second reply is produced. */
  duplicate: boolean;
}
export interface AbortAck {
  ok: true;
  replyId: string;
}
/** Failed acknowledgement: a stable code, a message safe to show, and whether a retry may work. */
export interface ErrorAck {
  ok: false;
  code: ErrorCode;
  message: string;
  temporary: boolean;
  retryAfterMs?: number;
}

export type Ack<T> = T | ErrorAck;

/** Payloads of client events. */
export interface JoinPayload {
  animalId?: string;
  conversationId?: string;
  locale?: Locale;
  /** Continue a reply after a reconnect: the last `seq` this client applied. */
  resume?: { replyId: string; seq: number };
}
export interface SendPayload {
  conversationId: string;
  clientMessageId: string;
  text: string;
}
export interface AbortPayload {
  replyId: string;
}
/**
 * Plugins add their own client events here by declaration merging; the engine validates each
 * payload with the plugin's schema and answers `{ ok: true, data }` or a coded error.
 *
 * @example
 * ```ts
 * declare module '@cmz/engine/protocol' {
 *   interface PluginClientEvents {
 *     'quiz:answer': (payload: { questionId: string; choice: number }, ack: (response: Ack<PluginAck<{ correct: boolean }>>) => void) => void;
 *   }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PluginClientEvents {}

/** The acknowledgement of a plugin event. */
export interface PluginAck<T> {
  ok: true;
  data: T;
}

/** The engine's own client events; each takes an acknowledgement callback. */
export interface CoreClientToServerEvents {
  'conversation:join': (payload: JoinPayload, ack: (response: Ack<JoinAck>) => void) => void;
  'message:send': (payload: SendPayload, ack: (response: Ack<SendAck>) => void) => void;
  'reply:abort': (payload: AbortPayload, ack: (response: Ack<AbortAck>) => void) => void;
  'reaction:add': (payload: ReactionPayload, ack: (response: Ack<ReactionAck>) => void) => void;
  'conversation:list': (
    payload: ConversationListPayload,
    ack: (response: Ack<ConversationListAck>) => void,
  ) => void;
  'conversation:delete': (
    payload: ConversationDeletePayload,
    ack: (response: Ack<ConversationDeleteAck>) => void,
  ) => void;
  'conversation:share': (
    payload: ConversationSharePayload,
    ack: (response: Ack<ShareAck>) => void,
  ) => void;
  'share:revoke': (
    payload: ShareRevokePayload,
    ack: (response: Ack<ShareRevokeAck>) => void,
  ) => void;
}

/** Every event a client may send: the engine's own and those plugins declare. */
export interface ClientToServerEvents
  extends CoreClientToServerEvents, RoomClientToServerEvents, PluginClientEvents {}

/** Server events. */
export interface MessageNewEvent {
  conversationId: string;
  message: ConversationMessage;
}
export interface ReplyStartEvent {
  conversationId: string;
  replyId: string;
  /** The user message this reply answers. */
  messageId: string;
  animalId: string;
}
export interface ReplyDeltaEvent {
  conversationId: string;
  replyId: string;
  /** Gap-free, starting at 1 for each reply; the last merged `seq` when coalesced. */
  seq: number;
  /**
   * Present when several deltas were coalesced into this one (big rooms): the first merged `seq`.
   * Apply the delta when `(fromSeq ?? seq) === lastSeq + 1`.
   */
  fromSeq?: number;
  text: string;
}
/** To one socket that fell behind (slow consumer) once it caught up: replaces that reply's text. */
export interface ReplyResyncEvent {
  conversationId: string;
  replyId: string;
  text: string;
  /** The `seq` of the last delta included in `text`; set `lastSeq` to it. */
  seq: number;
}
/** To the conversation's room when its member count changed (throttled). */
export interface RoomPresenceEvent {
  conversationId: string;
  /** Sockets in the room across every node. */
  count: number;
}
/** To every socket of a node that is shutting down. */
export interface ServerDrainingEvent {
  /** Wait this long after being disconnected before reconnecting (spreads the reconnections). */
  reconnectInMs: number;
}
export interface ReplyEndEvent {
  conversationId: string;
  replyId: string;
  /** The full text of the reply, equal to the concatenated deltas. */
  text: string;
  citations: Citation[];
  suggestions: string[];
  usage: TokenUsage;
  finishReason: FinishReason;
  /** The `seq` of the last delta. */
  lastSeq: number;
  /** The id of the stored animal message (for reactions); absent when it could not be stored. */
  assistantMessageId?: string;
}
export interface ReplyErrorEvent {
  conversationId: string;
  replyId: string;
  code: ErrorCode;
  message: string;
  temporary: boolean;
  /** Text streamed before the failure, kept in history. */
  partialText: string;
}
export interface SessionReadyEvent {
  protocolVersion: number;
  visitorId: string;
  /** Present it as `auth.guestToken` on the next connection to keep the same identity. */
  guestToken: string;
}
export interface ProtocolErrorEvent {
  event: string;
  code: ErrorCode;
  message: string;
  temporary: boolean;
}

/**
 * Plugins add their own server events here by declaration merging.
 *
 * @example
 * ```ts
 * declare module '@cmz/engine/protocol' {
 *   interface PluginServerEvents { 'quiz:question': (question: { id: string; text: string }) => void }
 * }
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface PluginServerEvents {}

export interface ServerToClientEvents extends RoomServerToClientEvents, PluginServerEvents {
  'session:ready': (event: SessionReadyEvent) => void;
  'message:new': (event: MessageNewEvent) => void;
  'reply:start': (event: ReplyStartEvent) => void;
  'reply:delta': (event: ReplyDeltaEvent) => void;
  'reply:end': (event: ReplyEndEvent) => void;
  'reply:error': (event: ReplyErrorEvent) => void;
  /** To one socket that fell behind and caught up again (see {@link ReplyResyncEvent}). */
  'reply:resync': (event: ReplyResyncEvent) => void;
  /** To the conversation's room when its member count changed. */
  'room:presence': (event: RoomPresenceEvent) => void;
  /** To every socket of a node that is going away; it disconnects them afterwards. */
  'server:draining': (event: ServerDrainingEvent) => void;
  'protocol:error': (event: ProtocolErrorEvent) => void;
  /** To the conversation's room, after any change of a message's reactions. */
  'reaction:update': (event: ReactionUpdateEvent) => void;
  /** To the visitor's other sockets (room `visitor:<visitorId>`) after `conversation:delete`. */
  'conversation:deleted': (event: ConversationDeletedEvent) => void;
}

/** The handshake `auth` object. */
export interface HandshakeAuth {
  protocolVersion: number;
  /** A guest token from an earlier `session:ready`, to continue as the same visitor. */
  guestToken?: string;
  /** A bearer token from the REST layer's `/auth` (signed-in users). */
  token?: string;
}
