/**
 * The client-side state of one shared room (Svelte 5 runes): the room as every member sees it, the
 * host's or moderator's extra view (queue, members, pace), the member's own questions (school) or
 * the approved questions with their votes (live), which questions this member upvoted, the
 * reaction counts, and who wrote each room message. The conversation itself (messages, streaming
 * replies) stays in `ConversationState`, shared with the one-to-one chat.
 *
 * It knows nothing about sockets, so it is tested directly; `room-session.ts` drives it.
 *
 * @module
 */
import { openQuestions, sortQueue, withVotes } from './queue-order.ts';
import type {
  MessageAuthor,
  RoomHostView,
  RoomJoinAck,
  RoomMessage,
  RoomOpenAck,
  RoomQuestion,
  RoomQueueEvent,
  RoomState,
  RoomVotesEvent,
} from './room-protocol.ts';

/**
 * Why the page cannot show the room: a refused join (nickname, removed, unknown or ended room, full).
 *
 * @example
 * ```ts
 * if (view.joinProblem?.code === 'CMZ_ERR_ROOM_NICKNAME_REJECTED') offerGeneratedName();
 * ```
 */
export interface JoinProblem {
  code?: string;
  message: string;
}

/** Statuses a live viewer's public list shows (approved questions, waiting or being answered). */
const PUBLIC: ReadonlySet<string> = new Set(['approved', 'answering']);

/**
 * One room as this page knows it.
 *
 * @example
 * ```ts
 * const view = new RoomView();
 * view.applyJoin(ack);
 * view.publicQuestions; // live: approved questions, most votes first
 * ```
 */
export class RoomView {
  room = $state<RoomState | null>(null);
  host = $state<RoomHostView | null>(null);
  memberId = $state<string | null>(null);
  nickname = $state('');
  /** School: this member's questions. Live: questions the viewer can see and upvote. */
  questions = $state<RoomQuestion[]>([]);
  /** Ids of questions this member upvoted (one vote each). */
  votedQuestionIds = $state<string[]>([]);
  /** Live: reactions counted since this page joined, per emoji (batched by the engine). */
  reactions = $state<Record<string, number>>({});
  /** This member was removed by the host: the page stops and says so. */
  removed = $state(false);
  /** Set when joining was refused for good; the page explains and offers what may help. */
  joinProblem = $state<JoinProblem | null>(null);
  /** Message id → who wrote it (room questions and keeper messages). */
  authors = $state<Record<string, MessageAuthor>>({});

  /** The host's queue, in display order (pending, approved, answering only). */
  get queue(): RoomQuestion[] {
    const host = this.host;
    if (!host) return [];
    return sortQueue(openQuestions(host.queue), this.room?.kind ?? 'school');
  }

  /** Live: the approved questions viewers see, most votes first. */
  get publicQuestions(): RoomQuestion[] {
    return sortQueue(
      this.questions.filter((question) => PUBLIC.has(question.status)),
      'live',
    );
  }

  /** True when this member already upvoted the question. */
  hasVoted(questionId: string): boolean {
    return this.votedQuestionIds.includes(questionId);
  }

  /** A host or moderator: the engine sent the host view. */
  get isHost(): boolean {
    return this.host !== null;
  }

  /** `school:open` / `live:open` answered: this page is the host. */
  applyOpen(ack: RoomOpenAck): void {
    this.room = ack.room;
    this.host = ack.host;
  }

  /**
   * `room:join` answered (first join or rejoin): the ack is the truth for the member's questions
   * and votes. The history's authors are noted; the messages themselves go to the conversation.
   */
  applyJoin(ack: RoomJoinAck): void {
    this.room = ack.room;
    this.memberId = ack.memberId;
    this.nickname = ack.nickname;
    this.host = ack.host ?? null;
    this.questions = ack.questions;
    this.votedQuestionIds = [...ack.votedQuestionIds];
    this.removed = false;
    for (const message of ack.history) this.noteAuthor(message);
  }

  applyRoom(room: RoomState): void {
    if (this.room && room.roomId !== this.room.roomId) return;
    this.room = room;
  }

  applyQueue(event: RoomQueueEvent): void {
    if (!this.#mine(event.roomId) || !this.host) return;
    this.host.queue = event.queue;
    // School: the queue event also carries the students (joins, removals, connections).
    if (event.members) this.host.members = event.members;
  }

  /** A batch of vote counts: applied to the public list and to the host's queue. */
  applyVotes(event: RoomVotesEvent): void {
    if (!this.#mine(event.roomId)) return;
    this.questions = withVotes(this.questions, event.votes);
    if (this.host) this.host.queue = withVotes(this.host.queue, event.votes);
  }

  /** A question's status changed (the asker's own, or a newly approved one in a live room). */
  applyQuestion(question: RoomQuestion): void {
    const index = this.questions.findIndex((item) => item.questionId === question.questionId);
    if (index === -1) this.questions.push(question);
    else this.questions[index] = question;
  }

  /**
   * The answer to this member's vote: the question's count, and that this member has voted (also
   * when the engine says the vote was already counted, so the button stays pressed).
   */
  recordVote(questionId: string, votes: number): void {
    if (!this.hasVoted(questionId)) this.votedQuestionIds.push(questionId);
    this.applyVotes({ roomId: this.room?.roomId ?? '', votes: [{ questionId, votes }] });
  }

  /** Adds one window of counted reactions to the totals shown on the bar. */
  addReactions(counts: Record<string, number>): void {
    const next = { ...this.reactions };
    for (const [emoji, count] of Object.entries(counts)) {
      if (Number.isFinite(count) && count > 0) next[emoji] = (next[emoji] ?? 0) + count;
    }
    this.reactions = next;
  }

  noteAuthor(message: RoomMessage): void {
    if (message.author && message.id) this.authors[message.id] = message.author;
  }

  authorOf(messageId: string | undefined): MessageAuthor | undefined {
    return messageId ? this.authors[messageId] : undefined;
  }

  #mine(roomId: string): boolean {
    return this.room !== null && this.room.roomId === roomId;
  }
}
