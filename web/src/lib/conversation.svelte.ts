/**
 * The state of one chat with an animal (Svelte 5 runes) and the glue that drives it from the
 * engine's Socket.IO events.
 *
 * - {@link ConversationState} is a plain state machine: messages, the streaming reply assembled
 *   by `replyId`/`seq` (a delta with `seq` ≤ the last one seen is ignored, `reply:end` replaces
 *   the text with the final one), suggestions, citations, the connection status and the last
 *   problem. It knows nothing about sockets, so it is tested directly.
 * - {@link ChatSession} wires a socket to it: joins (and rejoins after a reconnect with
 *   `resume: {replyId, seq}`, applying the catch-up the ack carries, or the `activeReply`
 *   snapshot for a reply it did not know), sends with a `clientMessageId`, retries, stops a reply.
 *   A delta that does not follow the last one (`fromSeq ?? seq` ≠ last + 1) is a gap: the session
 *   rejoins with resume. `reply:resync` replaces a reply's text (a slow connection caught up).
 *   Reconnecting after the server closed the connection (`server:draining`) is
 *   `socket-client.ts`'s job.
 *
 * @module
 */
import type {
  AnimalSummary,
  Citation,
  ConversationMessage,
  ErrorAck,
  JoinAck,
  Locale,
  MessageNewEvent,
  ReactionEmoji,
  ReactionUpdateEvent,
  ReplyDeltaEvent,
  ReplyEndEvent,
  ReplyErrorEvent,
  ReplyResyncEvent,
  ReplyStartEvent,
  ResumeResult,
  SendAck,
} from '@cmz/engine/protocol';
import type { ChatSocket } from './socket-client.ts';

export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting';

export interface ChatMessage {
  /** Stable across the message's life (pending → stored, streaming → complete). */
  key: string;
  /** The stored message id, once known. */
  id?: string;
  role: 'user' | 'assistant';
  text: string;
  /** `pending`: sent, not yet acknowledged. `streaming`: a reply still arriving. */
  status: 'pending' | 'sent' | 'streaming' | 'complete' | 'stopped' | 'error';
  replyId?: string;
  clientMessageId?: string;
  citations: Citation[];
  /** For the animal's messages: how many visitors reacted with each emoji. */
  reactions?: Record<string, number>;
  /** The emojis this visitor put on the message (known from this page's own reactions). */
  myReactions?: string[];
}

/** Something went wrong with the last message or reply. */
export interface ChatProblem {
  code?: string;
  /** Safe to show to a child (from the engine), or empty for the UI's generic text. */
  message: string;
  /** True: offer "Try again". */
  temporary: boolean;
  /** What "Try again" sends. */
  retryText?: string;
  /**
   * Set only when the outcome of a send is unknown (no acknowledgement): the retry reuses the id,
   * so the engine's idempotency prevents a second reply. Otherwise a retry is a new message.
   */
  retryClientMessageId?: string;
  /** Earliest time (ms since epoch) a retry may go out (rate limit). */
  retryNotBefore?: number;
}

const messageKey = (message: {
  id?: string;
  role: string;
  replyId?: string;
  clientMessageId?: string;
}) =>
  message.role === 'assistant' && message.replyId
    ? `reply:${message.replyId}`
    : message.clientMessageId
      ? `client:${message.clientMessageId}`
      : `message:${message.id}`;

function fromStored(message: ConversationMessage): ChatMessage {
  return {
    key: messageKey(message),
    id: message.id,
    role: message.role,
    text: message.text,
    status: message.role === 'user' ? 'sent' : (message.status ?? 'complete'),
    ...(message.replyId ? { replyId: message.replyId } : {}),
    ...(message.clientMessageId ? { clientMessageId: message.clientMessageId } : {}),
    citations: message.citations ?? [],
    ...(message.reactions ? { reactions: { ...message.reactions } } : {}),
  };
}

/** The reactive state of one conversation. */
export class ConversationState {
  conversationId = $state<string | null>(null);
  animal = $state<AnimalSummary | null>(null);
  locale = $state<Locale | null>(null);
  messages = $state<ChatMessage[]>([]);
  suggestions = $state<string[]>([]);
  status = $state<ConnectionStatus>('connecting');
  /** The handshake keeps failing (the engine is unreachable); shown quietly. */
  connectionTrouble = $state(false);
  /** The reply streaming now, if any (the Stop button acts on it). */
  activeReplyId = $state<string | null>(null);
  problem = $state<ChatProblem | null>(null);
  /**
   * The text of the polite live region. It changes only when a reply has finished, so screen
   * readers hear whole answers, never individual tokens.
   */
  announcement = $state('');

