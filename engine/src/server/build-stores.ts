/**
 * Chooses the state backends: Redis when `REDIS_URL` is set (shared by every node, survives
 * restarts), otherwise in-memory stores for a single node.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { createAdapter } from '@socket.io/redis-adapter';
import type { ServerOptions } from 'socket.io';
import type { EngineConfig } from '../config/load-config.ts';
import {
  createMemoryPluginState,
  createRedisPluginState,
  type PluginStateFactory,
} from '../plugins/plugin-state.ts';
import type { ConversationStore } from '../session/conversation-store.ts';
import { createMemoryConversationStore } from '../session/memory-conversation-store.ts';
import { createMemoryRateLimiter } from '../session/memory-rate-limiter.ts';
import { createMemoryShareStore } from '../session/memory-share-store.ts';
import type { RateLimiter } from '../session/rate-limiter.ts';
import { createRedisClient } from '../session/create-redis-client.ts';
import { createRedisConversationStore } from '../session/redis-conversation-store.ts';
import { createRedisRateLimiter } from '../session/redis-rate-limiter.ts';
import { createRedisShareStore } from '../session/redis-share-store.ts';
import type { ShareStore } from '../session/share-store.ts';

/** The state backends of one process. */
export interface Stores {
  kind: 'memory' | 'redis';
  store: ConversationStore;
  /** Share links (30-day snapshots). */
  shares: ShareStore;
  rateLimiter: RateLimiter;
  /** Socket.IO options (the Redis adapter) so rooms span every node. */
  socketOptions: Partial<ServerOptions>;
  pluginState: PluginStateFactory;
  /** Redis connections for plugin sync (a publisher and a dedicated subscriber). */
  redis?: { publisher: Redis; subscriber: Redis };
  close(): Promise<void>;
}

/**
 * Builds the stores from configuration.
 *
 * @example
 * ```ts
 * const stores = buildStores(loadConfig());
 * ```
 */
export function buildStores(config: EngineConfig): Stores {
  const storeOptions = {
    maxMessages: config.HISTORY_MAX_MESSAGES,
    ttlSeconds: config.HISTORY_TTL_SECONDS,
  };
  const limiterOptions = {
    capacity: config.RATE_LIMIT_CAPACITY,
    refillPerSecond: config.RATE_LIMIT_REFILL_PER_SECOND,
  };
  if (config.REDIS_URL === undefined) {
    const store = createMemoryConversationStore(storeOptions);
    const shares = createMemoryShareStore();
    const rateLimiter = createMemoryRateLimiter(limiterOptions);
    return {
      kind: 'memory',
      store,
      shares,
      rateLimiter,
      socketOptions: {},
      pluginState: createMemoryPluginState(),
      close: async () => {
        await Promise.all([store.close(), shares.close(), rateLimiter.close()]);
      },
    };
  }
  const clients: Redis[] = ['state', 'publish', 'subscribe', 'plugin-subscribe'].map((name) =>
    createRedisClient(config.REDIS_URL as string, { name: `cmz-${name}` }),
  );
  const [state, publish, subscribe, pluginSubscribe] = clients as [Redis, Redis, Redis, Redis];
  return {
    kind: 'redis',
    store: createRedisConversationStore(state, storeOptions),
    shares: createRedisShareStore(state),
    rateLimiter: createRedisRateLimiter(state, limiterOptions),
    socketOptions: { adapter: createAdapter(publish, subscribe) },
    pluginState: createRedisPluginState(state),
    redis: { publisher: state, subscriber: pluginSubscribe },
    close: async () => {
      // quit(), not disconnect(): the adapter's pending UNSUBSCRIBE would otherwise reject unhandled.
      await Promise.allSettled(clients.map((client) => client.quit()));
    },
  };
}
