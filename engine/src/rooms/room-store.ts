/**
 * Where shared rooms live: the room, its join code, members (and removed ones), moderators,
 * questions, votes, the answer queue and the leases that let one node at a time answer or pace a
 * room. Two implementations (memory for one node, Redis for several); every mutation is atomic
 * across nodes (Lua scripts in Redis), so concurrent votes are never lost or doubled.
 *
 * @module
 */
import type { ConversationMessage, Locale } from '../protocol/events.ts';
import type { QuestionStatus, RoomKind } from '../protocol/room-events.ts';

/** Most messages a room's transcript keeps (a school day of questions, with margin). */
export const transcriptLimit = 5_000;
/** A room as stored. */
export interface RoomRecord {
  roomId: string;
  kind: RoomKind;
  conversationId: string;
  animalId: string;
  locale: Locale;
  /** The opener's visitor id (the host). */
  hostId: string;
  joinCode: string;
  approvalRequired: boolean;
  paused: boolean;
  ended: boolean;
  takeover: boolean;
  pace: { mode: 'auto' | 'manual'; intervalSeconds: number };
  createdAt: string;
}

/** What may change on a room after it was opened. */
export type RoomPatch = Partial<
  Pick<RoomRecord, 'approvalRequired' | 'paused' | 'takeover' | 'pace'>
>;

/** A member (a student with a nickname, or a live viewer shown as "Viewer N"). */
export interface MemberRecord {
  memberId: string;
  nickname: string;
  /** The socket identity that joined first (live rooms find a returning viewer by it). */
  visitorId: string;
  joinedAt: string;
}

/** A question as stored (its votes are counted apart, see {@link StoredQuestion}). */
export interface QuestionRecord {
  questionId: string;
  memberId: string;
  author: string;
  text: string;
  status: QuestionStatus;
  mergedFrom: string[];
  /** Authors of the questions merged into this one (credited when it is answered). */
  mergedAuthors: string[];
  /** Members whose questions were merged into this one (they hear about its status). */
  mergedMembers: string[];
  clientQuestionId: string;
  createdAt: string;
  /** True once it is in the answer queue (never queued twice). */
  queued: boolean;
}

/** A question with its vote count. */
export interface StoredQuestion extends QuestionRecord {
  votes: number;
}

/** How a question changes, applied atomically when its status is one of `from`. */
export interface QuestionTransition {
  from: QuestionStatus[];
  to?: QuestionStatus;
  text?: string;
  /** Appended to `mergedFrom` / `mergedAuthors` / `mergedMembers`. */
  merge?: { ids: string[]; authors: string[]; members: string[] };
  /** Also appends it to the answer queue (once: a queued question is not queued again). */
  enqueue?: boolean;
}

/** What a join did. */
export type AddMemberResult =
  | { status: 'added'; member: MemberRecord }
  | { status: 'existing'; member: MemberRecord }
  | { status: 'full' }
  | { status: 'not-found' };

/** The leases of a room: `answer` (who runs the queue), `pace` (who picks the next live answer). */
export type RoomLease = 'answer' | 'pace';

/**
 * Shared room state.
 *
 * @example
 * ```ts
 * const room = await rooms.createRoom({ kind: 'school', ... });
 * const joined = await rooms.addMember(room.roomId, { memberId, nickname: 'Brave Otter', visitorId }, 100);
 * ```
 */
export interface RoomStore {
  /** Stores a room under a fresh join code (unique among open rooms). */
  createRoom(room: Omit<RoomRecord, 'joinCode'>): Promise<RoomRecord>;
  getRoom(roomId: string): Promise<RoomRecord | null>;
  /** The open room holding that code (ended rooms release theirs). */
  findRoomByCode(joinCode: string): Promise<RoomRecord | null>;
  /** Null when the room does not exist. */
  updateRoom(roomId: string, patch: RoomPatch): Promise<RoomRecord | null>;
  /** Marks it ended and frees its code. Null when the room does not exist. */
  endRoom(roomId: string): Promise<RoomRecord | null>;
  /**
   * Adds a member unless the room has `maxMembers` already (null: no cap). An empty nickname
   * means a live viewer: the member is named "Viewer N" and a returning visitor gets its earlier
   * membership (`existing`).
   */
  addMember(
    roomId: string,
    member: MemberRecord,
    maxMembers: number | null,
  ): Promise<AddMemberResult>;
  getMember(roomId: string, memberId: string): Promise<MemberRecord | null>;
  listMembers(roomId: string): Promise<MemberRecord[]>;
  memberCount(roomId: string): Promise<number>;
  /** Removes a member for good: false when it was not a member. */
  removeMember(roomId: string, memberId: string): Promise<boolean>;
  isRemoved(roomId: string, memberId: string): Promise<boolean>;
  addModerator(roomId: string, visitorId: string): Promise<void>;
  listModerators(roomId: string): Promise<string[]>;
  /** Stores a question, idempotent per member and `clientQuestionId` (`created: false`: the earlier one). */
  addQuestion(
    roomId: string,
    question: QuestionRecord,
  ): Promise<{ created: boolean; question: StoredQuestion }>;
  getQuestion(roomId: string, questionId: string): Promise<StoredQuestion | null>;
  /** A member's earlier question with that `clientQuestionId` (an ask that was retried). */
  findAsked(
    roomId: string,
    memberId: string,
    clientQuestionId: string,
  ): Promise<StoredQuestion | null>;
  /** Every question, oldest first. */
  listQuestions(roomId: string): Promise<StoredQuestion[]>;
  /** Applies a transition; null when the question is unknown or not in one of `from`. */
  transitionQuestion(
    roomId: string,
    questionId: string,
    transition: QuestionTransition,
  ): Promise<StoredQuestion | null>;
  /**
   * One vote per member and question (pending or approved questions only): null when the
   * question cannot be voted on.
   */
  vote(
    roomId: string,
    questionId: string,
    memberId: string,
  ): Promise<{ counted: boolean; votes: number } | null>;
  /** Ids of the questions a member voted for. */
  votedBy(roomId: string, memberId: string): Promise<string[]>;
  /** Adds one node's reaction counts of a window (a 500 ms slot) to the room's total. */
  addReactions(roomId: string, window: number, counts: Record<string, number>): Promise<void>;
  /**
   * The first node to claim a finished window gets its total (and sends it); the others get
   * null. Totals are kept a few seconds only.
   */
  claimReactions(roomId: string, window: number): Promise<Record<string, number> | null>;
  /** Takes the next question id off the answer queue (approval order). */
  /**
   * Appends messages to the room's own transcript. The room's conversation keeps only the last
   * `HISTORY_MAX_MESSAGES` (the model's context); the transcript keeps the whole session (up to
   * {@link transcriptLimit} messages) for the teacher's export.
   */
  appendTranscript(roomId: string, messages: ConversationMessage[]): Promise<void>;
  /** The whole transcript, oldest first. */
  transcript(roomId: string): Promise<ConversationMessage[]>;
  takeQueued(roomId: string): Promise<string | null>;
  queueLength(roomId: string): Promise<number>;
  /** Takes a lease for `ttlMs` unless another owner holds it. */
  acquireLease(roomId: string, lease: RoomLease, owner: string, ttlMs: number): Promise<boolean>;
  /** Extends a lease this owner holds; false when it lost it. */
  renewLease(roomId: string, lease: RoomLease, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(roomId: string, lease: RoomLease, owner: string): Promise<void>;
  close(): Promise<void>;
}