  /** Last `seq` applied per reply. */
  #lastSeq = new Map<string, number>();
  /** Replies that ended (or failed): later events for them are ignored. */
  #finished = new Set<string>();
  /** replyId → the user message it answers (for "Try again"). */
  #replyQuestion = new Map<string, { messageId?: string; text?: string }>();

  get streaming(): boolean {
    return this.activeReplyId !== null;
  }

  /** The `seq` of the last delta applied to a reply (0 when none). */
  lastSeq(replyId: string): number {
    return this.#lastSeq.get(replyId) ?? 0;
  }

  /** Where to resume after a reconnect: the streaming reply and the last `seq` applied. */
  resumePoint(): { replyId: string; seq: number } | undefined {
    const replyId = this.activeReplyId;
    return replyId === null ? undefined : { replyId, seq: this.lastSeq(replyId) };
  }

  /**
   * Applies a `conversation:join` acknowledgement: the stored history is the truth (it also
   * covers replies that finished while this client was away), and a reply still streaming
   * continues from its snapshot: its text is replaced, and only deltas after `snapshot.seq`
   * are applied from now on.
   */
  join(ack: JoinAck): void {
    const resumed = ack.resume ? this.#held(ack.resume.replyId) : undefined;
    this.conversationId = ack.conversationId;
    this.animal = ack.animal;
    this.locale = ack.locale;
    this.#lastSeq.clear();
    this.#finished.clear();
    const messages = ack.history.map(fromStored);
    for (const message of messages) if (message.replyId) this.#finished.add(message.replyId);
    const resumedId = ack.resume ? this.#resume(ack.resume, resumed, messages) : undefined;
    const snapshot = ack.activeReply?.replyId === resumedId ? undefined : ack.activeReply;
    if (resumedId !== undefined && this.activeReplyId === resumedId) {
      // Resumed above: the reply goes on streaming.
    } else if (snapshot) {
      this.#finished.delete(snapshot.replyId);
      const existing = messages.find((message) => message.replyId === snapshot.replyId);
      const streaming: ChatMessage = {
        key: `reply:${snapshot.replyId}`,
        role: 'assistant',
        text: snapshot.text,
        status: 'streaming',
        replyId: snapshot.replyId,
        citations: [],
      };
      if (existing) Object.assign(existing, streaming);
      else messages.push(streaming);
      this.#lastSeq.set(snapshot.replyId, snapshot.seq);
      this.activeReplyId = snapshot.replyId;
      this.suggestions = [];
    } else {
      this.activeReplyId = null;
    }
    this.messages = messages;
    this.status = 'connected';
    this.connectionTrouble = false;
  }

  /** Shows the visitor's message at once, before the engine acknowledges it. */
  addPending(clientMessageId: string, text: string): void {
    this.problem = null;
    this.suggestions = [];
    if (this.messages.some((message) => message.clientMessageId === clientMessageId)) return;
    this.messages.push({
      key: `client:${clientMessageId}`,
      role: 'user',
      text,
      status: 'pending',
      clientMessageId,
      citations: [],
    });
  }

  confirmSent(clientMessageId: string, ack: SendAck, text: string): void {
    const message = this.messages.find((item) => item.clientMessageId === clientMessageId);
    if (message) {
      message.id = ack.messageId;
      message.status = 'sent';
    }
    this.#replyQuestion.set(ack.replyId, { messageId: ack.messageId, text });
  }

  /** A send failed: the message is taken back and the problem shown (with a retry if it may work). */
  rejectSent(
    clientMessageId: string,
    error: Pick<ErrorAck, 'message' | 'temporary'> & Partial<ErrorAck>,
    text: string,
    options: { outcomeUnknown?: boolean; now?: number } = {},
  ): void {
    this.messages = this.messages.filter((message) => message.clientMessageId !== clientMessageId);
    this.problem = {
      ...(error.code ? { code: error.code } : {}),
      message: error.message,
      temporary: error.temporary,
      ...(error.temporary ? { retryText: text } : {}),
      ...(error.temporary && options.outcomeUnknown
        ? { retryClientMessageId: clientMessageId }
        : {}),
      ...(error.temporary && error.retryAfterMs
        ? { retryNotBefore: (options.now ?? Date.now()) + error.retryAfterMs }
        : {}),
    };
  }

