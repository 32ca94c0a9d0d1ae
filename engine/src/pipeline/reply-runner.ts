/**
 * Accepts a visitor's message and runs its reply: idempotency on `clientMessageId`, length and
 * rate limits, `inspectMessage`, storage, then the pipeline in the background with its events
 * sent to the conversation's sink. A reply is owned by the node that runs it, not by a socket:
 * a disconnect never cancels it; only `abort` does (from any node: see `abort`).
 *
 * Every reply is also journaled (`session/reply-journal.ts`): each delta goes to the room first,
 * then to the journal without waiting; the end waits for the journal to catch up, marks the
 * reply ended there, stores it and only then emits `reply:end`. A reply the journal says another
 * node has claimed (this node was presumed dead) is neither stored nor ended here.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import type { AnimalPersona } from '../content/animal-types.ts';
import { EngineError, toPublicError } from '../errors/engine-error.ts';
import type { LlmModel } from '../llm/llm-model.ts';
import type { HookTable } from '../plugins/hook-table.ts';
import { HookRunner, type HookErrorReporter } from '../plugins/hook-runner.ts';
import type { PluginMetrics } from '../plugins/plugin-metrics.ts';
import type { InboundMessage, RoomType, Visitor } from '../plugins/plugin-types.ts';
import type { AbortAck, ConversationMessage, Locale, SendAck } from '../protocol/events.ts';
import { redactPersonalInfo } from '../safety/pii-redaction.ts';
import { createMemoryReplyJournal } from '../session/memory-reply-journal.ts';
import {
  recordText,
  type JournalOutcome,
  type OrphanedReply,
  type ReplyJournal,
} from '../session/reply-journal.ts';
import { ReplyJournalWriter } from '../session/reply-journal-writer.ts';
import type { ConversationRecord, ConversationStore } from '../session/conversation-store.ts';
import type { RateLimiter } from '../session/rate-limiter.ts';
import { logOperation, type Logger } from '../telemetry/logger.ts';
import { ActiveReplies, type ActiveReply } from './active-replies.ts';
import { handleMessage } from './handle-message.ts';
import { newId } from './ids.ts';
import { createContextProvider, type MessageFacts } from './message-context.ts';
import { combineSinks, type ReplySink } from './reply-sink.ts';

/** What the runner works with. */
export interface ReplyRunnerOptions {
  store: ConversationStore;
  rateLimiter: RateLimiter;
  /** The model is read per message, so configuration changes apply to the next reply. */
  model: () => LlmModel;
  /** The current hook table; captured once per message. */
  hookTable: () => HookTable;
  metrics: PluginMetrics;
  reportHookError: HookErrorReporter;
  sinkFor: (conversationId: string) => ReplySink;
  logger: Logger;
  /** Longest accepted message, in characters. @default 500 */
  maxMessageLength: number;
  /** Where replies are journaled. @default an in-memory journal (one node) */
  journal?: ReplyJournal;
  /** This node's id (owner of the replies it runs). @default 'local' */
  nodeId?: string;
  /** Asks another node to stop a reply it generates. @default none (one node) */
  routeAbort?: (nodeId: string, replyId: string) => Promise<boolean>;
}

/** One `message:send`, after the transport resolved who and where. */
export interface SendInput {
  visitor: Visitor;
  conversation: ConversationRecord;
  animal: AnimalPersona;
  locale: Locale;
  clientMessageId: string;
  text: string;
  /** @default 'private' */
  roomType?: RoomType;
  /** An extra sink for this reply only (the REST layer's collector). */
  extraSink?: ReplySink;
  /** Shared rooms: who asked (kept on the stored user message). */
  author?: ConversationMessage['author'];
  /** False skips the visitor's send bucket: rooms limit each member when they ask. @default true */
  rateLimit?: boolean;
}

/**
 * Runs replies. `send` resolves with the acknowledgement as soon as the message is accepted and
 * stored; the reply then streams to the conversation's sink.
 *
 * @example
 * ```ts
 * const runner = new ReplyRunner(options);
 * const ack = await runner.send({ visitor, conversation, animal, locale: 'en', clientMessageId: 'c1', text: 'hi' });
 * ```
 */
