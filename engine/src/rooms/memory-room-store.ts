/**
 * The in-memory `RoomStore` (one node). Every method runs without awaiting in between, so each
 * is atomic like its Redis counterpart.
 *
 * @module
 */
import type { ConversationMessage } from '../protocol/events.ts';
import { newJoinCode } from './join-code.ts';
import type {
  AddMemberResult,
  MemberRecord,
  QuestionRecord,
  QuestionTransition,
  RoomLease,
  RoomPatch,
  RoomRecord,
  RoomStore,
  StoredQuestion,
} from './room-store.ts';
import { transcriptLimit } from './room-store.ts';

interface RoomState {
  room: RoomRecord;
  members: Map<string, MemberRecord>;
  byVisitor: Map<string, string>;
  removed: Set<string>;
  moderators: Set<string>;
  viewerSeq: number;
  questions: Map<string, QuestionRecord>;
  asked: Map<string, string>;
  voters: Map<string, Set<string>>;
  queue: string[];
  transcript: ConversationMessage[];
}

const votable = new Set(['pending', 'approved']);

/**
 * Creates an in-memory room store.
 *
 * @example
 * ```ts
 * const rooms = createMemoryRoomStore();
 * ```
 */
export function createMemoryRoomStore(): RoomStore {
  const rooms = new Map<string, RoomState>();
  const codes = new Map<string, string>();
  const leases = new Map<string, { owner: string; expiresAt: number }>();
  const reactionWindows = new Map<string, Record<string, number> | 'claimed'>();
  const state = (roomId: string) => rooms.get(roomId);
  const withVotes = (entry: RoomState, question: QuestionRecord): StoredQuestion =>
    structuredClone({ ...question, votes: entry.voters.get(question.questionId)?.size ?? 0 });
  const leaseKey = (roomId: string, lease: RoomLease) => `${roomId}:${lease}`;
  const heldBy = (key: string) => {
    const held = leases.get(key);
    return held !== undefined && held.expiresAt > Date.now() ? held.owner : undefined;
  };

  return {
    createRoom(input) {
      let joinCode = newJoinCode();
      while (codes.has(joinCode)) joinCode = newJoinCode();
      const room: RoomRecord = { ...input, joinCode };
      codes.set(joinCode, room.roomId);
      rooms.set(room.roomId, {
        room,
        members: new Map(),
        byVisitor: new Map(),
        removed: new Set(),
        moderators: new Set(),
        viewerSeq: 0,
        questions: new Map(),
        asked: new Map(),
        voters: new Map(),
        queue: [],
        transcript: [],
      });
      return Promise.resolve(structuredClone(room));
    },
    getRoom(roomId) {
      const room = state(roomId)?.room;
      return Promise.resolve(room ? structuredClone(room) : null);
    },
    findRoomByCode(joinCode) {
      const roomId = codes.get(joinCode);
      const room = roomId === undefined ? undefined : state(roomId)?.room;
      return Promise.resolve(room && !room.ended ? structuredClone(room) : null);
    },
    updateRoom(roomId, patch: RoomPatch) {
      const entry = state(roomId);
      if (entry === undefined) return Promise.resolve(null);
      entry.room = { ...entry.room, ...patch };
      return Promise.resolve(structuredClone(entry.room));
    },
    endRoom(roomId) {
      const entry = state(roomId);
      if (entry === undefined) return Promise.resolve(null);
      entry.room = { ...entry.room, ended: true };
      if (codes.get(entry.room.joinCode) === roomId) codes.delete(entry.room.joinCode);
      return Promise.resolve(structuredClone(entry.room));
    },
    addMember(roomId, member, maxMembers): Promise<AddMemberResult> {
      const entry = state(roomId);
      if (entry === undefined || entry.room.ended) return Promise.resolve({ status: 'not-found' });
      const viewer = member.nickname === '';
      const earlier = viewer ? entry.byVisitor.get(member.visitorId) : undefined;
      const existing = earlier === undefined ? undefined : entry.members.get(earlier);
      if (existing !== undefined) {
        return Promise.resolve({ status: 'existing', member: structuredClone(existing) });
      }
      if (maxMembers !== null && entry.members.size >= maxMembers) {
        return Promise.resolve({ status: 'full' });
      }
      const stored = viewer ? { ...member, nickname: `Viewer ${++entry.viewerSeq}` } : member;
      entry.members.set(stored.memberId, stored);
      if (viewer) entry.byVisitor.set(member.visitorId, stored.memberId);
      return Promise.resolve({ status: 'added', member: structuredClone(stored) });
    },
    getMember(roomId, memberId) {
      const member = state(roomId)?.members.get(memberId);
      return Promise.resolve(member ? structuredClone(member) : null);
    },
    listMembers(roomId) {
      return Promise.resolve(structuredClone([...(state(roomId)?.members.values() ?? [])]));
    },
    memberCount(roomId) {
      return Promise.resolve(state(roomId)?.members.size ?? 0);
    },
    removeMember(roomId, memberId) {
      const entry = state(roomId);
      const member = entry?.members.get(memberId);
      if (entry === undefined || member === undefined) return Promise.resolve(false);
      entry.members.delete(memberId);
      entry.removed.add(memberId);
      if (entry.byVisitor.get(member.visitorId) === memberId)
        entry.byVisitor.delete(member.visitorId);
      return Promise.resolve(true);
    },
    isRemoved(roomId, memberId) {
      return Promise.resolve(state(roomId)?.removed.has(memberId) ?? false);
    },
    addModerator(roomId, visitorId) {
      state(roomId)?.moderators.add(visitorId);
      return Promise.resolve();
    },
    listModerators(roomId) {
      return Promise.resolve([...(state(roomId)?.moderators ?? [])]);
    },
    addQuestion(roomId, question) {
      const entry = state(roomId);
      if (entry === undefined) return Promise.reject(new Error(`no room ${roomId}`));
      const askedKey = `${question.memberId}:${question.clientQuestionId}`;
      const earlierId = entry.asked.get(askedKey);
      const earlier = earlierId === undefined ? undefined : entry.questions.get(earlierId);
      if (earlier !== undefined) {
        return Promise.resolve({ created: false, question: withVotes(entry, earlier) });
      }
      entry.asked.set(askedKey, question.questionId);
      entry.questions.set(question.questionId, structuredClone(question));
      return Promise.resolve({ created: true, question: withVotes(entry, question) });
    },
    getQuestion(roomId, questionId) {
      const entry = state(roomId);
      const question = entry?.questions.get(questionId);
      return Promise.resolve(entry && question ? withVotes(entry, question) : null);
    },
    findAsked(roomId, memberId, clientQuestionId) {
      const entry = state(roomId);
      const questionId = entry?.asked.get(`${memberId}:${clientQuestionId}`);
      const question = questionId === undefined ? undefined : entry?.questions.get(questionId);
      return Promise.resolve(entry && question ? withVotes(entry, question) : null);
    },
    listQuestions(roomId) {
      const entry = state(roomId);
      if (entry === undefined) return Promise.resolve([]);
      return Promise.resolve([...entry.questions.values()].map((q) => withVotes(entry, q)));
    },
    transitionQuestion(roomId, questionId, transition: QuestionTransition) {
      const entry = state(roomId);
      const question = entry?.questions.get(questionId);
      if (entry === undefined || question === undefined) return Promise.resolve(null);
      if (!transition.from.includes(question.status)) return Promise.resolve(null);
      if (transition.to !== undefined) question.status = transition.to;
      if (transition.text !== undefined) question.text = transition.text;
      if (transition.merge !== undefined) {
        question.mergedFrom.push(...transition.merge.ids);
        question.mergedAuthors.push(...transition.merge.authors);
        question.mergedMembers.push(...transition.merge.members);
      }
      if (transition.enqueue === true && !question.queued) {
        question.queued = true;
        entry.queue.push(questionId);
      }
      return Promise.resolve(withVotes(entry, question));
    },
    vote(roomId, questionId, memberId) {
      const entry = state(roomId);
      const question = entry?.questions.get(questionId);
      if (entry === undefined || question === undefined || !votable.has(question.status)) {
        return Promise.resolve(null);
      }
      const voters = entry.voters.get(questionId) ?? new Set<string>();
      entry.voters.set(questionId, voters);
      const counted = !voters.has(memberId);
      voters.add(memberId);
      return Promise.resolve({ counted, votes: voters.size });
    },
    votedBy(roomId, memberId) {
      const entry = state(roomId);
      if (entry === undefined) return Promise.resolve([]);
      return Promise.resolve(
        [...entry.voters].filter(([, voters]) => voters.has(memberId)).map(([id]) => id),
      );
    },
    addReactions(roomId, window, counts) {
      const key = `${roomId}:${window}`;
      const total = reactionWindows.get(key);
      if (total === 'claimed') return Promise.resolve();
      const next = { ...total };
      for (const [emoji, count] of Object.entries(counts)) next[emoji] = (next[emoji] ?? 0) + count;
      reactionWindows.set(key, next);
      return Promise.resolve();
    },
    claimReactions(roomId, window) {
      const key = `${roomId}:${window}`;
      const total = reactionWindows.get(key);
      if (total === undefined || total === 'claimed') return Promise.resolve(null);
      reactionWindows.set(key, 'claimed');
      // One node, no stragglers: forget the claim after a few seconds.
      setTimeout(() => reactionWindows.delete(key), 5_000).unref();
      return Promise.resolve(total);
    },
    appendTranscript(roomId, messages) {
      const current = state(roomId);
      if (current !== undefined) {
        current.transcript.push(...messages);
        current.transcript.splice(0, Math.max(0, current.transcript.length - transcriptLimit));
      }
      return Promise.resolve();
    },
    transcript(roomId) {
      return Promise.resolve([...(state(roomId)?.transcript ?? [])]);
    },
    takeQueued(roomId) {
      return Promise.resolve(state(roomId)?.queue.shift() ?? null);
    },
    queueLength(roomId) {
      return Promise.resolve(state(roomId)?.queue.length ?? 0);
    },
    acquireLease(roomId, lease, owner, ttlMs) {
      const key = leaseKey(roomId, lease);
      if (heldBy(key) !== undefined) return Promise.resolve(false);
      leases.set(key, { owner, expiresAt: Date.now() + ttlMs });
      return Promise.resolve(true);
    },
    renewLease(roomId, lease, owner, ttlMs) {
      const key = leaseKey(roomId, lease);
      if (heldBy(key) !== owner) return Promise.resolve(false);
      leases.set(key, { owner, expiresAt: Date.now() + ttlMs });
      return Promise.resolve(true);
    },
    releaseLease(roomId, lease, owner) {
      const key = leaseKey(roomId, lease);
      if (heldBy(key) === owner) leases.delete(key);
      return Promise.resolve();
    },
    close() {
      rooms.clear();
      codes.clear();
      leases.clear();
      reactionWindows.clear();
      return Promise.resolve();
    },
  };
}
