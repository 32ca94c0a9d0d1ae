/**
 * The Redis `RoomStore`, shared by every node. Layout (with `keys.room(roomId)` = `cmz:room:<id>`):
 * - `cmz:room:<id>`: hash, the room's fields (+ `viewerSeq`, the last "Viewer N")
 * - `…:members`: hash memberId → JSON member; `…:by-visitor`: hash visitorId → memberId (live)
 * - `…:removed`: set of removed member ids; `…:moderators`: set of visitor ids
 * - `…:questions`: hash questionId → JSON question; `…:asked`: hash `<memberId>:<clientQuestionId>`
 *   → questionId (idempotent asks)
 * - `…:votes`: hash questionId → count; `…:voters:<questionId>`: set of member ids;
 *   `…:voted:<memberId>`: set of question ids
 * - `…:answer-queue`: list of question ids in approval order; `…:lease:answer`, `…:lease:pace`
 * - `…:reactions:<window>`: hash emoji → count of one 500 ms window, `…:reactions:<window>:sent`:
 *   the claim of the node that sends it (both expire after a few seconds)
 * - `cmz:room-code:<code>`: the open room holding that join code
 *
 * Everything expires with the room's hash (`ROOM_TTL_SECONDS` after it was opened).
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { ConversationMessage, Locale } from '../protocol/events.ts';
import type { QuestionStatus, RoomKind } from '../protocol/room-events.ts';
import { createRedisKeys, defaultKeyPrefix } from '../session/redis-keys.ts';
import { guardStoreMethods } from '../session/store-errors.ts';
import { newJoinCode } from './join-code.ts';
import { defineRoomScripts } from './redis-room-scripts.ts';
import type {
  AddMemberResult,
  MemberRecord,
  QuestionRecord,
  RoomPatch,
  RoomRecord,
  RoomStore,
  StoredQuestion,
} from './room-store.ts';
import { transcriptLimit } from './room-store.ts';

/** Options of {@link createRedisRoomStore}. */
export interface RedisRoomStoreOptions {
  /** Seconds a room lives after it was opened. @default 43200 */
  ttlSeconds?: number;
  /** @default 'cmz:' */
  prefix?: string;
}

/**
 * Creates the Redis room store on a shared client (the caller closes the client).
 *
 * @example
 * ```ts
 * const rooms = createRedisRoomStore(redis, { ttlSeconds: 43_200 });
 * ```
 */