export class ReplyRunner {
  readonly active = new ActiveReplies();
  readonly journal: ReplyJournal;
  readonly nodeId: string;
  readonly #options: ReplyRunnerOptions;
  #routeAbort: ((nodeId: string, replyId: string) => Promise<boolean>) | undefined;

  constructor(options: ReplyRunnerOptions) {
    this.#options = options;
    this.#routeAbort = options.routeAbort;
    this.journal = options.journal ?? createMemoryReplyJournal();
    this.nodeId = options.nodeId ?? 'local';
  }

  /** Accepts a message (or finds the earlier acceptance of the same `clientMessageId`). */
  async send(input: SendInput): Promise<SendAck> {
    const { store } = this.#options;
    const conversationId = input.conversation.id;
    const text = this.#checkText(input.text);
    const earlier = await store.findClientMessage(conversationId, input.clientMessageId);
    if (earlier !== null) return { ok: true, ...earlier, duplicate: true };
    const decision =
      input.rateLimit === false
        ? { allowed: true as const, retryAfterMs: 0 }
        : await this.#options.rateLimiter.consume(`send:${input.visitor.visitorId}`);
    if (!decision.allowed) {
      throw new EngineError('CMZ_ERR_MESSAGE_RATE_LIMITED', {
        retryAfterMs: decision.retryAfterMs,
      });
    }
    const runner = new HookRunner(this.#options.hookTable(), {
      metrics: this.#options.metrics,
      reportError: this.#options.reportHookError,
      target: { animalId: input.animal.id, roomType: input.roomType ?? 'private' },
    });
    const replyId = newId('r');
    const message: InboundMessage = {
      messageId: newId('m'),
      clientMessageId: input.clientMessageId,
      conversationId,
      text,
      createdAt: new Date().toISOString(),
    };
    const controller = new AbortController();
    const { visitor, conversation, animal, locale } = input;
    const facts: MessageFacts = {
      visitor,
      conversation,
      animal,
      locale,
      roomType: input.roomType ?? 'private',
      replyId,
      signal: controller.signal,
    };
    const contextFor = createContextProvider(facts);
    await runner.sequentialRejecting('inspectMessage', (entry) => [
      message,
      contextFor(entry.pluginName),
    ]);
    const claim = await store.claimClientMessage(conversationId, input.clientMessageId, {
      messageId: message.messageId,
      replyId,
    });
    if (!claim.claimed) return { ok: true, ...claim.existing, duplicate: true };
    const userMessage: ConversationMessage = {
      id: message.messageId,
      role: 'user',
      text,
      createdAt: message.createdAt,
      clientMessageId: input.clientMessageId,
      ...(input.author ? { author: input.author } : {}),
    };
    await store.appendMessage(conversationId, userMessage);
    // Awaited before the ack: once a visitor holds a reply id, every node can find the reply
    // (resume, abort, failover). A journal failure only costs those, never the reply itself.
    await this.journal
      .start({ replyId, conversationId, visitorId: input.visitor.visitorId, nodeId: this.nodeId })
      .catch((error: unknown) => this.#journalFailed(replyId, error));
    const sink = this.#sinkFor(conversationId, input.extraSink);
    sink.messageNew({ conversationId, message: userMessage });
    const reply: ActiveReply = {
      replyId,
      conversationId,
      visitorId: input.visitor.visitorId,
      controller,
      text: '',
      seq: 0,
      done: Promise.resolve(),
      table: runner.table,
    };
    this.active.add(reply);
    reply.done = this.#run({ reply, runner, message, contextFor, facts, sink });
    return { ok: true, messageId: message.messageId, replyId, duplicate: false };
  }

