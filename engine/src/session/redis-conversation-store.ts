/**
 * The Redis conversation store: survives engine restarts and is shared by every node.
 *
 * Data layout (default prefix `cmz:`, see `redis-keys.ts`):
 * - `cmz:conv:<id>` hash: `id`, `visitorId`, `animalId`, `locale`, `createdAt`, `updatedAt`, and
 *   `indexKey` (the name of the visitor index key, so a write can refresh its TTL)
 * - `cmz:conv-by-visitor:<visitorId>:<animalId>` string → conversation id; created inside one Lua
 *   script (atomic like SET NX), so two nodes racing on a first join end with the same id
 * - `cmz:conv:<id>:messages` list of JSON messages, RPUSH then LTRIM to the last `maxMessages`
 * - `cmz:conv:<id>:claims` hash `clientMessageId` → `<expiresAtMs>|<JSON>`. One hash rather than
 *   one key per claim, because deleting a conversation must remove its claims and finding
 *   per-claim keys would need a SCAN of the whole keyspace. Redis 7.0 has no per-field TTL, so
 *   each field carries its own expiry (checked against Redis `TIME`), the hash expires
 *   `claimTtlSeconds` after its newest claim, and expired fields are pruned as it grows.
 * - `cmz:conv:<id>:reactions` hash `messageId` → JSON `{emoji: [visitorId, ...]}`: who reacted.
 *   The counts clients see are written into the message JSON by the same script.
 * - `cmz:conv-list:<visitorId>` sorted set of the visitor's conversation ids scored by
 *   `updatedAt` (ms); the hash's `listKey` field names it. Its TTL is renewed with every
 *   conversation of the visitor, and ids of expired conversations are dropped when it is read.
 *
 * Every write is one Lua script (one round trip, atomic) that refreshes the TTL (`ttlSeconds`)
 * of the conversation, its history and its index. Reads do not refresh; joining does.
 *
 * Failures: every Redis error becomes `CMZ_ERR_STORE_UNAVAILABLE`. Calls never hang as long as
 * the client bounds them: create it with `createRedisClient` (small
 * `maxRetriesPerRequest`, a `commandTimeout`, its own reconnect strategy) or set equivalent
 * options yourself.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { EngineError } from '../errors/engine-error.ts';
import type { ConversationMessage, Locale } from '../protocol/events.ts';
import type {
  ClaimedMessage,
  ClaimResult,
  ConversationRecord,
  ConversationStore,
  ConversationStoreOptions,
  ReactionResult,
  ReactionToggle,
} from './conversation-store.ts';
import {
  newConversationId,
  resolveConversationStoreOptions,
} from './conversation-store-options.ts';
import {
  defineConversationScripts,
  type ConversationScripts,
} from './redis-conversation-scripts.ts';
import { createRedisKeys, type RedisKeys } from './redis-keys.ts';
import { defineVisitorScripts, type VisitorScripts } from './redis-visitor-scripts.ts';
import { withStoreErrors } from './store-errors.ts';

/** Options of {@link createRedisConversationStore}. */
export interface RedisConversationStoreOptions extends Partial<ConversationStoreOptions> {
  /** Prefix of every key. @default 'cmz:' */
  keyPrefix?: string;
}

// Expired claim fields are pruned only past this many, to keep claiming O(1) in the usual case.
const claimPruneThreshold = 100;

class RedisConversationStore implements ConversationStore {
  readonly #redis: Redis;
  readonly #commands: ConversationScripts;
  readonly #visitorCommands: VisitorScripts;
  readonly #keys: RedisKeys;
  readonly #limits: ConversationStoreOptions;

  constructor(redis: Redis, options: RedisConversationStoreOptions) {
    this.#redis = redis;
    this.#limits = resolveConversationStoreOptions(options);
    this.#keys = createRedisKeys(options.keyPrefix);
    this.#commands = defineConversationScripts(redis);
    this.#visitorCommands = defineVisitorScripts(redis);
  }

