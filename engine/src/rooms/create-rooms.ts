/**
 * Assembles shared rooms for one engine: the actions, the answer queue, the batcher of votes,
 * reactions and queue updates, the per-node tick, and the Socket.IO event table.
 *
 * @module
 */
import type { AnimalCatalog } from '../content/animal-catalog.ts';
import type { ReplyRunner } from '../pipeline/reply-runner.ts';
import { parseRoomInbound, type RoomInboundEvent } from '../protocol/room-schema.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
import { createMemoryRateLimiter } from '../session/memory-rate-limiter.ts';
import type { RateLimiter } from '../session/rate-limiter.ts';
import type { Logger } from '../telemetry/logger.ts';
import {
  conversationRoom,
  type EngineServer,
  type SocketEventHandler,
} from '../transport/socket-types.ts';
import { AnswerQueue } from './answer-queue.ts';
import { MemberTokens } from './member-token.ts';
import { createMemoryRoomStore } from './memory-room-store.ts';
import { answerQuestion, roomTick } from './room-answers.ts';
import { ReactionWindows } from './reaction-windows.ts';
import { RoomBatcher, type RoomBatch } from './room-batcher.ts';
import { RoomContext, type RoomSettings } from './room-context.ts';
import { createHostActions } from './room-host-actions.ts';
import { createMemberActions } from './room-member-actions.ts';
import type { RoomStore } from './room-store.ts';

/** Room configuration an engine accepts (all optional). */
export interface RoomOptions extends Partial<RoomSettings> {
  /** @default in-memory (one node) */
  store?: RoomStore;
  /** The per-member question bucket. @default in-memory, 3 per minute */
  questionLimiter?: RateLimiter;
  /** How often batched updates go out. @default 500 */
  batchWindowMs?: number;
  /** How often a node looks after its rooms (queues, auto pace). @default 1000 */
  tickMs?: number;
  /** How long the answer lease lasts without renewal. @default 30000 */
  answerLeaseMs?: number;
}

/** What `createRooms` needs from the engine. */
export interface RoomEngineParts {
  conversations: ConversationStore;
  animals: AnimalCatalog;
  replies: ReplyRunner;
  secret: string;
  nodeId: string;
  logger: Logger;
  io: () => EngineServer | undefined;
  maxMessageLength: number;
}

/** Shared rooms of one engine. */
export interface Rooms {
  readonly store: RoomStore;
  /** The Socket.IO handlers of the room events. */
  readonly events: Record<RoomInboundEvent, SocketEventHandler>;
  /** Starts answering a room's queue on this node if no node is doing it. */
  pump(roomId: string): void;
  /** Stops timers and waits for the answers running here. */
  close(): Promise<void>;
}

/**
 * Creates the rooms of an engine.
 *
 * @example
 * ```ts
 * const rooms = createRooms({ store: createMemoryRoomStore() }, parts);
 * attachConversationEvents(io, handlers, logger, plugins, rooms.events);
 * ```
 */
export function createRooms(options: RoomOptions, parts: RoomEngineParts): Rooms {
  const store = options.store ?? createMemoryRoomStore();
  const questionLimiter =
    options.questionLimiter ?? createMemoryRateLimiter({ capacity: 3, refillPerSecond: 3 / 60 });
  const batcher = new RoomBatcher(
    options.batchWindowMs ?? 500,
    (roomId, batch) => void flush(roomId, batch),
  );
  const reactions = new ReactionWindows({
    store,
    windowMs: options.batchWindowMs ?? 500,
    send: (roomId, counts) => void sendReactions(roomId, counts),
    onError: (error) => parts.logger.debug({ err: error }, 'room reactions failed'),
  });
  const context = new RoomContext({
    store,
    conversations: parts.conversations,
    animals: parts.animals,
    replies: parts.replies,
    questionLimiter,
    tokens: new MemberTokens(parts.secret),
    io: parts.io,
    batcher: () => batcher,
    reactions: () => reactions,
    logger: parts.logger,
    schoolMaxMembers: options.schoolMaxMembers ?? 100,
    countExactUpTo: options.countExactUpTo ?? 100,
    maxQuestionLength: options.maxQuestionLength ?? parts.maxMessageLength,
  });
  const answers = new AnswerQueue({
    store,
    nodeId: parts.nodeId,
    leaseMs: options.answerLeaseMs ?? 30_000,
    canAnswer: async (roomId) => {
      const room = await store.getRoom(roomId);
      return room !== null && !room.ended && !room.paused && !room.takeover;
    },
    answer: (roomId, questionId) => answerQuestion(context, roomId, questionId),
    logger: parts.logger,
  });
  const pump = (roomId: string) => answers.pump(roomId);
  const members = createMemberActions(context, pump);
  const hosts = createHostActions(context, members, pump);
  let ticking = false;
  const tick = setInterval(() => {
    if (ticking) return;
    ticking = true;
    void roomTick(context, parts.nodeId, pump)
      .catch((error: unknown) => parts.logger.debug({ err: error }, 'room tick failed'))
      .finally(() => (ticking = false));
  }, options.tickMs ?? 1_000);
  tick.unref();

  async function flush(roomId: string, batch: RoomBatch): Promise<void> {
    const io = parts.io();
    const room = await store.getRoom(roomId).catch(() => null);
    if (io === undefined || room === null) return;
    const everyone = io.to(conversationRoom(room.conversationId));
    if (batch.votes.size > 0) {
      const votes = [...batch.votes].map(([questionId, count]) => ({ questionId, votes: count }));
      everyone.emit('room:votes', { roomId, votes });
    }
    if (batch.queue) await context.sendQueue(roomId).catch(() => undefined);
  }

  async function sendReactions(roomId: string, counts: Record<string, number>): Promise<void> {
    const room = await store.getRoom(roomId).catch(() => null);
    if (room === null) return;
    parts
      .io()
      ?.to(conversationRoom(room.conversationId))
      .emit('room:reactions', { roomId, counts });
  }

  const events: Record<RoomInboundEvent, SocketEventHandler> = {
    'school:open': (socket, payload) =>
      members.open(socket, 'school', parseRoomInbound('school:open', payload)),
    'live:open': (socket, payload) =>
      members.open(socket, 'live', parseRoomInbound('live:open', payload)),
    'room:join': (socket, payload) => members.join(socket, parseRoomInbound('room:join', payload)),
    'room:ask': (socket, payload) => members.ask(socket, parseRoomInbound('room:ask', payload)),
    'room:vote': (socket, payload) => members.vote(socket, parseRoomInbound('room:vote', payload)),
    'room:react': (socket, payload) =>
      members.react(socket, parseRoomInbound('room:react', payload)),
    'room:nickname': (_socket, payload) =>
      members.nickname(parseRoomInbound('room:nickname', payload)),
    'room:moderate': (socket, payload) =>
      hosts.moderate(socket, parseRoomInbound('room:moderate', payload)),
    'room:control': (socket, payload) =>
      hosts.control(socket, parseRoomInbound('room:control', payload)),
    'room:say': (socket, payload) => hosts.say(socket, parseRoomInbound('room:say', payload)),
    'room:export': (socket, payload) =>
      hosts.exportTranscript(socket, parseRoomInbound('room:export', payload)),
  };

  return {
    store,
    events,
    pump,
    async close() {
      clearInterval(tick);
      batcher.close();
      reactions.close();
      await answers.close();
      if (options.store === undefined) await store.close();
    },
  };
}
