/**
 * What every room action shares: the stores, the engine's pieces, the per-socket room sessions,
 * role checks, and the helpers that tell clients about changes.
 *
 * @module
 */
import type { AnimalCatalog } from '../content/animal-catalog.ts';
import type { AnimalPersona } from '../content/animal-types.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { ReplyRunner } from '../pipeline/reply-runner.ts';
import type { QuestionStatus, RoomHostView, RoomKind, RoomState } from '../protocol/room-events.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
import type { RateLimiter } from '../session/rate-limiter.ts';
import type { Logger } from '../telemetry/logger.ts';
import { presenceOf } from '../transport/presence.ts';
import {
  conversationRoom,
  type EngineServer,
  type EngineSocketData,
} from '../transport/socket-types.ts';
import type { MemberTokens } from './member-token.ts';
import type { ReactionWindows } from './reaction-windows.ts';
import type { RoomBatcher } from './room-batcher.ts';
import { joinQrSvg } from './room-qr.ts';
import type { RoomRecord, RoomStore, StoredQuestion } from './room-store.ts';
import {
  approximateCount,
  queueOf,
  roomHostsRoom,
  roomMemberPrefix,
  roomMemberRoom,
  roomState,
  toRoomQuestion,
} from './room-views.ts';

// Statuses of a live question that every viewer sees (pending and rejected stay between the
// asker and the moderators).
const publicLiveStatuses = new Set<QuestionStatus>(['approved', 'answering', 'answered', 'hidden']);

/** A socket's place in one room. */
export interface RoomSession {
  roomId: string;
  kind: RoomKind;
  conversationId: string;
  memberId: string;
  nickname: string;
  role: 'host' | 'moderator' | 'member';
}

/** The settings of shared rooms. */
export interface RoomSettings {
  schoolMaxMembers: number;
  countExactUpTo: number;
  maxQuestionLength: number;
}

/** The dependencies of the room actions. */
export interface RoomContextOptions extends RoomSettings {
  store: RoomStore;
  conversations: ConversationStore;
  animals: AnimalCatalog;
  replies: ReplyRunner;
  questionLimiter: RateLimiter;
  tokens: MemberTokens;
  io: () => EngineServer | undefined;
  batcher: () => RoomBatcher;
  reactions: () => ReactionWindows;
  logger: Logger;
}

const sessions = new WeakMap<EngineSocketData, Map<string, RoomSession>>();

/**
 * The shared helpers of the room actions.
 *
 * @example
 * ```ts
 * const context = new RoomContext(options);
 * const room = await context.openRoom('rm_1');
 * ```
 */
export class RoomContext {
  readonly options: RoomContextOptions;
  /** Rooms with sockets on this node (their queue and pace are looked after by this node too). */
  readonly localRooms = new Map<string, RoomKind>();

  constructor(options: RoomContextOptions) {
    this.options = options;
  }

  get store(): RoomStore {
    return this.options.store;
  }

  /** The synthetic visitor that owns a room's conversation (no person owns it). */
  static roomVisitorId(roomId: string): string {
    return `room_${roomId}`;
  }

  /** The socket's session in a room, if it joined or opened it. */
  session(data: EngineSocketData, roomId: string): RoomSession | undefined {
    return sessions.get(data)?.get(roomId);
  }

  /** Records the socket's place in a room. */
  remember(data: EngineSocketData, session: RoomSession): void {
    let rooms = sessions.get(data);
    if (rooms === undefined) {
      rooms = new Map();
      sessions.set(data, rooms);
    }
    rooms.set(session.roomId, session);
    this.localRooms.set(session.roomId, session.kind);
  }

  /** A room that exists and has not ended, or `CMZ_ERR_ROOM_NOT_FOUND`. */
  async openRoom(roomId: string): Promise<RoomRecord> {
    const room = await this.store.getRoom(roomId);
    if (room === null || room.ended) throw new EngineError('CMZ_ERR_ROOM_NOT_FOUND');
    return room;
  }

  /** Host, moderator or nobody, for a visitor in a room. */
  async roleOf(room: RoomRecord, visitorId: string): Promise<'host' | 'moderator' | null> {
    if (room.hostId === visitorId) return 'host';
    const moderators = await this.store.listModerators(room.roomId);
    return moderators.includes(visitorId) ? 'moderator' : null;
  }