  /**
   * Stops a reply in flight, on this node or (through the journal and `routeAbort`) on the node
   * generating it; its partial text is kept in history, marked as stopped. Only the visitor who
   * owns the reply's conversation may stop it.
   */
  async abort(replyId: string, visitorId: string): Promise<AbortAck> {
    const reply = this.active.get(replyId);
    if (reply !== undefined && reply.visitorId === visitorId) {
      reply.controller.abort();
      return { ok: true, replyId };
    }
    const record = reply === undefined ? await this.journal.read(replyId) : null;
    // Someone else's reply answers "not found" too, so reply ids reveal nothing.
    if (record === null || record.status !== 'streaming' || record.visitorId !== visitorId) {
      throw new EngineError('CMZ_ERR_SESSION_REPLY_NOT_FOUND', { args: [replyId] });
    }
    // A node that no longer listens is dead: the failover sweep ends its reply shortly.
    await this.#routeAbort?.(record.nodeId, replyId);
    return { ok: true, replyId };
  }

  /** Sets how aborts reach other nodes (the cluster wiring, once its channel is subscribed). */
  routeAbortsWith(route: (nodeId: string, replyId: string) => Promise<boolean>): void {
    this.#routeAbort = route;
  }

  /** Stops a reply this node generates (an abort routed from another node, already checked). */
  abortLocal(replyId: string): void {
    this.active.get(replyId)?.controller.abort();
  }

  /**
   * Ends a reply whose node died (claimed from the journal by this node's failover sweep): the
   * partial text is stored as `error` and the room gets `reply:error` (temporary). If the reply
   * is running here after all (this node was presumed dead), it is stopped without an end.
   */
  async failOrphan(orphan: OrphanedReply): Promise<void> {
    const local = this.active.get(orphan.replyId);
    if (local !== undefined) {
      local.orphaned = true;
      local.controller.abort();
    }
    const partialText = recordText(orphan);
    const started = performance.now();
    const reply = { replyId: orphan.replyId, conversationId: orphan.conversationId };
    const facts = { ...reply, visitorId: orphan.visitorId, text: partialText, seq: orphan.seq };
    if (partialText.length > 0) await this.#store(facts, 'error', []);
    const error = orphan.error ?? toPublicError(new EngineError('CMZ_ERR_REPLY_NODE_LOST'));
    this.#options.sinkFor(orphan.conversationId).error({ ...reply, ...error, partialText });
    this.#log(facts, 'error', started, { code: error.code, step: 'failover' });
  }

  /** Resolves when every reply in flight has ended (used by graceful shutdown). */
  async drain(): Promise<void> {
    await Promise.all(this.active.all().map((reply) => reply.done));
  }

