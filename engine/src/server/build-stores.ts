/**
 * Chooses the state backends: Redis when `REDIS_URL` is set (shared by every node, survives
 * restarts), otherwise in-memory stores for a single node.
 *
 * @module
 */
import type { Redis } from 'ioredis';
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
import { createMemoryReplyJournal } from '../session/memory-reply-journal.ts';
import { createRedisReplyJournal } from '../session/redis-reply-journal.ts';
import type { ReplyJournal } from '../session/reply-journal.ts';
import { buildSocketAdapter, type SocketAdapterKind } from './socket-adapter.ts';
import { createMemoryRoomStore } from '../rooms/memory-room-store.ts';
import { createRedisRoomStore } from '../rooms/redis-room-store.ts';
import type { RoomStore } from '../rooms/room-store.ts';

/** The state backends of one process. */
export interface Stores {
  kind: 'memory' | 'redis';
  store: ConversationStore;
  /** Share links (30-day snapshots). */
  shares: ShareStore;
  rateLimiter: RateLimiter;
  /** Socket.IO options (the Redis adapter) so rooms span every node. */
  socketOptions: Partial<ServerOptions>;
  /** Which adapter `socketOptions` carries (`SOCKET_ADAPTER`). */
  adapterKind: SocketAdapterKind;
  pluginState: PluginStateFactory;
  /** Redis connections for plugin sync (a publisher and a dedicated subscriber). */
  redis?: { publisher: Redis; subscriber: Redis };
  /** Where replies are journaled (resume, abort routing, failover). */
  journal: ReplyJournal;
  /** Shared rooms (school sessions, live rooms). */
  rooms: RoomStore;
  /** The per-member question bucket of rooms (`ROOM_QUESTIONS_PER_MINUTE`). */
  roomQuestionLimiter: RateLimiter;
  /** A dedicated subscriber connection for this node's abort channel (Redis only). */
  clusterSubscriber?: Redis;
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
  // Validated first: a bad SOCKET_ADAPTER must fail the start before any connection is opened.
  const adapter = buildSocketAdapter(config);
  const storeOptions = {
    maxMessages: config.HISTORY_MAX_MESSAGES,
    ttlSeconds: config.HISTORY_TTL_SECONDS,
  };
  const limiterOptions = {
    capacity: config.RATE_LIMIT_CAPACITY,
    refillPerSecond: config.RATE_LIMIT_REFILL_PER_SECOND,
  };
  const journalOptions = {
    recentDeltas: config.REPLY_JOURNAL_RECENT_DELTAS,
    ttlSeconds: config.REPLY_JOURNAL_TTL_SECONDS,
  };
  const questionLimiterOptions = {
    capacity: config.ROOM_QUESTIONS_PER_MINUTE,
    refillPerSecond: config.ROOM_QUESTIONS_PER_MINUTE / 60,
  };
  if (config.REDIS_URL === undefined) {
    const store = createMemoryConversationStore(storeOptions);
    const rooms = createMemoryRoomStore();
    const roomQuestionLimiter = createMemoryRateLimiter(questionLimiterOptions);
    const shares = createMemoryShareStore();
    const rateLimiter = createMemoryRateLimiter(limiterOptions);
    return {
      kind: 'memory',
      store,
      shares,
      rateLimiter,
      socketOptions: {},
      adapterKind: adapter.kind,
      pluginState: createMemoryPluginState(),
      journal: createMemoryReplyJournal(journalOptions),
      rooms,
      roomQuestionLimiter,
      close: async () => {
        await Promise.all([
          store.close(),
          shares.close(),
          rateLimiter.close(),
          rooms.close(),
          roomQuestionLimiter.close(),
        ]);
      },
    };
  }
  const clients: Redis[] = ['state', 'plugin-subscribe', 'cluster-subscribe'].map((name) =>
    createRedisClient(config.REDIS_URL as string, { name: `cmz-${name}` }),
  );
  const [state, pluginSubscribe, clusterSubscribe] = clients as [Redis, Redis, Redis];
  return {
    kind: 'redis',
    store: createRedisConversationStore(state, storeOptions),
    shares: createRedisShareStore(state),
    rateLimiter: createRedisRateLimiter(state, limiterOptions),
    socketOptions: adapter.socketOptions,
    adapterKind: adapter.kind,
    pluginState: createRedisPluginState(state),
    redis: { publisher: state, subscriber: pluginSubscribe },
    journal: createRedisReplyJournal(state, journalOptions),
    rooms: createRedisRoomStore(state, { ttlSeconds: config.ROOM_TTL_SECONDS }),
    roomQuestionLimiter: createRedisRateLimiter(state, questionLimiterOptions),
    clusterSubscriber: clusterSubscribe,
    close: async () => {
      await adapter.close();
      // During an outage QUIT cannot be sent: disconnect() then stops the reconnect loop.
      await Promise.allSettled(
        clients.map((client) => client.quit().catch(() => client.disconnect())),
      );
    },
  };
}