  getOrCreateConversation(input: {
    visitorId: string;
    animalId: string;
    locale: Locale;
  }): Promise<ConversationRecord> {
    return withStoreErrors(async () => {
      const now = new Date();
      const fields = await this.#commands.cmzConversationGetOrCreate(
        this.#keys.visitorIndex(input.visitorId, input.animalId),
        this.#keys.visitorConversations(input.visitorId),
        this.#keys.conversationPrefix,
        newConversationId(),
        input.visitorId,
        input.animalId,
        input.locale,
        now.toISOString(),
        this.#limits.ttlSeconds,
        now.getTime(),
      );
      return toRecord(Object.fromEntries(pairs(fields)));
    });
  }

  getConversation(conversationId: string): Promise<ConversationRecord | null> {
    return withStoreErrors(async () => {
      const fields = await this.#redis.hgetall(this.#keys.conversation(conversationId));
      return fields['id'] === undefined ? null : toRecord(fields);
    });
  }

  setLocale(conversationId: string, locale: Locale): Promise<void> {
    return withStoreErrors(async () => {
      const now = new Date();
      const found = await this.#commands.cmzConversationSetLocale(
        ...this.#historyKeys(conversationId),
        locale,
        now.toISOString(),
        this.#limits.ttlSeconds,
        now.getTime(),
      );
      if (found === 0) throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
    });
  }

  appendMessage(conversationId: string, message: ConversationMessage): Promise<void> {
    return withStoreErrors(async () => {
      // Reactions only ever come from toggleReaction, whose script relies on this.
      const stored: ConversationMessage = { ...message };
      delete stored.reactions;
      const now = new Date();
      const found = await this.#commands.cmzConversationAppend(
        ...this.#historyKeys(conversationId),
        JSON.stringify(stored),
        this.#limits.maxMessages,
        now.toISOString(),
        this.#limits.ttlSeconds,
        now.getTime(),
      );
      if (found === 0) throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
    });
  }

  listMessages(conversationId: string, limit?: number): Promise<ConversationMessage[]> {
    return withStoreErrors(async () => {
      if (limit !== undefined && limit <= 0) return [];
      const start = limit === undefined ? 0 : -Math.floor(limit);
      const stored = await this.#redis.lrange(this.#keys.messages(conversationId), start, -1);
      return stored.map((json) => JSON.parse(json) as ConversationMessage);
    });
  }

  claimClientMessage(
    conversationId: string,
    clientMessageId: string,
    value: ClaimedMessage,
  ): Promise<ClaimResult> {
    return withStoreErrors(async () => {
      const [outcome, existing] = await this.#commands.cmzConversationClaim(
        this.#keys.conversation(conversationId),
        this.#keys.claims(conversationId),
        clientMessageId,
        JSON.stringify(toClaimed(value)),
        this.#limits.claimTtlSeconds,
        claimPruneThreshold,
      );
      if (outcome === 0) throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
      if (outcome === 1 || existing === undefined) return { claimed: true };
      return { claimed: false, existing: toClaimed(JSON.parse(existing) as ClaimedMessage) };
    });
  }

  findClientMessage(
    conversationId: string,
    clientMessageId: string,
  ): Promise<ClaimedMessage | null> {
    return withStoreErrors(async () => {
      const claimsKey = this.#keys.claims(conversationId);
      const json = await this.#commands.cmzConversationFindClaim(claimsKey, clientMessageId);
      return json === null ? null : toClaimed(JSON.parse(json) as ClaimedMessage);
    });
  }

  deleteConversation(conversationId: string): Promise<void> {
    return withStoreErrors(async () => {
      const [conversationKey, messagesKey, reactionsKey] = this.#historyKeys(conversationId);
      await this.#commands.cmzConversationDelete(
        conversationKey,
        messagesKey,
        this.#keys.claims(conversationId),
        reactionsKey,
        conversationId,
      );
    });
  }

  deleteVisitor(visitorId: string): Promise<string[]> {
    return withStoreErrors(async () => {
      // Index keys name the visitor, so one SCAN finds conversations missing from the list.
      const indexKeys = await scanKeys(
        this.#redis,
        `${escapeGlob(this.#keys.visitorIndex(visitorId, ''))}*`,
      );
      const indexed = await Promise.all(indexKeys.map((key) => this.#redis.get(key)));
      const deleted = await this.#visitorCommands.cmzVisitorDelete(
        this.#keys.visitorConversations(visitorId),
        this.#keys.conversationPrefix,
        visitorId,
        ...indexed.filter((id): id is string => id !== null),
      );
      if (indexKeys.length > 0) await this.#redis.del(...indexKeys);
      return [...deleted].sort();
    });
  }

  listConversations(visitorId: string): Promise<ConversationRecord[]> {
    return withStoreErrors(async () => {
      const conversations = await this.#visitorCommands.cmzConversationList(
        this.#keys.visitorConversations(visitorId),
        this.#keys.conversationPrefix,
      );
      return conversations.map((fields) => toRecord(Object.fromEntries(pairs(fields))));
    });
  }

  toggleReaction(toggle: ReactionToggle): Promise<ReactionResult> {
    return withStoreErrors(async () => {
      const [outcome, countsJson] = await this.#visitorCommands.cmzConversationToggleReaction(
        ...this.#historyKeys(toggle.conversationId),
        toggle.messageId,
        toggle.emoji,
        toggle.visitorId,
        this.#limits.ttlSeconds,
      );
      if (outcome === 0) throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
      if (outcome === -1) throw new EngineError('CMZ_ERR_SESSION_MESSAGE_NOT_FOUND');
      if (outcome === -2) throw new EngineError('CMZ_ERR_REACTION_NOT_ALLOWED');
      const reactions = JSON.parse(countsJson ?? '{}') as Record<string, number>;
      return { reactions, reacted: outcome === 1 };
    });
  }

  ping(): Promise<void> {
    return withStoreErrors(async () => {
      await this.#redis.ping();
    });
  }

  /** Does not quit the client: whoever created it owns it (and may share it with others). */
  async close(): Promise<void> {}

  #historyKeys(conversationId: string): [string, string, string] {
    return [
      this.#keys.conversation(conversationId),
      this.#keys.messages(conversationId),
      this.#keys.reactions(conversationId),
    ];
  }
}

