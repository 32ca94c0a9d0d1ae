/**
 * The Redis reply journal, shared by every node (see `reply-journal.ts` for the contract and
 * `redis-keys.ts` for the layout). Appends are sent without waiting by the caller (see
 * `reply-journal-writer.ts`): one ioredis connection sends commands in order, so deltas are
 * journaled in `seq` order without adding a round trip to the stream.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { createRedisKeys, type RedisKeys } from './redis-keys.ts';
import {
  defineReplyJournalScripts,
  type ReplyJournalScripts,
} from './redis-reply-journal-scripts.ts';
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
  type ReplyStatus,
} from './reply-journal.ts';
import { withStoreErrors } from './store-errors.ts';

/** Options of {@link createRedisReplyJournal}. */
export interface RedisReplyJournalOptions extends Partial<ReplyJournalOptions> {
  /** Prefix of every key. @default 'cmz:' */
  keyPrefix?: string;
}

class RedisReplyJournal implements ReplyJournal {
  readonly #redis: Redis;
  readonly #commands: ReplyJournalScripts;
  readonly #keys: RedisKeys;
  readonly #limits: ReplyJournalOptions;

  constructor(redis: Redis, options: RedisReplyJournalOptions) {
    this.#redis = redis;
    this.#commands = defineReplyJournalScripts(redis);
    this.#keys = createRedisKeys(options.keyPrefix);
    this.#limits = {
      recentDeltas: options.recentDeltas ?? defaultReplyJournalOptions.recentDeltas,
      ttlSeconds: options.ttlSeconds ?? defaultReplyJournalOptions.ttlSeconds,
      streamingTtlSeconds:
        options.streamingTtlSeconds ?? defaultReplyJournalOptions.streamingTtlSeconds,
    };
  }

  start(entry: JournalStart): Promise<void> {
    return withStoreErrors(async () => {
      await this.#commands.cmzJournalStart(
        ...this.#replyKeys(entry.replyId),
        this.#keys.activeReply(entry.conversationId),
        this.#keys.nodeReplies(entry.nodeId),
        entry.replyId,
        entry.conversationId,
        entry.visitorId,
        entry.nodeId,
        this.#limits.streamingTtlSeconds,
      );
    });
  }

  append(replyId: string, delta: JournalDelta): Promise<boolean> {
    return withStoreErrors(
      async () =>
        (await this.#commands.cmzJournalAppend(
          ...this.#replyKeys(replyId),
          delta.seq,
          delta.text,
          this.#limits.recentDeltas,
          this.#limits.streamingTtlSeconds,
        )) === 1,
    );
  }

  replace(replyId: string, snapshot: JournalDelta): Promise<boolean> {
    return withStoreErrors(
      async () =>
        (await this.#commands.cmzJournalReplace(
          ...this.#replyKeys(replyId),
          snapshot.text,
          snapshot.seq,
          this.#limits.streamingTtlSeconds,
        )) === 1,
    );
  }

  finish(replyId: string, nodeId: string, outcome: JournalOutcome): Promise<boolean> {
    return withStoreErrors(
      async () =>
        (await this.#commands.cmzJournalFinish(
          ...this.#replyKeys(replyId),
          this.#keys.nodeReplies(nodeId),
          nodeId,
          outcome.status,
          outcome.error ? JSON.stringify(outcome.error) : '',
          this.#limits.ttlSeconds,
          replyId,
          this.#keys.activeReplyPrefix,
        )) === 1,
    );
  }

  read(replyId: string): Promise<ReplyRecord | null> {
    return withStoreErrors(async () => {
      const raw = (await this.#commands.cmzJournalRead(...this.#replyKeys(replyId))) as
        [string[], string, string[]] | null;
      return raw === null ? null : toRecord(...raw);
    });
  }

  activeReply(conversationId: string): Promise<ReplyRecord | null> {
    return withStoreErrors(async () => {
      const replyId = await this.#redis.get(this.#keys.activeReply(conversationId));
      if (replyId === null) return null;
      const record = await this.read(replyId);
      return record?.status === 'streaming' ? record : null;
    });
  }

  heartbeat(nodeId: string, ttlMs: number): Promise<void> {
    return withStoreErrors(async () => {
      await this.#redis
        .multi()
        .set(this.#keys.nodeHeartbeat(nodeId), String(Date.now()), 'PX', ttlMs)
        .sadd(this.#keys.nodes, nodeId)
        .exec();
    });
  }

  isAlive(nodeId: string): Promise<boolean> {
    return withStoreErrors(
      async () => (await this.#redis.exists(this.#keys.nodeHeartbeat(nodeId))) === 1,
    );
  }

  leave(nodeId: string): Promise<void> {
    return withStoreErrors(async () => {
      await this.#redis
        .multi()
        .del(this.#keys.nodeHeartbeat(nodeId))
        .srem(this.#keys.nodes, nodeId)
        .exec();
    });
  }

  claimOrphans(error: JournalError, callerNodeId: string): Promise<OrphanedReply[]> {
    return withStoreErrors(async () => {
      const replyIds = (await this.#commands.cmzJournalClaimOrphans(
        this.#keys.nodes,
        this.#keys.nodePrefix,
        this.#keys.replyPrefix,
        this.#keys.activeReplyPrefix,
        JSON.stringify(error),
        this.#limits.ttlSeconds,
        callerNodeId,
      )) as string[];
      const records = await Promise.all(replyIds.map((replyId) => this.read(replyId)));
      return records.filter((record): record is ReplyRecord => record !== null);
    });
  }

  async close(): Promise<void> {
    // The client belongs to the caller (shared with the conversation store).
  }

  #replyKeys(replyId: string): [string, string, string] {
    return [
      this.#keys.reply(replyId),
      this.#keys.replyDeltas(replyId),
      this.#keys.replySnapshot(replyId),
    ];
  }
}

function toRecord(flat: string[], snapshotText: string, texts: string[]): ReplyRecord {
  const fields = new Map<string, string>();
  for (let index = 0; index + 1 < flat.length; index += 2) {
    fields.set(flat[index] as string, flat[index + 1] as string);
  }
  const snapshotSeq = Number(fields.get('snapshotSeq') ?? 0);
  const error = fields.get('error');
  return {
    replyId: fields.get('replyId') ?? '',
    conversationId: fields.get('conversationId') ?? '',
    visitorId: fields.get('visitorId') ?? '',
    nodeId: fields.get('nodeId') ?? '',
    status: (fields.get('status') ?? 'error') as ReplyStatus,
    snapshotText,
    snapshotSeq,
    deltas: texts.map((text, index) => ({ seq: snapshotSeq + index + 1, text })),
    seq: Number(fields.get('seq') ?? 0),
    ...(error ? { error: JSON.parse(error) as JournalError } : {}),
  };
}

/**
 * Creates a reply journal on an ioredis client (create it with `createRedisClient`, so calls
 * never hang). The client stays the caller's: `close()` does not quit it.
 *
 * @example
 * ```ts
 * const journal = createRedisReplyJournal(redis, { recentDeltas: 64, ttlSeconds: 120 });
 * ```
 */
export function createRedisReplyJournal(
  redis: Redis,
  options: RedisReplyJournalOptions = {},
): ReplyJournal {
  return new RedisReplyJournal(redis, options);
}
