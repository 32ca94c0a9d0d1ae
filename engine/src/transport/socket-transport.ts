/**
 * Wires the conversation handlers to a Socket.IO server: validation at the edge, acks with coded
 * errors, unknown events answered with `protocol:error`, the room sink that fans reply events
 * out to every socket in a conversation, and the per-visitor room every socket joins.
 *
 * @module
 */
import type { ReplySink } from '../pipeline/reply-sink.ts';
import { toPublicError } from '../errors/engine-error.ts';
import { EngineError } from '../errors/engine-error.ts';
import { PROTOCOL_VERSION, type ErrorAck } from '../protocol/events.ts';
import { isInboundEvent, parseInbound, type InboundEvent } from '../protocol/schema.ts';
import type { Logger } from '../telemetry/logger.ts';
import { logOperation } from '../telemetry/logger.ts';
import type { ConversationHandlers } from './conversation-handlers.ts';
import { dispatchPluginEvent, type PluginEventSource } from './plugin-events.ts';
import { presenceOf } from './presence.ts';
import { roomFanoutOf } from './room-fanout.ts';
import {
  conversationRoom,
  visitorRoom,
  type EngineServer,
  type EngineSocket,
  type SocketEventHandler,
} from './socket-types.ts';
import { visitorEventTable } from './visitor-events.ts';

/**
 * A sink emitting reply events to a conversation's room: through the server's registered
 * `RoomFanout` (coalescing, slow consumers) when there is one, plainly otherwise.
 *
 * @example
 * ```ts
 * const sink = createRoomSink(io, 'c_1');
 * ```
 */
export function createRoomSink(io: EngineServer, conversationId: string): ReplySink {
  const fanout = roomFanoutOf(io);
  if (fanout !== undefined) return fanout.sinkFor(conversationId);
  const room = () => io.to(conversationRoom(conversationId));
  return {
    messageNew: (event) => room().emit('message:new', event),
    start: (event) => room().emit('reply:start', event),
    delta: (event) => room().emit('reply:delta', event),
    end: (event) => room().emit('reply:end', event),
    error: (event) => room().emit('reply:error', event),
  };
}

/**
 * Registers the engine's events (and the shared rooms' `roomEvents`) on every connecting socket.
 *
 * @example
 * ```ts
 * attachConversationEvents(io, handlers, logger);
 * ```
 */
export function attachConversationEvents(
  io: EngineServer,
  handlers: ConversationHandlers,
  logger: Logger,
  plugins?: PluginEventSource,
  roomEvents: Record<string, SocketEventHandler> = {},
): void {
  const coreTable: Record<InboundEvent, SocketEventHandler> = {
    'conversation:join': async (socket, payload) => {
      const ack = await handlers.join(
        socket.data,
        parseInbound('conversation:join', payload),
        socket.id,
        // In the room before the reply journal is read, so a resume misses nothing.
        (conversationId) => Promise.resolve(socket.join(conversationRoom(conversationId))),
      );
      await socket.join(conversationRoom(ack.conversationId));
      const presence = presenceOf(io);
      return presence ? { ...ack, presence: await presence.count(ack.conversationId) } : ack;
    },
    'message:send': (socket, payload) =>
      handlers.send(socket.data, parseInbound('message:send', payload)),
    'reply:abort': (socket, payload) =>
      handlers.abort(socket.data, parseInbound('reply:abort', payload)),
    ...visitorEventTable(io, handlers),
  };
  // Shared rooms' events (docs/rooms.md) are validated and handled by `rooms/`.
  const table: Record<string, SocketEventHandler> = { ...coreTable, ...roomEvents };
  io.on('connection', (socket) => {
    // Joined before session:ready, so a client that saw it already receives visitor events.
    void socket.join(visitorRoom(socket.data.visitor.visitorId));
    socket.emit('session:ready', {
      protocolVersion: PROTOCOL_VERSION,
      visitorId: socket.data.visitor.visitorId,
      guestToken: socket.data.guestToken ?? '',
    });
    for (const [event, handler] of Object.entries(table)) {
      socket.on(
        event as InboundEvent,
        (...args: unknown[]) => void runHandler(socket, event, handler, args, logger),
      );
    }
    socket.onAny((event: string, ...args: unknown[]) => {
      if (isInboundEvent(event) || Object.hasOwn(table, event)) return;
      const found = plugins?.findEvent(event);
      if (found !== undefined && plugins !== undefined) {
        void dispatchPluginEvent({ io, socket, event, found, args, plugins, logger });
        return;
      }
      const error = toPublicError(
        new EngineError('CMZ_ERR_PROTOCOL_UNKNOWN_EVENT', { args: [event.slice(0, 60)] }),
      );
      const ack = args.at(-1);
      if (typeof ack === 'function') ack({ ok: false, ...error });
      else socket.emit('protocol:error', { event: event.slice(0, 60), ...error });
    });
    socket.on('disconnect', (reason) => {
      // A disconnect never cancels a reply: replies belong to the conversation, not the socket.
      void handlers.leave(socket.data, socket.id, reason);
    });
  });
}

async function runHandler(
  socket: EngineSocket,
  event: string,
  handler: SocketEventHandler,
  args: unknown[],
  logger: Logger,
): Promise<void> {
  const ack =
    typeof args.at(-1) === 'function' ? (args.at(-1) as (response: unknown) => void) : undefined;
  const payload = args.length > (ack ? 1 : 0) ? args[0] : undefined;
  const started = performance.now();
  try {
    const response = await handler(socket, payload);
    if (ack) ack(response);
    logOperation(logger, {
      operation: event,
      status: 'ok',
      durationMs: elapsed(started),
      visitorId: socket.data.visitor.visitorId,
    });
  } catch (error) {
    const publicError = toPublicError(error);
    const response: ErrorAck = { ok: false, ...publicError };
    if (ack) ack(response);
    else socket.emit('protocol:error', { event, ...publicError });
    logOperation(logger, {
      operation: event,
      status: publicError.code === 'CMZ_ERR_INTERNAL' ? 'error' : 'rejected',
      durationMs: elapsed(started),
      visitorId: socket.data.visitor.visitorId,
      code: publicError.code,
    });
    if (publicError.code === 'CMZ_ERR_INTERNAL')
      logger.error({ err: error, operation: event }, 'unexpected error');
  }
}

function elapsed(started: number): number {
  return Math.round(performance.now() - started);
}
