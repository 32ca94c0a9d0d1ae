/**
 * The Redis share store: share links survive restarts and work on every node.
 *
 * Layout: `cmz:share:<shareId>` hash with `creator` (a SHA-256 fingerprint of the creator's
 * visitor id, never the id itself) and `snapshot` (JSON), expiring `ttlSeconds` after creation.
 * Redis expiry is the only expiry: nothing refreshes a share.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { SharedConversation } from '../protocol/events.ts';
import { createRedisKeys, type RedisKeys } from './redis-keys.ts';
import {
  creatorFingerprint,
  newShareId,
  resolveShareStoreOptions,
  type ShareStore,
  type ShareStoreOptions,
} from './share-store.ts';
import { withStoreErrors } from './store-errors.ts';

/** Options of {@link createRedisShareStore}. */
export interface RedisShareStoreOptions extends Partial<ShareStoreOptions> {
  /** Prefix of every key. @default 'cmz:' */
  keyPrefix?: string;
}

// KEYS: share. ARGV: creator fingerprint. Check and delete in one step, so a revoke can never
// remove a share it was not allowed to.
const revokeLua = `
if redis.call('HGET', KEYS[1], 'creator') ~= ARGV[1] then return 0 end
return redis.call('DEL', KEYS[1])
`;

interface ShareScripts {
  cmzShareRevoke(shareKey: string, creator: string): Promise<number>;
}

class RedisShareStore implements ShareStore {
  readonly #redis: Redis;
  readonly #keys: RedisKeys;
  readonly #ttlSeconds: number;
  readonly #commands: ShareScripts;

  constructor(redis: Redis, options: RedisShareStoreOptions) {
    this.#redis = redis;
    this.#keys = createRedisKeys(options.keyPrefix);
    this.#ttlSeconds = resolveShareStoreOptions(options).ttlSeconds;
    redis.defineCommand('cmzShareRevoke', { lua: revokeLua, numberOfKeys: 1 });
    this.#commands = redis as unknown as ShareScripts;
  }

  createShare(input: {
    creatorVisitorId: string;
    snapshot: SharedConversation;
    conversationId?: string;
  }): Promise<string> {
    return withStoreErrors(async () => {
      const shareId = newShareId();
      const key = this.#keys.share(shareId);
      // MULTI: the share never exists without its expiry (nor without its conversation's index).
      const transaction = this.#redis
        .multi()
        .hset(key, {
          creator: creatorFingerprint(input.creatorVisitorId),
          snapshot: JSON.stringify(input.snapshot),
        })
        .expire(key, this.#ttlSeconds);
      if (input.conversationId !== undefined) {
        const index = this.#keys.conversationShares(input.conversationId);
        transaction.sadd(index, shareId).expire(index, this.#ttlSeconds);
      }
      const results = await transaction.exec();
      const failed = results?.find(([error]) => error !== null);
      if (results === null || failed) throw failed?.[0] ?? new Error('share not stored');
      return shareId;
    });
  }

  getShare(shareId: string): Promise<SharedConversation | null> {
    return withStoreErrors(async () => {
      const json = await this.#redis.hget(this.#keys.share(shareId), 'snapshot');
      return json === null ? null : (JSON.parse(json) as SharedConversation);
    });
  }

  revokeShare(shareId: string, visitorId: string): Promise<boolean> {
    return withStoreErrors(async () => {
      const removed = await this.#commands.cmzShareRevoke(
        this.#keys.share(shareId),
        creatorFingerprint(visitorId),
      );
      return removed === 1;
    });
  }

  revokeAllByCreator(visitorId: string): Promise<number> {
    return withStoreErrors(async () => {
      const creator = creatorFingerprint(visitorId);
      // The prefix may hold glob characters; escaped, the pattern matches exactly the share keys.
      const pattern = `${this.#keys.share('').replace(/[*?[\]\\]/g, '\\$&')}*`;
      let removed = 0;
      let cursor = '0';
      do {
        const [next, keys] = await this.#redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        for (const key of keys) removed += await this.#commands.cmzShareRevoke(key, creator);
        cursor = next;
      } while (cursor !== '0');
      return removed;
    });
  }

  revokeByConversation(conversationId: string): Promise<number> {
    return withStoreErrors(async () => {
      const index = this.#keys.conversationShares(conversationId);
      const shareIds = await this.#redis.smembers(index);
      if (shareIds.length === 0) return 0;
      const removed = await this.#redis.del(
        ...shareIds.map((shareId) => this.#keys.share(shareId)),
      );
      await this.#redis.del(index);
      return removed;
    });
  }

  ping(): Promise<void> {
    return withStoreErrors(async () => {
      await this.#redis.ping();
    });
  }

  /** Does not quit the client: whoever created it owns it. */
  async close(): Promise<void> {}
}

/**
 * Creates the Redis share store on a client the caller owns (`close()` leaves it open).
 *
 * @example
 * ```ts
 * const shares = createRedisShareStore(createRedisClient(url, { name: 'cmz-state' }));
 * ```
 */
export function createRedisShareStore(
  redis: Redis,
  options: RedisShareStoreOptions = {},
): ShareStore {
  return new RedisShareStore(redis, options);
}
