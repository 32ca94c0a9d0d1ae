/**
 * A typed Socket.IO test client for the engine: connect with a guest token, call events with
 * acks, and wait for a whole reply. Used by integration tests and the load harness.
 *
 * @module
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  ReplyDeltaEvent,
  ReplyEndEvent,
  ReplyErrorEvent,
  ServerToClientEvents,
  SessionReadyEvent,
} from '../protocol/events.ts';

export type EngineClient = Socket<ServerToClientEvents, ClientToServerEvents>;

/** Options of {@link connectClient}. */
export interface ConnectOptions {
  guestToken?: string;
  token?: string;
  protocolVersion?: number;
}

/**
 * Connects over WebSocket and resolves once `session:ready` arrived.
 *
 * @example
 * ```ts
 * const { socket, session } = await connectClient(server.url);
 * ```
 */
export async function connectClient(
  url: string,
  options: ConnectOptions = {},
): Promise<{ socket: EngineClient; session: SessionReadyEvent }> {
  const socket: EngineClient = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    auth: {
      protocolVersion: options.protocolVersion ?? 1,
      guestToken: options.guestToken,
      token: options.token,
    },
  });
  const session = await new Promise<SessionReadyEvent>((resolve, reject) => {
    socket.once('session:ready', resolve);
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });
  return { socket, session };
}

/**
 * Emits an event and resolves with its acknowledgement.
 *
 * @example
 * ```ts
 * const ack = await request(socket, 'conversation:join', { animalId: 'bella' });
 * ```
 */
export function request<E extends keyof ClientToServerEvents>(
  socket: EngineClient,
  event: E,
  payload: Parameters<ClientToServerEvents[E]>[0],
): Promise<Parameters<NonNullable<Parameters<ClientToServerEvents[E]>[1]>>[0]> {
  return new Promise((resolve) => {
    (socket.emit as (...args: unknown[]) => void)(event, payload, resolve);
  });
}

/** Everything a client saw of one reply. */
export interface ObservedReply {
  deltas: ReplyDeltaEvent[];
  end?: ReplyEndEvent;
  error?: ReplyErrorEvent;
}

/**
 * Records reply events on a socket; `waitFor(replyId)` resolves when that reply ends or fails.
 *
 * @example
 * ```ts
 * const observer = observeReplies(socket);
 * const ack = await request(socket, 'message:send', payload);
 * const reply = await observer.waitFor(ack.replyId);
 * ```
 */
export function observeReplies(socket: EngineClient) {
  const replies = new Map<string, ObservedReply>();
  const waiters = new Map<string, (reply: ObservedReply) => void>();
  const entry = (replyId: string) => {
    let reply = replies.get(replyId);
    if (reply === undefined) {
      reply = { deltas: [] };
      replies.set(replyId, reply);
    }
    return reply;
  };
  const settle = (replyId: string) => waiters.get(replyId)?.(entry(replyId));
  socket.on('reply:delta', (event) => void entry(event.replyId).deltas.push(event));
  socket.on('reply:end', (event) => {
    entry(event.replyId).end = event;
    settle(event.replyId);
  });
  socket.on('reply:error', (event) => {
    entry(event.replyId).error = event;
    settle(event.replyId);
  });
  return {
    replies,
    waitFor(replyId: string): Promise<ObservedReply> {
      const known = replies.get(replyId);
      if (known?.end || known?.error) return Promise.resolve(known);
      return new Promise((resolve) => waiters.set(replyId, resolve));
    },
  };
}
