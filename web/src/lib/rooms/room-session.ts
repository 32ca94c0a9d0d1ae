/**
 * Drives a {@link RoomView} and the room's {@link ConversationState} from a socket: joins the room
 * (and joins again after every reconnect with the `memberToken` kept in `sessionStorage`, so a
 * student keeps nickname, votes and place), applies the conversation's events (held while a join
 * is in flight, like `ChatSession`) and the room's events, and sends the member's, host's and
 * moderator's actions (docs/rooms.md).
 *
 * @module
 */
import type { JoinAck, MessageNewEvent, ServerToClientEvents } from '@cmz/engine/protocol';
import { ConversationState } from '../conversation.svelte.ts';
import { MemberTokenStore } from './member-token-store.ts';
import type {
  RoomAskAck,
  RoomControlAck,
  RoomControlPayload,
  RoomExportAck,
  RoomJoinAck,
  RoomModerateAck,
  RoomModeratePayload,
  RoomOpenAck,
  RoomOpenPayload,
  RoomSayAck,
  RoomSocket,
  RoomVoteAck,
} from './room-protocol.ts';
import { RoomView, type JoinProblem } from './room-state.svelte.ts';

/**
 * A failed room request: the engine's coded error, or `code` undefined when no answer came.
 *
 * @example
 * ```ts
 * const failure: RoomFailure = { ok: false, message: '', temporary: true };
 * ```
 */
export interface RoomFailure {
  ok: false;
  code?: string;
  message: string;
  temporary: boolean;
  retryAfterMs?: number;
}

/**
 * The answer to a room request.
 *
 * @example
 * ```ts
 * const result: RoomResult<RoomVoteAck> = await session.vote('q_1');
 * if (result.ok) console.log(result.votes);
 * ```
 */
export type RoomResult<T> = T | RoomFailure;

/**
 * Any room answer, when only success or failure matters (the pages' action buttons).
 *
 * @example
 * ```ts
 * const result: AnyRoomResult = await session.control({ action: 'pause' });
 * ```
 */
export type AnyRoomResult = { ok: true } | RoomFailure;

/** Payloads without the `roomId` the session fills in. */
type WithoutRoom<T> = T extends unknown ? Omit<T, 'roomId'> : never;

export interface RoomSessionOptions {
  socket: RoomSocket;
  joinCode: string;
  /** The nickname a student typed; omitted: the engine picks a friendly one. */
  nickname?: string;
  /** Set when this page opened the room: its socket is already in it, no first join needed. */
  opened?: RoomOpenAck;
  view?: RoomView;
  chat?: ConversationState;
  tokens?: MemberTokenStore;
  ackTimeoutMs?: number;
  newId?: () => string;
  now?: () => number;
  /** Called when a join was refused for good (nickname, removed, unknown room...). */
  onJoinProblem?: (problem: JoinProblem) => void;
}

/** The events a session listens to: the socket's own, the chat's and the room's. */
type ListenedEvents = ServerToClientEvents & {
  connect: () => void;
  disconnect: (reason: string) => void;
  connect_error: (error: Error) => void;
};

/** Least time between two refreshing joins of a live viewer (see `#refreshIfUnknown`). */
const REFRESH_EVERY_MS = 5_000;

/** Codes after which joining again cannot work. */
const FINAL_JOIN_CODES = new Set([
  'CMZ_ERR_ROOM_NICKNAME_REJECTED',
  'CMZ_ERR_ROOM_MEMBER_REMOVED',
  'CMZ_ERR_ROOM_NOT_FOUND',
  'CMZ_ERR_ROOM_FULL',
  'CMZ_ERR_ROOM_FORBIDDEN',
]);

/**
 * Opens a school session or a live room (`school:open` / `live:open`).
 *
 * @example
 * ```ts
 * const opened = await openRoom(socket, 'school', { animalId: 'bella', approvalRequired: true });
 * if (opened.ok) new RoomSession({ socket, joinCode: opened.host.joinCode, opened });
 * ```
 */
