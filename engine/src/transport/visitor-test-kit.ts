/**
 * Helpers shared by the socket tests of the visitor events: connect as a (returning) visitor,
 * join an animal, chat once and wait for the next server event.
 *
 * @module
 */
import { expect } from 'vitest';
import type {
  ConversationMessage,
  JoinAck,
  SendAck,
  ServerToClientEvents,
} from '../protocol/events.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';

let messageCounter = 0;

/**
 * Connects sockets to one server and closes them all at the end.
 *
 * @example
 * ```ts
 * const visitors = createVisitorSockets(() => server.url);
 * const { socket, session } = await visitors.connect();
 * afterAll(() => visitors.closeAll());
 * ```
 */
export function createVisitorSockets(url: () => string) {
  const sockets: EngineClient[] = [];
  return {
    async connect(guestToken?: string) {
      const client = await connectClient(url(), guestToken === undefined ? {} : { guestToken });
      sockets.push(client.socket);
      return client;
    },
    closeAll() {
      for (const socket of sockets.splice(0)) socket.close();
    },
  };
}

/**
 * Joins the visitor's conversation with an animal.
 *
 * @example
 * ```ts
 * const join = await joinAnimal(socket, 'bella');
 * ```
 */
export async function joinAnimal(socket: EngineClient, animalId = 'bella'): Promise<JoinAck> {
  const ack = await request(socket, 'conversation:join', { animalId });
  expect(ack.ok).toBe(true);
  return ack as JoinAck;
}

/**
 * Sends one message, waits for the whole reply, and returns the stored assistant message (read
 * back through a rejoin, the way a client learns message ids).
 *
 * @example
 * ```ts
 * const reply = await chatOnce(socket, join.conversationId, 'What do you eat?');
 * ```
 */
export async function chatOnce(
  socket: EngineClient,
  conversationId: string,
  text: string,
): Promise<ConversationMessage> {
  const observer = observeReplies(socket);
  const sent = (await request(socket, 'message:send', {
    conversationId,
    clientMessageId: `visitor-test-${++messageCounter}`,
    text,
  })) as SendAck;
  expect(sent.ok).toBe(true);
  await observer.waitFor(sent.replyId);
  const rejoin = (await request(socket, 'conversation:join', { conversationId })) as JoinAck;
  const reply = rejoin.history.find((message) => message.replyId === sent.replyId);
  if (reply === undefined) throw new Error('reply not stored');
  return reply;
}

/**
 * Resolves with the next `event` the socket receives.
 *
 * @example
 * ```ts
 * const update = nextEvent(other, 'reaction:update');
 * ```
 */
export function nextEvent<E extends keyof ServerToClientEvents>(
  socket: EngineClient,
  event: E,
): Promise<Parameters<ServerToClientEvents[E]>[0]> {
  return new Promise((resolve) => {
    (socket.once as (name: string, listener: (value: never) => void) => void)(event, resolve);
  });
}
