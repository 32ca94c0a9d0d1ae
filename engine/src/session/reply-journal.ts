/**
 * The reply journal: where every reply's streamed text is kept for a bounded window, so that a
 * client can resume a reply by `{replyId, seq}` on any node, a late joiner sees the text so far,
 * an abort can find the node generating the reply, and the other nodes can end a reply whose node
 * died.
 *
 * Each reply is a compacted snapshot (text up to `snapshotSeq`) plus at most `recentDeltas` recent
 * deltas: appending one more folds the oldest into the snapshot. Memory is therefore O(active
 * replies), never a per-token log. A reply's entry expires `ttlSeconds` after it ends.
 *
 * Nodes also heartbeat here: a node whose heartbeat expired is dead, and `claimOrphans` hands its
 * streaming replies (marked `error` atomically, so exactly one caller gets each) to the caller.
 *
 * Implementations: `memory-reply-journal.ts` (one node) and `redis-reply-journal.ts` (every node
 * shares it). `reply-journal.contract.ts` is the behaviour both must have.
 *
 * @module
 */
import type { ErrorCode } from '../errors/error-catalog.ts';

/** Where a reply is in its life. */
export type ReplyStatus = 'streaming' | 'complete' | 'stopped' | 'error';

/** One streamed delta as the journal keeps it. */
export interface JournalDelta {
  seq: number;
  text: string;
}

/** The public error a reply ended with (only for `status: 'error'`). */
export interface JournalError {
  code: ErrorCode;
  message: string;
  temporary: boolean;
}

/** What the journal knows of one reply. */
export interface ReplyRecord {
  replyId: string;
  conversationId: string;
  /** The visitor who owns the conversation (aborts are checked against it). */
  visitorId: string;
  /** The node generating the reply ('' once it ended or was claimed). */
  nodeId: string;
  status: ReplyStatus;
  /** Text of deltas 1..`snapshotSeq`, compacted. */
  snapshotText: string;
  snapshotSeq: number;
  /** Deltas `snapshotSeq + 1` .. `seq`, in order. */
  deltas: JournalDelta[];
  /** The last journaled `seq`. */
  seq: number;
  error?: JournalError;
}

/** A reply whose node died, claimed (and marked `error`) by the caller of `claimOrphans`. */
export type OrphanedReply = ReplyRecord;

/** Starts a reply's entry. */
export interface JournalStart {
  replyId: string;
  conversationId: string;
  visitorId: string;
  nodeId: string;
}

/** How a reply ended. */
export interface JournalOutcome {
  status: Exclude<ReplyStatus, 'streaming'>;
  error?: JournalError;
}

/** Limits of a journal. */
export interface ReplyJournalOptions {
  /** Recent deltas kept as deltas; older ones are folded into the snapshot. @default 64 */
  recentDeltas: number;
  /** How long an ended reply stays readable, in seconds. @default 120 */
  ttlSeconds: number;
  /** How long a streaming reply stays readable without any append, in seconds. @default 600 */
  streamingTtlSeconds: number;
}

/** Default limits. */
export const defaultReplyJournalOptions: ReplyJournalOptions = {
  recentDeltas: 64,
  ttlSeconds: 120,
  streamingTtlSeconds: 600,
};

/**
 * The reply journal contract.
 *
 * @example
 * ```ts
 * await journal.start({ replyId: 'r1', conversationId: 'c1', visitorId: 'v1', nodeId: 'n1' });
 * await journal.append('r1', { seq: 1, text: 'Hi ' });
 * await journal.finish('r1', 'n1', { status: 'complete' });
 * (await journal.read('r1'))?.status; // 'complete'
 * ```
 */
export interface ReplyJournal {
  /** Records a new streaming reply owned by `nodeId`; it becomes its conversation's active reply. */
  start(entry: JournalStart): Promise<void>;
  /**
   * Appends the next delta. Ignored once the reply is no longer streaming (claimed by another
   * node) and when `seq` does not follow the last journaled one (then `replace` repairs it).
   * Resolves `false` when the delta was not applied.
   */
  append(replyId: string, delta: JournalDelta): Promise<boolean>;
  /** Replaces the whole text (after a lost append): snapshot = `text` up to `seq`, no deltas. */
  replace(replyId: string, snapshot: JournalDelta): Promise<boolean>;
  /**
   * Ends a streaming reply owned by `nodeId`. Resolves `false` when it was not (any longer)
   * owned by that node, e.g. another node claimed it as orphaned: the caller must not store it.
   */
  finish(replyId: string, nodeId: string, outcome: JournalOutcome): Promise<boolean>;
  read(replyId: string): Promise<ReplyRecord | null>;
  /** The reply streaming now in a conversation, if any. */
  activeReply(conversationId: string): Promise<ReplyRecord | null>;
  /** Marks `nodeId` alive for `ttlMs`. */
  heartbeat(nodeId: string, ttlMs: number): Promise<void>;
  /** True while `nodeId`'s heartbeat has not expired. */
  isAlive(nodeId: string): Promise<boolean>;
  /** A node leaving on purpose: its heartbeat is removed at once. */
  leave(nodeId: string): Promise<void>;
  /**
   * Atomically claims every streaming reply of every node (other than `callerNodeId`) whose
   * heartbeat expired: each is marked `error` with `error` and returned to exactly one caller.
   * A node never claims its own replies: if it is alive enough to ask, it is not dead.
   */
  claimOrphans(error: JournalError, callerNodeId: string): Promise<OrphanedReply[]>;
  close(): Promise<void>;
}

/**
 * The full text of a record (snapshot plus recent deltas).
 *
 * @example
 * ```ts
 * recordText(record); // 'Hello there'
 * ```
 */
export function recordText(record: ReplyRecord): string {
  return record.snapshotText + record.deltas.map((delta) => delta.text).join('');
}

/** What a resuming client needs: exactly the missing deltas, or a snapshot replacing its text. */
export type CatchUp = { deltas: JournalDelta[] } | { snapshot: JournalDelta };

/**
 * The catch-up for a client that holds deltas up to `afterSeq`: the deltas after it when they
 * are still kept one by one, otherwise the whole text so far as a replacing snapshot.
 *
 * @example
 * ```ts
 * catchUpFrom(record, 3); // { deltas: [{ seq: 4, text: 'bamboo ' }] }
 * ```
 */
export function catchUpFrom(record: ReplyRecord, afterSeq: number): CatchUp {
  if (afterSeq >= record.snapshotSeq) {
    return { deltas: record.deltas.filter((delta) => delta.seq > afterSeq) };
  }
  return { snapshot: { text: recordText(record), seq: record.seq } };
}