export function createRedisRoomStore(redis: Redis, options: RedisRoomStoreOptions = {}): RoomStore {
  const keys = createRedisKeys(options.prefix ?? defaultKeyPrefix);
  const ttlSeconds = options.ttlSeconds ?? 43_200;
  const call = defineRoomScripts(redis);
  const sub = (roomId: string, suffix: string) => `${keys.room(roomId)}:${suffix}`;
  const lease = (roomId: string, name: string) => sub(roomId, `lease:${name}`);

  async function getRoom(roomId: string): Promise<RoomRecord | null> {
    const fields = await redis.hgetall(keys.room(roomId));
    return fields.roomId === undefined ? null : parseRoom(fields);
  }

  async function getQuestion(roomId: string, questionId: string): Promise<StoredQuestion | null> {
    const [json, votes] = await Promise.all([
      redis.hget(sub(roomId, 'questions'), questionId),
      redis.hget(sub(roomId, 'votes'), questionId),
    ]);
    return json === null ? null : parseQuestion(json, votes ?? '0');
  }

  return guardStoreMethods({
    async createRoom(input) {
      for (;;) {
        const joinCode = newJoinCode();
        // The code is claimed first: two rooms opened at once never share one.
        const claimed = await redis.set(
          keys.roomCode(joinCode),
          input.roomId,
          'EX',
          ttlSeconds,
          'NX',
        );
        if (claimed === null) continue;
        const room: RoomRecord = { ...input, joinCode };
        await redis
          .multi()
          .hset(keys.room(room.roomId), serializeRoom(room))
          .expire(keys.room(room.roomId), ttlSeconds)
          .exec();
        return room;
      }
    },
    getRoom,
    async findRoomByCode(joinCode) {
      const roomId = await redis.get(keys.roomCode(joinCode));
      const room = roomId === null ? null : await getRoom(roomId);
      return room !== null && !room.ended ? room : null;
    },
    async updateRoom(roomId, patch) {
      const fields = Object.entries(serializePatch(patch)).flat();
      if (fields.length > 0 && (await call('cmzRoomUpdate', keys.room(roomId), ...fields)) === 0) {
        return null;
      }
      return getRoom(roomId);
    },
    async endRoom(roomId) {
      const room = await getRoom(roomId);
      if (room === null) return null;
      await call('cmzRoomEnd', keys.room(roomId), keys.roomCode(room.joinCode), roomId);
      return { ...room, ended: true };
    },
    async addMember(roomId, member, maxMembers): Promise<AddMemberResult> {
      const [status, json] = (await call(
        'cmzRoomAddMember',
        keys.room(roomId),
        sub(roomId, 'members'),
        sub(roomId, 'by-visitor'),
        member.memberId,
        member.visitorId,
        member.nickname,
        member.joinedAt,
        maxMembers ?? -1,
      )) as [AddMemberResult['status'], string | undefined];
      if (status === 'full' || status === 'not-found') return { status };
      const stored = JSON.parse(json as string) as MemberRecord;
      return status === 'added'
        ? { status, member: stored }
        : { status: 'existing', member: stored };
    },
    async getMember(roomId, memberId) {
      const json = await redis.hget(sub(roomId, 'members'), memberId);
      return json === null ? null : (JSON.parse(json) as MemberRecord);
    },
    async listMembers(roomId) {
      const values = await redis.hvals(sub(roomId, 'members'));
      return values
        .map((json) => JSON.parse(json) as MemberRecord)
        .sort((a, b) => a.joinedAt.localeCompare(b.joinedAt));
    },
    memberCount: (roomId) => redis.hlen(sub(roomId, 'members')),
    async removeMember(roomId, memberId) {
      const removed = await call(
        'cmzRoomRemoveMember',
        keys.room(roomId),
        sub(roomId, 'members'),
        sub(roomId, 'removed'),
        sub(roomId, 'by-visitor'),
        memberId,
      );
      return removed === 1;
    },
    async isRemoved(roomId, memberId) {
      return (await redis.sismember(sub(roomId, 'removed'), memberId)) === 1;
    },
    async addModerator(roomId, visitorId) {
      await call('cmzRoomAddModerator', keys.room(roomId), sub(roomId, 'moderators'), visitorId);
    },
    listModerators: (roomId) => redis.smembers(sub(roomId, 'moderators')),
    async addQuestion(roomId, question) {
      const [created, json, votes] = (await call(
        'cmzRoomAddQuestion',
        keys.room(roomId),
        sub(roomId, 'asked'),
        sub(roomId, 'questions'),
        sub(roomId, 'votes'),
        `${question.memberId}:${question.clientQuestionId}`,
        question.questionId,
        JSON.stringify(question),
      )) as [number, string, string];
      return { created: created === 1, question: parseQuestion(json, votes) };
    },
    getQuestion,
    async findAsked(roomId, memberId, clientQuestionId) {
      const questionId = await redis.hget(sub(roomId, 'asked'), `${memberId}:${clientQuestionId}`);
      return questionId === null ? null : getQuestion(roomId, questionId);
    },
    async listQuestions(roomId) {
      const [questions, votes] = await Promise.all([
        redis.hgetall(sub(roomId, 'questions')),
        redis.hgetall(sub(roomId, 'votes')),
      ]);
      return Object.entries(questions)
        .map(([id, json]) => parseQuestion(json, votes[id] ?? '0'))
        .sort(
          (a, b) =>
            a.createdAt.localeCompare(b.createdAt) || a.questionId.localeCompare(b.questionId),
        );
    },
    async transitionQuestion(roomId, questionId, transition) {
      const result = (await call(
        'cmzRoomTransition',
        keys.room(roomId),
        sub(roomId, 'questions'),
        sub(roomId, 'answer-queue'),
        sub(roomId, 'votes'),
        questionId,
        transition.from.join(','),
        transition.to ?? '',
        transition.text === undefined ? '0' : '1',
        transition.text ?? '',
        transition.merge
          ? JSON.stringify({
              mergedFrom: transition.merge.ids,
              mergedAuthors: transition.merge.authors,
              mergedMembers: transition.merge.members,
            })
          : '',
        transition.enqueue === true ? '1' : '0',
      )) as [string, string] | null;
      return result === null ? null : parseQuestion(result[0], result[1]);
    },
    async vote(roomId, questionId, memberId) {
      const result = (await call(
        'cmzRoomVote',
        keys.room(roomId),
        sub(roomId, 'questions'),
        sub(roomId, `voters:${questionId}`),
        sub(roomId, `voted:${memberId}`),
        sub(roomId, 'votes'),
        questionId,
        memberId,
      )) as [number, number] | null;
      return result === null ? null : { counted: result[0] === 1, votes: Number(result[1]) };
    },
    votedBy: (roomId, memberId) => redis.smembers(sub(roomId, `voted:${memberId}`)),
    async addReactions(roomId, window, counts) {
      const pairs = Object.entries(counts).flat();
      if (pairs.length === 0) return;
      await call(
        'cmzRoomAddReactions',
        sub(roomId, `reactions:${window}`),
        reactionTtlMs,
        ...pairs,
      );
    },
    async claimReactions(roomId, window) {
      const key = sub(roomId, `reactions:${window}`);
      const flat = (await call('cmzRoomClaimReactions', key, `${key}:sent`, reactionTtlMs)) as
        string[] | null;
      if (flat === null) return null;
      const counts: Record<string, number> = {};
      for (let index = 0; index < flat.length; index += 2) {
        counts[flat[index] as string] = Number(flat[index + 1]);
      }
      return counts;
    },
    async appendTranscript(roomId, messages) {
      if (messages.length === 0) return;
      const key = sub(roomId, 'transcript');
      await redis
        .multi()
        .rpush(key, ...messages.map((message) => JSON.stringify(message)))
        .ltrim(key, -transcriptLimit, -1)
        .expire(key, ttlSeconds)
        .exec();
    },
    async transcript(roomId) {
      const entries = await redis.lrange(sub(roomId, 'transcript'), 0, -1);
      return entries.map((entry) => JSON.parse(entry) as ConversationMessage);
    },
    takeQueued: (roomId) => redis.lpop(sub(roomId, 'answer-queue')),
    queueLength: (roomId) => redis.llen(sub(roomId, 'answer-queue')),
    async acquireLease(roomId, name, owner, ttlMs) {
      return (await redis.set(lease(roomId, name), owner, 'PX', ttlMs, 'NX')) === 'OK';
    },
    async renewLease(roomId, name, owner, ttlMs) {
      return (await call('cmzRoomRenewLease', lease(roomId, name), owner, ttlMs)) === 1;
    },
    async releaseLease(roomId, name, owner) {
      await call('cmzRoomReleaseLease', lease(roomId, name), owner);
    },
    // The client is shared with the other stores; its owner closes it.
    close: () => Promise.resolve(),
  });
}