  messageNew(event: MessageNewEvent): void {
    if (!this.#mine(event.conversationId)) return;
    const stored = event.message;
    if (stored.role === 'assistant') {
      if (stored.replyId) this.#finished.add(stored.replyId);
    }
    const existing = this.messages.find(
      (message) =>
        message.id === stored.id ||
        (stored.clientMessageId !== undefined &&
          message.clientMessageId === stored.clientMessageId) ||
        (stored.replyId !== undefined && message.replyId === stored.replyId),
    );
    if (existing) {
      // The stored text has personal details redacted: show that version.
      existing.id = stored.id;
      existing.text = stored.text;
      if (existing.status === 'pending') existing.status = 'sent';
      return;
    }
    this.messages.push(fromStored(stored));
  }

  replyStart(event: ReplyStartEvent): void {
    if (!this.#mine(event.conversationId) || this.#finished.has(event.replyId)) return;
    const question = this.#replyQuestion.get(event.replyId) ?? {};
    this.#replyQuestion.set(event.replyId, { ...question, messageId: event.messageId });
    this.#replyMessage(event.replyId);
    this.activeReplyId = event.replyId;
    this.suggestions = [];
  }

  /**
   * Applies one delta (several coalesced ones when `fromSeq` is set). Returns `'applied'`,
   * `'ignored'` (another conversation, a finished reply, or `seq` ≤ the last seen: a duplicate
   * after a rejoin) or `'gap'` (not applied: deltas were missed; the caller rejoins with resume).
   */
  replyDelta(event: ReplyDeltaEvent): 'applied' | 'ignored' | 'gap' {
    if (!this.#mine(event.conversationId) || this.#finished.has(event.replyId)) return 'ignored';
    const last = this.lastSeq(event.replyId);
    if (event.seq <= last) return 'ignored';
    this.activeReplyId = event.replyId;
    if ((event.fromSeq ?? event.seq) !== last + 1) return 'gap';
    const message = this.#replyMessage(event.replyId);
    message.text += event.text;
    this.#lastSeq.set(event.replyId, event.seq);
    return 'applied';
  }

  /** `reply:resync`: this connection fell behind; the text so far replaces what it had. */
  replyResync(event: ReplyResyncEvent): void {
    if (!this.#mine(event.conversationId) || this.#finished.has(event.replyId)) return;
    if (event.seq < this.lastSeq(event.replyId)) return;
    this.#replyMessage(event.replyId).text = event.text;
    this.#lastSeq.set(event.replyId, event.seq);
    this.activeReplyId = event.replyId;
  }

  replyEnd(event: ReplyEndEvent): void {
    if (!this.#mine(event.conversationId) || this.#finished.has(event.replyId)) return;
    const message = this.#replyMessage(event.replyId);
    message.text = event.text;
    message.status = event.finishReason === 'aborted' ? 'stopped' : 'complete';
    message.citations = event.citations;
    // The stored message's id: what reactions are put on.
    if (event.assistantMessageId) message.id = event.assistantMessageId;
    this.#finish(event.replyId, event.lastSeq);
    this.suggestions = event.suggestions;
    if (event.text.trim()) this.#announce(event.text);
  }

  replyError(event: ReplyErrorEvent): void {
    if (!this.#mine(event.conversationId) || this.#finished.has(event.replyId)) return;
    const message = this.#replyMessage(event.replyId);
    message.text = event.partialText;
    message.status = 'error';
    this.#finish(event.replyId, this.lastSeq(event.replyId));
    const retryText = this.#questionText(event.replyId);
    this.problem = {
      code: event.code,
      message: event.message,
      temporary: event.temporary,
      ...(event.temporary && retryText ? { retryText } : {}),
    };
  }

  /** New counts for one message (`reaction:update`, or the ack of this visitor's reaction). */
  reactionUpdate(event: ReactionUpdateEvent, reacted?: { emoji: string; reacted: boolean }): void {
    if (!this.#mine(event.conversationId)) return;
    const message = this.messages.find((item) => item.id === event.messageId);
    if (!message) return;
    message.reactions = { ...event.reactions };
    if (reacted) {
      const mine = (message.myReactions ?? []).filter((emoji) => emoji !== reacted.emoji);
      message.myReactions = reacted.reacted ? [...mine, reacted.emoji] : mine;
    }
  }

  connectionLost(): void {
    this.status = this.status === 'connecting' ? 'connecting' : 'reconnecting';
  }

  /** The join itself failed (e.g. an unknown animal): nothing to retry automatically. */
  joinFailed(error: Pick<ErrorAck, 'message' | 'temporary'> & Partial<ErrorAck>): void {
    this.problem = {
      ...(error.code ? { code: error.code } : {}),
      message: error.message,
      temporary: false,
    };
  }

  /** What this client holds of a reply before a rejoin replaces its messages. */
  #held(replyId: string): { text: string; seq: number } | undefined {
    const message = this.messages.find((item) => item.replyId === replyId);
    return message ? { text: message.text, seq: this.lastSeq(replyId) } : undefined;
  }

  /**
   * Applies the catch-up of a resumed reply to the new `messages`; returns its id when it is
   * shown from the catch-up (the history did not hold it yet).
   */
  #resume(
    resume: ResumeResult,
    held: { text: string; seq: number } | undefined,
    messages: ChatMessage[],
  ): string | undefined {
    const { replyId } = resume;
    const stored = messages.find((message) => message.replyId === replyId);
    if (stored || resume.status === 'unknown') {
      // The history holds how it ended (it is the truth); a failure is offered for retry.
      if (stored?.status === 'error' && resume.error) this.#failed(replyId, resume.error, messages);
      return undefined;
    }
    let text = held?.text ?? '';
    let seq = held?.seq ?? 0;
    if (resume.snapshot) ({ text, seq } = resume.snapshot);
    for (const delta of resume.deltas ?? []) {
      if (delta.seq !== seq + 1) continue;
      text += delta.text;
      seq = delta.seq;
    }
    const failed = resume.status === 'error';
    messages.push({
      key: `reply:${replyId}`,
      role: 'assistant',
      text,
      status: failed ? 'error' : 'streaming',
      replyId,
      citations: [],
    });
    this.#lastSeq.set(replyId, seq);
    if (failed) {
      this.#finished.add(replyId);
      if (resume.error) this.#failed(replyId, resume.error, messages);
      this.activeReplyId = null;
    } else {
      // Still streaming, or ended a moment ago: its reply:end reaches this socket in the room.
      this.activeReplyId = replyId;
      this.suggestions = [];
    }
    return replyId;
  }

  /** Shows a reply's failure with "Try again" for the question it answered. */
  #failed(replyId: string, error: NonNullable<ResumeResult['error']>, messages: ChatMessage[]) {
    const index = messages.findIndex((message) => message.replyId === replyId);
    const before = messages.slice(0, index === -1 ? messages.length : index);
    const retryText =
      this.#replyQuestion.get(replyId)?.text ??
      before.findLast((message) => message.role === 'user')?.text;
    this.problem = {
      code: error.code,
      message: error.message,
      temporary: error.temporary,
      ...(error.temporary && retryText ? { retryText } : {}),
    };
  }

  #mine(conversationId: string): boolean {
    return this.conversationId !== null && conversationId === this.conversationId;
  }

  #replyMessage(replyId: string): ChatMessage {
    const existing = this.messages.find((message) => message.replyId === replyId);
    if (existing) return existing;
    this.messages.push({
      key: `reply:${replyId}`,
      role: 'assistant',
      text: '',
      status: 'streaming',
      replyId,
      citations: [],
    });
    // Return the reactive proxy held by the array, not the plain object pushed into it.
    return this.messages[this.messages.length - 1] as ChatMessage;
  }

  #finish(replyId: string, lastSeq: number): void {
    this.#finished.add(replyId);
    this.#lastSeq.set(replyId, lastSeq);
    if (this.activeReplyId === replyId) this.activeReplyId = null;
  }

  #questionText(replyId: string): string | undefined {
    const question = this.#replyQuestion.get(replyId);
    if (question?.text) return question.text;
    const messageId = question?.messageId;
    return messageId ? this.messages.find((message) => message.id === messageId)?.text : undefined;
  }

