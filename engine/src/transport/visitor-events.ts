/**
 * The Socket.IO side of the visitor events: validate, run the handler, and tell the other
 * sockets that need to know (`reaction:update` to the conversation's room, `conversation:deleted`
 * to the visitor's other sockets).
 *
 * @module
 */
import { parseInbound } from '../protocol/schema.ts';
import type { VisitorHandlers } from './visitor-handlers.ts';
import {
  conversationRoom,
  visitorRoom,
  type EngineServer,
  type SocketEventHandler,
} from './socket-types.ts';

type VisitorEvent =
  | 'reaction:add'
  | 'conversation:list'
  | 'conversation:delete'
  | 'conversation:share'
  | 'share:revoke';

/**
 * The event table entries of the visitor events.
 *
 * @example
 * ```ts
 * const table = { ...coreEvents, ...visitorEventTable(io, handlers) };
 * ```
 */
export function visitorEventTable(
  io: EngineServer,
  handlers: VisitorHandlers,
): Record<VisitorEvent, SocketEventHandler> {
  return {
    'reaction:add': async (socket, payload) => {
      const ack = await handlers.react(socket.data, parseInbound('reaction:add', payload));
      const { conversationId, messageId, reactions } = ack;
      io.to(conversationRoom(conversationId)).emit('reaction:update', {
        conversationId,
        messageId,
        reactions,
      });
      return ack;
    },
    'conversation:list': (socket, payload) => {
      parseInbound('conversation:list', payload);
      return handlers.list(socket.data);
    },
    'conversation:delete': async (socket, payload) => {
      const ack = await handlers.remove(socket.data, parseInbound('conversation:delete', payload));
      const room = conversationRoom(ack.conversationId);
      // Nobody keeps receiving events of a conversation that no longer exists.
      io.in(room).socketsLeave(room);
      socket
        .to(visitorRoom(socket.data.visitor.visitorId))
        .emit('conversation:deleted', { conversationId: ack.conversationId });
      return ack;
    },
    'conversation:share': (socket, payload) =>
      handlers.share(socket.data, parseInbound('conversation:share', payload)),
    'share:revoke': (socket, payload) =>
      handlers.revokeShare(socket.data, parseInbound('share:revoke', payload)),
  };
}