  #checkText(raw: string): string {
    const trimmed = raw.trim();
    if (trimmed.length === 0) throw new EngineError('CMZ_ERR_MESSAGE_EMPTY');
    if (trimmed.length > this.#options.maxMessageLength) {
      throw new EngineError('CMZ_ERR_MESSAGE_TOO_LONG', { args: [this.#options.maxMessageLength] });
    }
    // Personal details a child types (an address, a phone number) never reach storage or a model.
    return redactPersonalInfo(trimmed).text;
  }

  #sinkFor(conversationId: string, extraSink: ReplySink | undefined): ReplySink {
    const roomSink = this.#options.sinkFor(conversationId);
    return extraSink === undefined ? roomSink : combineSinks([roomSink, extraSink]);
  }

  async #run(run: RunInput): Promise<void> {
    const { reply, sink, facts } = run;
    const started = performance.now();
    const writer = new ReplyJournalWriter(this.journal, reply.replyId, (error) =>
      this.#journalFailed(reply.replyId, error),
    );
    const full = () => ({ seq: reply.seq, text: reply.text });
    let firstTokenMs: number | undefined;
    const conversationId = reply.conversationId;
    sink.start({
      conversationId,
      replyId: reply.replyId,
      messageId: run.message.messageId,
      animalId: facts.animal.id,
    });
    try {
      for await (const event of handleMessage({
        ...run,
        model: this.#options.model(),
        context: facts,
      })) {
        if (event.type === 'delta') {
          firstTokenMs ??= performance.now() - started;
          reply.seq += 1;
          reply.text += event.text;
          sink.delta({ conversationId, replyId: reply.replyId, seq: reply.seq, text: event.text });
          writer.delta({ seq: reply.seq, text: event.text }, full);
          continue;
        }
        const stopped = event.finishReason === 'aborted';
        await writer.flush(full);
        if (!(await this.#endJournal(reply, { status: stopped ? 'stopped' : 'complete' }))) return;
        const assistantMessageId = await this.#store(
          reply,
          stopped ? 'stopped' : 'complete',
          event.citations,
        );
        reply.ended = true;
        sink.end({
          conversationId,
          replyId: reply.replyId,
          text: reply.text,
          lastSeq: reply.seq,
          ...event,
          ...(assistantMessageId ? { assistantMessageId } : {}),
        });
        const completed = {
          ...event,
          replyId: reply.replyId,
          messageId: run.message.messageId,
          question: run.message.text,
          text: reply.text,
        };
        this.#log(reply, 'ok', started, { firstTokenMs, finishReason: event.finishReason });
        // Awaited after reply:end went out, so clients never wait for it, but `done` (which the
        // REST layer and graceful shutdown wait on) includes archiving and other notifications.
        await run.runner.parallel('onReplyEnd', (entry) => [
          completed,
          run.contextFor(entry.pluginName),
        ]);
      }
    } catch (error) {
      const publicError = toPublicError(error);
      await writer.flush(full);
      const { code, message, temporary } = publicError;
      const outcome = { status: 'error', error: { code, message, temporary } } as const;
      if (!(await this.#endJournal(reply, outcome))) return;
      if (reply.text.length > 0) await this.#store(reply, 'error', []);
      reply.ended = true;
      sink.error({
        conversationId,
        replyId: reply.replyId,
        ...publicError,
        partialText: reply.text,
      });
      this.#log(reply, 'error', started, { firstTokenMs, code: publicError.code });
    } finally {
      this.active.remove(reply.replyId);
    }
  }

  /** Marks the reply ended in the journal; `false` when another node claimed it meanwhile. */
  async #endJournal(reply: ActiveReply, outcome: JournalOutcome): Promise<boolean> {
    if (reply.orphaned === true) return false;
    try {
      const owned = await this.journal.finish(reply.replyId, this.nodeId, outcome);
      if (!owned) reply.orphaned = true;
      return owned;
    } catch (error) {
      // The journal is unreachable: the visitor still gets the end of the reply they watched.
      this.#journalFailed(reply.replyId, error);
      return true;
    }
  }

  #journalFailed(replyId: string, error: unknown): void {
    this.#options.logger.warn(
      { operation: 'reply-journal', replyId, code: toPublicError(error).code },
      'reply journal write failed',
    );
  }

  async #store(
    reply: Pick<ActiveReply, 'replyId' | 'conversationId' | 'visitorId' | 'text' | 'seq'>,
    status: 'complete' | 'stopped' | 'error',
    citations: ConversationMessage['citations'],
  ): Promise<string | undefined> {
    const message: ConversationMessage = {
      id: newId('m'),
      role: 'assistant',
      text: reply.text,
      createdAt: new Date().toISOString(),
      status,
      replyId: reply.replyId,
      ...(citations && citations.length > 0 ? { citations } : {}),
    };
    try {
      await this.#options.store.appendMessage(reply.conversationId, message);
      return message.id;
    } catch (error) {
      // The visitor still gets the reply they watched stream; only its history entry is lost.
      this.#log(reply, 'error', performance.now(), {
        code: toPublicError(error).code,
        step: 'store-reply',
      });
      return undefined;
    }
  }

  #log(
    reply: Pick<ActiveReply, 'replyId' | 'conversationId' | 'visitorId' | 'seq'>,
    status: 'ok' | 'error',
    started: number,
    fields: Record<string, unknown>,
  ): void {
    logOperation(this.#options.logger, {
      operation: 'reply',
      status,
      durationMs: Math.round(performance.now() - started),
      visitorId: reply.visitorId,
      conversationId: reply.conversationId,
      replyId: reply.replyId,
      deltas: reply.seq,
      ...fields,
    });
  }
}

interface RunInput {
  reply: ActiveReply;
  runner: HookRunner;
  message: InboundMessage;
  contextFor: ReturnType<typeof createContextProvider>;
  facts: MessageFacts;
  sink: ReplySink;
}