// A window's total is sent within a second or two; a little more covers a slow node.
const reactionTtlMs = 10_000;

function serializeRoom(room: RoomRecord): Record<string, string> {
  return {
    roomId: room.roomId,
    kind: room.kind,
    conversationId: room.conversationId,
    animalId: room.animalId,
    locale: room.locale,
    hostId: room.hostId,
    joinCode: room.joinCode,
    ended: flag(room.ended),
    createdAt: room.createdAt,
    ...serializePatch(room),
  };
}

function serializePatch(patch: RoomPatch): Record<string, string> {
  const fields: Record<string, string> = {};
  if (patch.approvalRequired !== undefined) fields.approvalRequired = flag(patch.approvalRequired);
  if (patch.paused !== undefined) fields.paused = flag(patch.paused);
  if (patch.takeover !== undefined) fields.takeover = flag(patch.takeover);
  if (patch.pace !== undefined) {
    fields.paceMode = patch.pace.mode;
    fields.paceInterval = String(patch.pace.intervalSeconds);
  }
  return fields;
}

function flag(value: boolean): string {
  return value ? '1' : '0';
}

function parseRoom(fields: Record<string, string>): RoomRecord {
  return {
    roomId: fields.roomId ?? '',
    kind: fields.kind as RoomKind,
    conversationId: fields.conversationId ?? '',
    animalId: fields.animalId ?? '',
    locale: fields.locale as Locale,
    hostId: fields.hostId ?? '',
    joinCode: fields.joinCode ?? '',
    approvalRequired: fields.approvalRequired === '1',
    paused: fields.paused === '1',
    ended: fields.ended === '1',
    takeover: fields.takeover === '1',
    pace: {
      mode: fields.paceMode === 'auto' ? 'auto' : 'manual',
      intervalSeconds: Number(fields.paceInterval ?? 30),
    },
    createdAt: fields.createdAt ?? '',
  };
}

// cjson turns an empty array into `{}`: lists are normalized when read.
function list(value: unknown): string[] {
  return Array.isArray(value) ? (value as string[]) : [];
}

function parseQuestion(json: string, votes: string | number): StoredQuestion {
  const raw = JSON.parse(json) as QuestionRecord;
  return {
    ...raw,
    status: raw.status as QuestionStatus,
    mergedFrom: list(raw.mergedFrom),
    mergedAuthors: list(raw.mergedAuthors),
    mergedMembers: list(raw.mergedMembers),
    queued: raw.queued === true,
    votes: Number(votes),
  };
}
