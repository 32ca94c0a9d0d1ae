/**
 * The room protocol's types (docs/rooms.md) as the web app uses them, and the socket of a room
 * page. `@cmz/engine/protocol` carries the room events in its event maps, so a room page uses the
 * chat client as it is; this module names the pieces room code needs in one place. Only types
 * come from the engine: no engine code reaches the browser.
 *
 * @module
 */
import type { ConversationMessage } from '@cmz/engine/protocol';
import { connectChat, type ChatSocket, type ConnectOptions } from '../socket-client.ts';

export type {
  MessageAuthor,
  RoomAskAck,
  RoomControlAck,
  RoomControlPayload,
  RoomExportAck,
  RoomHostView,
  RoomJoinAck,
  RoomKind,
  RoomModerateAck,
  RoomModeratePayload,
  RoomOpenAck,
  RoomOpenPayload,
  RoomQuestion,
  RoomQueueEvent,
  RoomSayAck,
  RoomState,
  RoomVoteAck,
  RoomVotesEvent,
  QuestionStatus,
  ServerToClientEvents,
} from '@cmz/engine/protocol';

/**
 * A stored message as rooms send it (with its `author` when a member or a keeper wrote it).
 *
 * @example
 * ```ts
 * const name = (message as RoomMessage).author?.name;
 * ```
 */
export type RoomMessage = ConversationMessage;

/**
 * The socket of a room page: the chat socket, whose event maps include the room events.
 *
 * @example
 * ```ts
 * const socket: RoomSocket = connectRoom();
 * ```
 */
export type RoomSocket = ChatSocket;

/**
 * Opens the engine connection for a room page: the chat client (guest token, bearer token of a
 * signed-in teacher or keeper, reconnects after drops and drains).
 *
 * @example
 * ```ts
 * const socket = connectRoom();
 * socket.on('room:state', ({ room }) => console.log(room.paused));
 * ```
 */
export function connectRoom(options?: ConnectOptions): RoomSocket {
  return connectChat(options);
}