export async function openRoom(
  socket: RoomSocket,
  kind: 'school' | 'live',
  payload: RoomOpenPayload,
  ackTimeoutMs = 10_000,
): Promise<RoomResult<RoomOpenAck>> {
  return request<RoomOpenAck>(
    socket,
    kind === 'school' ? 'school:open' : 'live:open',
    payload,
    ackTimeoutMs,
  );
}

async function request<T>(
  socket: RoomSocket,
  event: string,
  payload: object,
  ackTimeoutMs: number,
): Promise<RoomResult<T>> {
  // The event maps are checked where payloads are built; here one untyped path serves them all.
  const timed = socket.timeout(ackTimeoutMs) as unknown as {
    emitWithAck(name: string, body: object): Promise<RoomResult<T>>;
  };
  try {
    return await timed.emitWithAck(event, payload);
  } catch {
    return { ok: false, message: '', temporary: true };
  }
}

/** Turns a room join into the chat's join, so the shared conversation state is reused. */
function conversationJoin(ack: RoomJoinAck): JoinAck {
  return {
    ok: true,
    conversationId: ack.room.conversationId,
    animal: ack.room.animal,
    locale: ack.room.locale,
    history: ack.history,
    ...(ack.activeReply ? { activeReply: ack.activeReply } : {}),
  };
}

/**
 * One page's membership of one room.
 *
 * @example
 * ```ts
 * const session = new RoomSession({ socket: connectRoom(), joinCode: 'K7QX2M', nickname: 'Kai' });
 * await session.ask('What do you eat?');
 * ```
 */
export class RoomSession {
  readonly view: RoomView;
  readonly chat: ConversationState;
  readonly #socket: RoomSocket;
  readonly #joinCode: string;
  readonly #tokens: MemberTokenStore;
  readonly #ackTimeoutMs: number;
  readonly #newId: () => string;
  readonly #onJoinProblem: ((problem: JoinProblem) => void) | undefined;
  #nickname: string | undefined;
  #joining = false;
  #rejoinWanted = false;
  #queue: (() => void)[] = [];
  #listeners: [string, (...args: never[]) => void][] = [];
  #disposed = false;
  /** The first join is skipped when this page opened the room on this very connection. */
  #skipNextJoin: boolean;
  readonly #now: () => number;
  #lastRefresh = Number.NEGATIVE_INFINITY;

