/**
 * What clients see of a room: its state, its questions (sorted for the queue), approximate counts
 * and the Socket.IO room names of a room's hosts and members.
 *
 * @module
 */
import { toAnimalSummary } from '../content/animal-catalog.ts';
import type { AnimalPersona } from '../content/animal-types.ts';
import type { RoomQuestion, RoomState } from '../protocol/room-events.ts';
import type { RoomRecord, StoredQuestion } from './room-store.ts';

/**
 * The Socket.IO room of a shared room's hosts and moderators (they get `room:queue`).
 *
 * @example
 * ```ts
 * io.to(roomHostsRoom('rm_1')).emit('room:queue', event);
 * ```
 */
export function roomHostsRoom(roomId: string): string {
  return `room-hosts:${roomId}`;
}

/**
 * The Socket.IO room of one member's sockets (their question's status, `room:removed`).
 *
 * @example
 * ```ts
 * io.to(roomMemberRoom('rm_1', 'rmm_2')).emit('room:removed', { roomId: 'rm_1' });
 * ```
 */
export function roomMemberRoom(roomId: string, memberId: string): string {
  return `${roomMemberPrefix(roomId)}${memberId}`;
}

/**
 * The prefix of {@link roomMemberRoom} names for one room.
 *
 * @example
 * ```ts
 * socketRoom.startsWith(roomMemberPrefix('rm_1'));
 * ```
 */
export function roomMemberPrefix(roomId: string): string {
  return `room-member:${roomId}:`;
}

/**
 * A member count as shown: exact up to `exactUpTo`, then rounded to two significant digits.
 *
 * @example
 * ```ts
 * approximateCount(1234, 100); // { count: 1200, approximate: true }
 * ```
 */
export function approximateCount(
  count: number,
  exactUpTo: number,
): { count: number; approximate: boolean } {
  if (count <= exactUpTo) return { count, approximate: false };
  const step = 10 ** Math.max(0, Math.floor(Math.log10(count)) - 1);
  return { count: Math.round(count / step) * step, approximate: true };
}

/**
 * The state every member sees.
 *
 * @example
 * ```ts
 * const state = roomState(room, animal, { count: 12, approximate: false });
 * ```
 */
export function roomState(
  room: RoomRecord,
  animal: AnimalPersona,
  members: { count: number; approximate: boolean },
): RoomState {
  return {
    roomId: room.roomId,
    kind: room.kind,
    conversationId: room.conversationId,
    animal: toAnimalSummary(animal, room.locale),
    locale: room.locale,
    approvalRequired: room.kind === 'live' ? true : room.approvalRequired,
    paused: room.paused,
    ended: room.ended,
    keeperTakeover: room.takeover,
    memberCount: members.count,
    memberCountApproximate: members.approximate,
  };
}

/**
 * A question as clients see it.
 *
 * @example
 * ```ts
 * socket.emit('room:question', { roomId, question: toRoomQuestion(stored) });
 * ```
 */
export function toRoomQuestion(question: StoredQuestion): RoomQuestion {
  return {
    questionId: question.questionId,
    author: question.author,
    text: question.text,
    status: question.status,
    votes: question.votes,
    mergedFrom: question.mergedFrom,
    createdAt: question.createdAt,
  };
}

const openStatuses = new Set(['pending', 'approved', 'answering']);

/**
 * The moderators' queue: open questions, live rooms by votes (then age), school by age.
 *
 * @example
 * ```ts
 * const queue = queueOf('live', await store.listQuestions(roomId));
 * ```
 */
export function queueOf(kind: RoomRecord['kind'], questions: StoredQuestion[]): RoomQuestion[] {
  return sortQuestions(
    kind,
    questions.filter((question) => openStatuses.has(question.status)),
  ).map(toRoomQuestion);
}

/**
 * Questions in answering order: live by votes (ties: oldest first), school oldest first.
 *
 * @example
 * ```ts
 * const [top] = sortQuestions('live', approved);
 * ```
 */
export function sortQuestions(
  kind: RoomRecord['kind'],
  questions: StoredQuestion[],
): StoredQuestion[] {
  const byAge = (a: StoredQuestion, b: StoredQuestion) =>
    a.createdAt.localeCompare(b.createdAt) || a.questionId.localeCompare(b.questionId);
  return [...questions].sort(kind === 'live' ? (a, b) => b.votes - a.votes || byAge(a, b) : byAge);
}
