/**
 * Socket.IO generics of the engine's server, shared by the transport files.
 *
 * @module
 */
import type { Server, Socket } from 'socket.io';
import type { AnimalPersona } from '../content/animal-types.ts';
import type { Visitor } from '../plugins/plugin-types.ts';
import type { ClientToServerEvents, Locale, ServerToClientEvents } from '../protocol/events.ts';
import type { ConversationRecord } from '../session/conversation-store.ts';

/** A conversation a socket has joined. */
export interface JoinedConversation {
  conversation: ConversationRecord;
  animal: AnimalPersona;
  locale: Locale;
}

/** Per-socket data. */
export interface EngineSocketData {
  visitor: Visitor;
  guestToken: string | undefined;
  joined: Map<string, JoinedConversation>;
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
type NoServerSideEvents = {};

export type EngineServer = Server<
  ClientToServerEvents,
  ServerToClientEvents,
  NoServerSideEvents,
  EngineSocketData
>;
export type EngineSocket = Socket<
  ClientToServerEvents,
  ServerToClientEvents,
  NoServerSideEvents,
  EngineSocketData
>;

/**
 * The room of one conversation: every socket of the visitor (and later, every room member) in it.
 *
 * @example
 * ```ts
 * io.to(conversationRoom('c_1')).emit('reply:delta', event);
 * ```
 */
export function conversationRoom(conversationId: string): string {
  return `conversation:${conversationId}`;
}

/**
 * The room of one visitor: every socket of theirs joins it on connect, so events about the
 * visitor's own things (a conversation deleted on another device) reach all of them.
 *
 * @example
 * ```ts
 * socket.to(visitorRoom('v_1')).emit('conversation:deleted', { conversationId: 'c_1' });
 * ```
 */
export function visitorRoom(visitorId: string): string {
  return `visitor:${visitorId}`;
}

/** Handles one validated client event on a socket; the result is the success acknowledgement. */
export type SocketEventHandler = (
  socket: EngineSocket,
  payload: unknown,
) => Promise<object> | object;