  constructor(options: RoomSessionOptions) {
    this.view = options.view ?? new RoomView();
    this.chat = options.chat ?? new ConversationState();
    this.#socket = options.socket;
    this.#joinCode = options.joinCode.trim().toUpperCase();
    this.#nickname = options.nickname?.trim() || undefined;
    this.#tokens = options.tokens ?? new MemberTokenStore();
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.#onJoinProblem = options.onJoinProblem;
    this.#now = options.now ?? Date.now;
    this.#skipNextJoin = options.opened !== undefined;
    if (options.opened) this.#applyOpened(options.opened);

    const view = this.view;
    const chat = this.chat;
    this.#listen('connect', () => void this.#join());
    this.#listen('disconnect', () => {
      // The next connection is a new socket: it must join the room again.
      this.#skipNextJoin = false;
      chat.connectionLost();
    });
    this.#listen('connect_error', () => {
      chat.connectionTrouble = true;
    });
    this.#listen('message:new', (event: MessageNewEvent) =>
      this.#apply(() => {
        view.noteAuthor(event.message);
        chat.messageNew(event);
      }),
    );
    this.#listen('reply:start', (event) => this.#apply(() => chat.replyStart(event)));
    this.#listen('reply:delta', (event) =>
      this.#apply(() => {
        // Deltas were lost: joining again brings the reply's snapshot.
        if (chat.replyDelta(event) === 'gap') void this.#join();
      }),
    );
    this.#listen('reply:resync', (event) => this.#apply(() => chat.replyResync(event)));
    this.#listen('reply:end', (event) => this.#apply(() => chat.replyEnd(event)));
    this.#listen('reply:error', (event) => this.#apply(() => chat.replyError(event)));
    this.#listen('reaction:update', (event) => this.#apply(() => chat.reactionUpdate(event)));
    this.#listen('room:state', ({ room }) => view.applyRoom(room));
    this.#listen('room:queue', (event) => view.applyQueue(event));
    this.#listen('room:votes', (event) =>
      this.#apply(() => {
        view.applyVotes(event);
        this.#refreshIfUnknown(event.votes.map((entry) => entry.questionId));
      }),
    );
    this.#listen('room:question', (event) => {
      if (view.room?.roomId === event.roomId) view.applyQuestion(event.question);
    });
    this.#listen('room:reactions', (event) => {
      if (view.room?.roomId === event.roomId) view.addReactions(event.counts);
    });
    this.#listen('room:removed', (event) => {
      if (view.room?.roomId !== event.roomId) return;
      view.removed = true;
      this.#tokens.forget(this.#joinCode);
    });
    if (this.#socket.connected) void this.#join();
  }

  get joinCode(): string {
    return this.#joinCode;
  }

  /** Asks the animal (through the teacher's or moderators' queue when approval is on). */
  async ask(text: string, clientQuestionId = this.#newId()): Promise<RoomResult<RoomAskAck>> {
    const trimmed = text.trim();
    const roomId = this.view.room?.roomId;
    if (!trimmed || !roomId) return { ok: false, message: '', temporary: false };
    const ack = await this.#request<RoomAskAck>('room:ask', {
      roomId,
      clientQuestionId,
      text: trimmed,
    });
    if (ack.ok) this.view.applyQuestion(ack.question);
    return ack;
  }

  /** Upvotes a question once; the button stays pressed whether or not it was counted now. */
  async vote(questionId: string): Promise<RoomResult<RoomVoteAck>> {
    const roomId = this.view.room?.roomId;
    if (!roomId || this.view.hasVoted(questionId)) {
      return { ok: false, message: '', temporary: false };
    }
    const ack = await this.#request<RoomVoteAck>('room:vote', { roomId, questionId });
    if (ack.ok) this.view.recordVote(ack.questionId, ack.votes);
    return ack;
  }

  /** Host or moderator: approve (optionally edited), reject, hide, answer, merge, answer all/top. */
  async moderate(action: WithoutRoom<RoomModeratePayload>): Promise<RoomResult<RoomModerateAck>> {
    const roomId = this.view.room?.roomId;
    if (!roomId) return { ok: false, message: '', temporary: false };
    const ack = await this.#request<RoomModerateAck>('room:moderate', { ...action, roomId });
    if (ack.ok) this.view.applyQueue({ roomId, queue: ack.queue });
    return ack;
  }

  /** Host: pause, resume, end, remove, approval, pace, takeover, hand back. */
  async control(action: WithoutRoom<RoomControlPayload>): Promise<RoomResult<RoomControlAck>> {
    const roomId = this.view.room?.roomId;
    if (!roomId) return { ok: false, message: '', temporary: false };
    const ack = await this.#request<RoomControlAck>('room:control', { ...action, roomId });
    if (ack.ok) {
      this.view.applyRoom(ack.room);
      const host = this.view.host;
      // The member list and the pace are only in the host view: keep them in step with the ack.
      if (host && action.action === 'remove') {
        host.members = host.members.filter((member) => member.memberId !== action.memberId);
      }
      if (host && action.action === 'pace') host.pace = action.pace;
    }
    return ack;
  }

  /** Keeper during takeover: a human answer, shown as the keeper's. */
  async say(text: string): Promise<RoomResult<RoomSayAck>> {
    const trimmed = text.trim();
    const roomId = this.view.room?.roomId;
    if (!trimmed || !roomId) return { ok: false, message: '', temporary: false };
    return this.#request<RoomSayAck>('room:say', {
      roomId,
      clientMessageId: this.#newId(),
      text: trimmed,
    });
  }

  /** Live: one reaction; the engine counts them and sends batched totals. */
  react(emoji: string): void {
    const roomId = this.view.room?.roomId;
    if (!roomId || !this.#socket.connected) return;
    this.#socket.emit('room:react', { roomId, emoji });
  }

  /** School host: the transcript as plain text. */
  async exportTranscript(): Promise<RoomResult<RoomExportAck>> {
    const roomId = this.view.room?.roomId;
    if (!roomId) return { ok: false, message: '', temporary: false };
    return this.#request<RoomExportAck>('room:export', { roomId });
  }

  /** Joins with another nickname after the engine refused one (`undefined`: let it pick). */
  retryWithNickname(nickname: string | undefined): void {
    this.#nickname = nickname?.trim() || undefined;
    this.view.joinProblem = null;
    void this.#join();
  }

  dispose(): void {
    this.#disposed = true;
    for (const [event, listener] of this.#listeners) {
      this.#socket.off(event as never, listener as never);
    }
    this.#listeners = [];
  }

  /**
   * A live viewer hears of other viewers' approved questions only through votes on them (the
   * engine tells each asker, not everyone, when a question is approved): a vote on a question this
   * page does not know yet means the list is stale, so the member joins again (with its token: same
   * member, same votes) to read it, at most every {@link REFRESH_EVERY_MS}.
   */
  #refreshIfUnknown(questionIds: string[]): void {
    const view = this.view;
    if (view.room?.kind !== 'live' || view.isHost) return;
    const known = new Set(view.questions.map((question) => question.questionId));
    if (questionIds.every((id) => known.has(id))) return;
    const now = this.#now();
    if (now - this.#lastRefresh < REFRESH_EVERY_MS) return;
    this.#lastRefresh = now;
    void this.#join();
  }

  #applyOpened(ack: RoomOpenAck): void {
    this.view.applyOpen(ack);
    this.chat.join({
      ok: true,
      conversationId: ack.room.conversationId,
      animal: ack.room.animal,
      locale: ack.room.locale,
      history: [],
    });
  }

  #request<T>(event: string, payload: object): Promise<RoomResult<T>> {
    return request<T>(this.#socket, event, payload, this.#ackTimeoutMs);
  }

  #listen<E extends keyof ListenedEvents>(event: E, listener: ListenedEvents[E]): void {
    const wrapped = listener as unknown as (...args: never[]) => void;
    this.#socket.on(event as never, wrapped as never);
    this.#listeners.push([event, wrapped]);
  }

  #apply(change: () => void): void {
    if (this.#joining) this.#queue.push(change);
    else change();
  }

  #joinLater(delayMs: number): void {
    setTimeout(() => {
      if (!this.#disposed && this.#socket.connected) void this.#join();
    }, delayMs);
  }

  async #join(): Promise<void> {
    if (this.#skipNextJoin) {
      this.#skipNextJoin = false;
      return;
    }
    if (this.#disposed || this.view.removed || this.view.joinProblem) return;
    if (this.#joining) {
      this.#rejoinWanted = true;
      return;
    }
    this.#joining = true;
    try {
      const kept = this.#tokens.load(this.#joinCode);
      const payload = kept
        ? { joinCode: this.#joinCode, memberToken: kept.memberToken }
        : { joinCode: this.#joinCode, ...(this.#nickname ? { nickname: this.#nickname } : {}) };
      const ack = await this.#request<RoomJoinAck>('room:join', payload);
      if (this.#disposed) return;
      if (ack.ok) {
        this.#tokens.save(this.#joinCode, { memberToken: ack.memberToken, nickname: ack.nickname });
        this.view.applyJoin(ack);
        this.chat.join(conversationJoin(ack));
      } else if (kept && ack.code === 'CMZ_ERR_ROOM_MEMBER_REMOVED') {
        this.#tokens.forget(this.#joinCode);
        this.view.removed = true;
      } else if (ack.code && FINAL_JOIN_CODES.has(ack.code)) {
        if (kept) this.#tokens.forget(this.#joinCode);
        const problem = { code: ack.code, message: ack.message };
        this.view.joinProblem = problem;
        this.#onJoinProblem?.(problem);
      } else {
        // No answer or a temporary failure: try again while connected (a reconnect joins anyway).
        this.#joinLater(ack.retryAfterMs ?? 1_000);
      }
    } finally {
      this.#joining = false;
      const queued = this.#queue;
      this.#queue = [];
      for (const change of queued) change();
      if (this.#rejoinWanted && !this.#disposed && this.#socket.connected) {
        this.#rejoinWanted = false;
        void this.#join();
      }
    }
  }
}
