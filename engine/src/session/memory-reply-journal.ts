/**
 * The in-memory reply journal: the default for a single node (no `REDIS_URL`). Same behaviour as
 * the Redis journal, including heartbeats and orphan claims, so the cluster code runs unchanged
 * on one node.
 *
 * @module
 */
import {
  defaultReplyJournalOptions,
  type JournalDelta,
  type JournalError,
  type JournalOutcome,
  type JournalStart,
  type OrphanedReply,
  type ReplyJournal,
  type ReplyJournalOptions,
  type ReplyRecord,
} from './reply-journal.ts';

/** Options of {@link createMemoryReplyJournal}. */
export interface MemoryReplyJournalOptions extends Partial<ReplyJournalOptions> {
  /** Clock in epoch milliseconds; injected by tests. */
  now?: () => number;
}

interface StoredReply {
  record: ReplyRecord;
  expiresAtMs: number;
}

class MemoryReplyJournal implements ReplyJournal {
  readonly #limits: ReplyJournalOptions;
  readonly #now: () => number;
  readonly #replies = new Map<string, StoredReply>();
  readonly #activeByConversation = new Map<string, string>();
  readonly #heartbeats = new Map<string, number>();

  constructor(options: MemoryReplyJournalOptions) {
    this.#limits = { ...defaultReplyJournalOptions, ...withoutUndefined(options) };
    this.#now = options.now ?? Date.now;
  }

  async start(entry: JournalStart): Promise<void> {
    this.#prune();
    this.#replies.set(entry.replyId, {
      record: {
        ...entry,
        status: 'streaming',
        snapshotText: '',
        snapshotSeq: 0,
        deltas: [],
        seq: 0,
      },
      expiresAtMs: this.#now() + this.#limits.streamingTtlSeconds * 1000,
    });
    this.#activeByConversation.set(entry.conversationId, entry.replyId);
  }

  async append(replyId: string, delta: JournalDelta): Promise<boolean> {
    const stored = this.#streaming(replyId);
    if (stored === undefined || delta.seq !== stored.record.seq + 1) return false;
    const { record } = stored;
    record.deltas.push({ ...delta });
    record.seq = delta.seq;
    if (record.deltas.length > this.#limits.recentDeltas) {
      const oldest = record.deltas.shift() as JournalDelta;
      record.snapshotText += oldest.text;
      record.snapshotSeq = oldest.seq;
    }
    stored.expiresAtMs = this.#now() + this.#limits.streamingTtlSeconds * 1000;
    return true;
  }

  async replace(replyId: string, snapshot: JournalDelta): Promise<boolean> {
    const stored = this.#streaming(replyId);
    if (stored === undefined) return false;
    Object.assign(stored.record, {
      snapshotText: snapshot.text,
      snapshotSeq: snapshot.seq,
      deltas: [],
      seq: snapshot.seq,
    });
    return true;
  }

  async finish(replyId: string, nodeId: string, outcome: JournalOutcome): Promise<boolean> {
    const stored = this.#streaming(replyId);
    if (stored === undefined || stored.record.nodeId !== nodeId) return false;
    this.#end(stored, outcome.status, outcome.error);
    return true;
  }

  async read(replyId: string): Promise<ReplyRecord | null> {
    const stored = this.#live(replyId);
    return stored === undefined ? null : copy(stored.record);
  }

  async activeReply(conversationId: string): Promise<ReplyRecord | null> {
    const replyId = this.#activeByConversation.get(conversationId);
    if (replyId === undefined) return null;
    const record = await this.read(replyId);
    return record?.status === 'streaming' ? record : null;
  }

  async heartbeat(nodeId: string, ttlMs: number): Promise<void> {
    this.#heartbeats.set(nodeId, this.#now() + ttlMs);
  }

  async isAlive(nodeId: string): Promise<boolean> {
    return (this.#heartbeats.get(nodeId) ?? 0) > this.#now();
  }

  async leave(nodeId: string): Promise<void> {
    this.#heartbeats.delete(nodeId);
  }

  async claimOrphans(error: JournalError, callerNodeId: string): Promise<OrphanedReply[]> {
    const now = this.#now();
    const dead = new Set(
      [...this.#heartbeats]
        .filter(([nodeId, expiresAt]) => expiresAt <= now && nodeId !== callerNodeId)
        .map(([nodeId]) => nodeId),
    );
    for (const nodeId of dead) this.#heartbeats.delete(nodeId);
    const orphans: OrphanedReply[] = [];
    for (const stored of this.#replies.values()) {
      const { record } = stored;
      if (record.status !== 'streaming' || !dead.has(record.nodeId)) continue;
      this.#end(stored, 'error', error);
      orphans.push(copy(record));
    }
    return orphans;
  }

  async close(): Promise<void> {
    this.#replies.clear();
    this.#activeByConversation.clear();
    this.#heartbeats.clear();
  }

  #end(stored: StoredReply, status: JournalOutcome['status'], error?: JournalError): void {
    const { record } = stored;
    record.status = status;
    record.nodeId = '';
    if (error !== undefined) record.error = { ...error };
    stored.expiresAtMs = this.#now() + this.#limits.ttlSeconds * 1000;
    if (this.#activeByConversation.get(record.conversationId) === record.replyId) {
      this.#activeByConversation.delete(record.conversationId);
    }
  }

  #live(replyId: string): StoredReply | undefined {
    const stored = this.#replies.get(replyId);
    if (stored !== undefined && stored.expiresAtMs <= this.#now()) {
      this.#forget(stored.record);
      return undefined;
    }
    return stored;
  }

  #streaming(replyId: string): StoredReply | undefined {
    const stored = this.#live(replyId);
    return stored?.record.status === 'streaming' ? stored : undefined;
  }

  #forget(record: ReplyRecord): void {
    this.#replies.delete(record.replyId);
    if (this.#activeByConversation.get(record.conversationId) === record.replyId) {
      this.#activeByConversation.delete(record.conversationId);
    }
  }

  // Ended replies nobody reads again would stay forever with lazy expiry alone; starting a reply
  // is rare next to deltas, so a full pass there keeps memory O(replies in the window).
  #prune(): void {
    const now = this.#now();
    for (const stored of this.#replies.values()) {
      if (stored.expiresAtMs <= now) this.#forget(stored.record);
    }
  }
}

function copy(record: ReplyRecord): ReplyRecord {
  return {
    ...record,
    deltas: record.deltas.map((delta) => ({ ...delta })),
    ...(record.error ? { error: { ...record.error } } : {}),
  };
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(value).filter(([, entry]) => entry !== undefined),
  ) as Partial<T>;
}

/**
 * Creates an in-memory reply journal.
 *
 * @example
 * ```ts
 * const journal = createMemoryReplyJournal({ recentDeltas: 32 });
 * ```
 */
export function createMemoryReplyJournal(options: MemoryReplyJournalOptions = {}): ReplyJournal {
  return new MemoryReplyJournal(options);
}
