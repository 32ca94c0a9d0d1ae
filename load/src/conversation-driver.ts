/**
 * The same conversation moves on the engine and on the bare baseline: join a conversation of
 * one's own, join a shared one, send a message. The engine speaks the real protocol
 * (`conversation:join`, `message:send` with a fresh `clientMessageId`); the baseline just joins a
 * room and asks for one streamed reply into it.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { countError } from './scenario-types.ts';
import { emitWithAck, type ServerKind } from './socket-swarm.ts';

interface Ack {
  ok: boolean;
  code?: string;
  conversationId?: string;
}

/** Joins and sends for one kind of server. */
export interface ConversationDriver {
  kind: ServerKind;
  /** Joins a conversation (engine: with the animal `leo`) and answers its id. */
  joinOwn(socket: Socket, index: number): Promise<string>;
  /** Joins an existing conversation by id. */
  joinShared(socket: Socket, conversationId: string): Promise<void>;
  /** Sends one message; ack failures are counted in `errors`. */
  send(socket: Socket, conversationId: string, errors: Record<string, number>): void;
}

/**
 * The driver for `kind`.
 *
 * @example
 * ```ts
 * const driver = conversationDriver('engine');
 * const conversationId = await driver.joinOwn(socket, 0);
 * driver.send(socket, conversationId, errors);
 * ```
 */
export function conversationDriver(kind: ServerKind): ConversationDriver {
  return kind === 'engine' ? engineDriver : baselineDriver;
}

const engineDriver: ConversationDriver = {
  kind: 'engine',
  async joinOwn(socket) {
    const ack = await emitWithAck<Ack>(socket, 'conversation:join', { animalId: 'leo' });
    if (!ack.ok || !ack.conversationId) throw new Error(`join failed: ${ack.code ?? 'no id'}`);
    return ack.conversationId;
  },
  async joinShared(socket, conversationId) {
    const ack = await emitWithAck<Ack>(socket, 'conversation:join', { conversationId });
    if (!ack.ok) throw new Error(`join ${conversationId} failed: ${ack.code ?? 'unknown'}`);
  },
  send(socket, conversationId, errors) {
    socket.emit(
      'message:send',
      { conversationId, clientMessageId: randomUUID(), text: 'Tell me about your day please' },
      (ack: Ack) => {
        if (!ack.ok) countError(errors, ack.code ?? 'ack-not-ok');
      },
    );
  },
};

const baselineDriver: ConversationDriver = {
  kind: 'baseline',
  async joinOwn(socket, index) {
    const room = `room-${index}`;
    await emitWithAck(socket, 'join', { room });
    return room;
  },
  async joinShared(socket, room) {
    await emitWithAck(socket, 'join', { room });
  },
  send(socket, room) {
    socket.emit('message:send', { room });
  },
};

/**
 * Resolves once `predicate()` holds, polling every 20 ms; rejects after `timeoutMs` with `what`.
 *
 * @example
 * ```ts
 * await waitUntil(() => recorder.counts.replyEnds >= 1000, 30_000, 'every member got reply:end');
 * ```
 */
export async function waitUntil(
  predicate: () => boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!predicate()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