  #announce(text: string): void {
    const name = this.animal?.name;
    const next = name ? `${name}: ${text}` : text;
    // The same words twice in a row would not be announced again; a no-break space makes it new.
    this.announcement = next === this.announcement ? `${next}\u00a0` : next;
  }
}

export interface ChatSessionOptions {
  socket: ChatSocket;
  animalId: string;
  locale: Locale;
  state?: ConversationState;
  /** How long to wait for an acknowledgement. */
  ackTimeoutMs?: number;
  newId?: () => string;
  now?: () => number;
}

/** Drives a {@link ConversationState} from a socket. */
export class ChatSession {
  readonly state: ConversationState;
  readonly #socket: ChatSocket;
  readonly #animalId: string;
  readonly #ackTimeoutMs: number;
  readonly #newId: () => string;
  readonly #now: () => number;
  #locale: Locale;
  #joining = false;
  #rejoinWanted = false;
  /** Events that arrive while a join is in flight, applied after its snapshot. */
  #queue: (() => void)[] = [];
  #listeners: [string, (...args: never[]) => void][] = [];
  #disposed = false;
  #everConnected = false;

  constructor(options: ChatSessionOptions) {
    this.state = options.state ?? new ConversationState();
    this.#socket = options.socket;
    this.#animalId = options.animalId;
    this.#locale = options.locale;
    this.#ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    this.#newId = options.newId ?? (() => crypto.randomUUID());
    this.#now = options.now ?? Date.now;
    const state = this.state;
    this.#listen('connect', () => {
      this.#everConnected = true;
      void this.#join();
    });
    this.#listen('disconnect', () => {
      // A server that closed the socket on purpose (draining) is reconnected by socket-client.ts.
      state.connectionLost();
      if (!this.#everConnected) state.status = 'connecting';
    });
    this.#listen('connect_error', () => {
      state.connectionTrouble = true;
    });
    this.#listen('message:new', (event: MessageNewEvent) =>
      this.#apply(() => state.messageNew(event)),
    );
    this.#listen('reply:start', (event: ReplyStartEvent) =>
      this.#apply(() => state.replyStart(event)),
    );
    this.#listen('reply:delta', (event: ReplyDeltaEvent) =>
      this.#apply(() => {
        // Deltas were lost (e.g. a slow link): rejoin, resuming from the last seq applied.
        if (state.replyDelta(event) === 'gap') void this.#join();
      }),
    );
    this.#listen('reply:resync', (event: ReplyResyncEvent) =>
      this.#apply(() => state.replyResync(event)),
    );
    this.#listen('reply:end', (event: ReplyEndEvent) => this.#apply(() => state.replyEnd(event)));
    this.#listen('reply:error', (event: ReplyErrorEvent) =>
      this.#apply(() => state.replyError(event)),
    );
    this.#listen('reaction:update', (event: ReactionUpdateEvent) =>
      this.#apply(() => state.reactionUpdate(event)),
    );
    this.#listen('conversation:deleted', (event: { conversationId: string }) => {
      // Deleted on another device: joining the animal again starts a new, empty conversation.
      if (event.conversationId === state.conversationId) void this.#join();
    });
    if (this.#socket.connected) {
      this.#everConnected = true;
      void this.#join();
    }
  }

  get locale(): Locale {
    return this.#locale;
  }

  /** Continues in another language: the engine answers in the locale of the last join. */
  setLocale(locale: Locale): void {
    if (locale === this.#locale) return;
    this.#locale = locale;
    if (this.#socket.connected) void this.#join();
  }

  /**
   * Sends a message. `clientMessageId` is new for every message the visitor sends; it is reused
   * only to repeat a send whose outcome is unknown (the engine then answers `duplicate: true`).
   */
  async send(text: string, clientMessageId: string = this.#newId()): Promise<void> {
    const trimmed = text.trim();
    const conversationId = this.state.conversationId;
    if (!trimmed || !conversationId) return;
    this.state.addPending(clientMessageId, trimmed);
    let ack;
    try {
      ack = await this.#socket
        .timeout(this.#ackTimeoutMs)
        .emitWithAck('message:send', { conversationId, clientMessageId, text: trimmed });
    } catch {
      this.state.rejectSent(clientMessageId, { message: '', temporary: true }, trimmed, {
        outcomeUnknown: true,
        now: this.#now(),
      });
      return;
    }
    if (ack.ok) this.state.confirmSent(clientMessageId, ack, trimmed);
    else this.state.rejectSent(clientMessageId, ack, trimmed, { now: this.#now() });
  }

  /** "Try again": the same text, as a new message (same id only when the outcome was unknown). */
  async retry(): Promise<void> {
    const problem = this.state.problem;
    if (!problem?.temporary || !problem.retryText) return;
    const wait = (problem.retryNotBefore ?? 0) - this.#now();
    this.state.problem = null;
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    await this.send(problem.retryText, problem.retryClientMessageId ?? this.#newId());
  }

  /** Stops the reply streaming now. The engine ends it with `reply:end` (`aborted`). */
  async stop(): Promise<void> {
    const replyId = this.state.activeReplyId;
    if (!replyId) return;
    try {
      await this.#socket.timeout(this.#ackTimeoutMs).emitWithAck('reply:abort', { replyId });
    } catch {
      // No answer: the reply ends (or already ended) on its own; nothing to show.
    }
  }

  /**
   * Puts (or, the second time, takes back) one reaction on one of the animal's messages.
   * Returns the engine's message when it was refused ('' when there was no answer).
   */
  async react(
    messageId: string,
    emoji: ReactionEmoji,
  ): Promise<{ ok: true } | { ok: false; message: string }> {
    const conversationId = this.state.conversationId;
    if (!conversationId) return { ok: false, message: '' };
    try {
      const ack = await this.#socket
        .timeout(this.#ackTimeoutMs)
        .emitWithAck('reaction:add', { conversationId, messageId, emoji });
      if (!ack.ok) return { ok: false, message: ack.message };
      this.state.reactionUpdate(ack, { emoji, reacted: ack.reacted });
      return { ok: true };
    } catch {
      return { ok: false, message: '' };
    }
  }

  /** Makes a read-only link to a snapshot of this conversation (`conversation:share`). */
  async share(): Promise<
    { ok: true; shareId: string; path: string } | { ok: false; message: string }
  > {
    const conversationId = this.state.conversationId;
    if (!conversationId) return { ok: false, message: '' };
    try {
      const ack = await this.#socket
        .timeout(this.#ackTimeoutMs)
        .emitWithAck('conversation:share', { conversationId });
      return ack.ok
        ? { ok: true, shareId: ack.shareId, path: ack.path }
        : { ok: false, message: ack.message };
    } catch {
      return { ok: false, message: '' };
    }
  }

  /** Ends a share link at once (`share:revoke`). */
  async revokeShare(shareId: string): Promise<{ ok: true } | { ok: false; message: string }> {
    try {
      const ack = await this.#socket
        .timeout(this.#ackTimeoutMs)
        .emitWithAck('share:revoke', { shareId });
      return ack.ok ? { ok: true } : { ok: false, message: ack.message };
    } catch {
      return { ok: false, message: '' };
    }
  }

  dismissProblem(): void {
    this.state.problem = null;
  }

  dispose(): void {
    this.#disposed = true;
    for (const [event, listener] of this.#listeners) {
      this.#socket.off(event as never, listener as never);
    }
    this.#listeners = [];
  }

  #listen<A extends unknown[]>(event: string, listener: (...args: A) => void): void {
    const wrapped = listener as unknown as (...args: never[]) => void;
    this.#socket.on(event as never, wrapped as never);
    this.#listeners.push([event, wrapped]);
  }

  #joinLater(delayMs: number): void {
    setTimeout(() => {
      if (!this.#disposed && this.#socket.connected) void this.#join();
    }, delayMs);
  }

  #apply(change: () => void): void {
    if (this.#joining) this.#queue.push(change);
    else change();
  }

  async #join(): Promise<void> {
    if (this.#joining) {
      this.#rejoinWanted = true;
      return;
    }
    this.#joining = true;
    try {
      const resume = this.state.resumePoint();
      const ack = await this.#socket.timeout(this.#ackTimeoutMs).emitWithAck('conversation:join', {
        animalId: this.#animalId,
        locale: this.#locale,
        ...(resume ? { resume } : {}),
      });
      if (this.#disposed) return;
      if (ack.ok) this.state.join(ack);
      else if (ack.temporary) this.#joinLater(ack.retryAfterMs ?? 1_000);
      else this.state.joinFailed(ack);
    } catch {
      // No acknowledgement: try again while the socket is up (a reconnect joins anyway).
      this.#joinLater(1_000);
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