async function scanKeys(redis: Redis, pattern: string): Promise<string[]> {
  const found: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
    found.push(...keys);
    cursor = next;
  } while (cursor !== '0');
  return [...new Set(found)];
}

// Visitor ids are URI-encoded in key names, which leaves `*` (and nothing else glob-special).
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, (character) => `\\${character}`);
}

function pairs(flat: string[]): [string, string][] {
  const entries: [string, string][] = [];
  for (let index = 0; index + 1 < flat.length; index += 2) {
    entries.push([flat[index] as string, flat[index + 1] as string]);
  }
  return entries;
}

function toRecord(fields: Record<string, string>): ConversationRecord {
  // Picks the record's own fields, leaving out internal ones such as `indexKey` and `listKey`.
  return {
    id: fields['id'] ?? '',
    visitorId: fields['visitorId'] ?? '',
    animalId: fields['animalId'] ?? '',
    locale: (fields['locale'] ?? 'en') as Locale,
    createdAt: fields['createdAt'] ?? '',
    updatedAt: fields['updatedAt'] ?? '',
  };
}

function toClaimed(value: ClaimedMessage): ClaimedMessage {
  // Only the two contract fields are stored or returned, whatever extra a caller passed in.
  return { messageId: value.messageId, replyId: value.replyId };
}

/**
 * Creates the Redis conversation store on a client the caller owns: `close()` leaves the client
 * open. Create the client with `createRedisClient` so a dead Redis fails calls quickly
 * with `CMZ_ERR_STORE_UNAVAILABLE` instead of hanging them.
 *
 * @example
 * ```ts
 * const redis = createRedisClient('redis://127.0.0.1:6379', { name: 'cmz-store' });
 * const store = createRedisConversationStore(redis, { maxMessages: 50 });
 * ```
 */
export function createRedisConversationStore(
  redis: Redis,
  options: RedisConversationStoreOptions = {},
): ConversationStore {
  return new RedisConversationStore(redis, options);
}