  /** Throws `CMZ_ERR_ROOM_FORBIDDEN` unless the visitor hosts (or, when allowed, moderates). */
  async requireStaff(
    room: RoomRecord,
    data: EngineSocketData,
    hostOnly = false,
  ): Promise<'host' | 'moderator'> {
    const role = await this.roleOf(room, data.visitor.visitorId);
    if (role === 'host' || (role === 'moderator' && !hostOnly)) return role;
    throw new EngineError('CMZ_ERR_ROOM_FORBIDDEN');
  }

  animal(room: RoomRecord): AnimalPersona {
    const animal = this.options.animals.get(room.animalId);
    if (animal === undefined) {
      throw new EngineError('CMZ_ERR_SESSION_ANIMAL_NOT_FOUND', { args: [room.animalId] });
    }
    return animal;
  }

  /** Members now: exact for school (stored members), presence for live (sockets on every node). */
  async memberCount(room: RoomRecord): Promise<{ count: number; approximate: boolean }> {
    const io = this.options.io();
    const presence = io === undefined ? undefined : presenceOf(io);
    const count =
      room.kind === 'live' && presence !== undefined
        ? await presence.count(room.conversationId)
        : await this.store.memberCount(room.roomId);
    return approximateCount(count, this.options.countExactUpTo);
  }

  async state(room: RoomRecord): Promise<RoomState> {
    return roomState(room, this.animal(room), await this.memberCount(room));
  }

  /** The extra view of hosts and moderators. */
  async hostView(room: RoomRecord): Promise<RoomHostView> {
    const joinPath = room.kind === 'school' ? `/join/${room.joinCode}` : `/live/${room.joinCode}`;
    const [questions, members, moderators, qrSvg] = await Promise.all([
      this.store.listQuestions(room.roomId),
      this.members(room),
      this.store.listModerators(room.roomId),
      joinQrSvg(joinPath),
    ]);
    return {
      joinCode: room.joinCode,
      joinPath,
      qrSvg,
      queue: queueOf(room.kind, questions),
      members,
      pace: room.pace,
      moderators,
    };
  }

  /** School: members with whether a socket of theirs is connected (live rooms: none listed). */
  async members(room: RoomRecord): Promise<RoomHostView['members']> {
    if (room.kind === 'live') return [];
    const members = await this.store.listMembers(room.roomId);
    const connected = new Set<string>();
    const io = this.options.io();
    if (io !== undefined) {
      const prefix = roomMemberPrefix(room.roomId);
      const sockets = await io
        .in(conversationRoom(room.conversationId))
        .fetchSockets()
        .catch(() => []);
      for (const socket of sockets) {
        for (const name of socket.rooms) {
          if (name.startsWith(prefix)) connected.add(name.slice(prefix.length));
        }
      }
    }
    return members.map((member) => ({
      memberId: member.memberId,
      nickname: member.nickname,
      connected: connected.has(member.memberId),
    }));
  }

  /** Sends the room's state to every member. */
  async broadcastState(room: RoomRecord): Promise<RoomState> {
    const state = await this.state(room);
    this.options
      .io()
      ?.to(conversationRoom(room.conversationId))
      .emit('room:state', { room: state });
    return state;
  }

  /**
   * Sends a question's new status to its asker and the askers merged into it; in a live room a
   * question that moderators made public (approved, being answered, answered, or hidden again)
   * goes to every viewer, who can then see it and vote on it.
   */
  notifyQuestion(roomId: string, question: StoredQuestion): void {
    const io = this.options.io();
    if (io === undefined) return;
    const members = [question.memberId, ...question.mergedMembers];
    const event = { roomId, question: toRoomQuestion(question) };
    io.to(members.map((memberId) => roomMemberRoom(roomId, memberId))).emit('room:question', event);
    this.options.batcher().queueChanged(roomId);
    if (!publicLiveStatuses.has(question.status)) return;
    this.store.getRoom(roomId).then(
      (room) => {
        if (room?.kind === 'live')
          io.to(conversationRoom(room.conversationId)).emit('room:question', event);
      },
      () => undefined,
    );
  }

  /** Sends the hosts the queue (and school members) now. */
  async sendQueue(roomId: string): Promise<void> {
    const room = await this.store.getRoom(roomId);
    const io = this.options.io();
    if (room === null || io === undefined) return;
    const [questions, members] = await Promise.all([
      this.store.listQuestions(roomId),
      room.kind === 'school' ? this.members(room) : Promise.resolve(undefined),
    ]);
    io.to(roomHostsRoom(roomId)).emit('room:queue', {
      roomId,
      queue: queueOf(room.kind, questions),
      ...(members ? { members } : {}),
    });
  }
}
