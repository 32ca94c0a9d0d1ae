/**
 * Puts the room protections on one Socket.IO server: presence counts across nodes, coalesced
 * fan-out for big rooms and the slow-consumer monitor, wired to each other.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { ActiveReplySnapshot } from '../protocol/events.ts';
import { createRedisKeys } from '../session/redis-keys.ts';
import type { Logger } from '../telemetry/logger.ts';
import { PresenceTracker, registerPresence } from './presence.ts';
import { RoomFanout, registerRoomFanout } from './room-fanout.ts';
import { SlowConsumerMonitor } from './slow-consumers.ts';
import type { EngineServer } from './socket-types.ts';

/** Options of {@link attachRoomOperations}. */
export interface RoomOperationsOptions {
  /** The engine's node id (`engine.nodeId`: unique even for several engines in one process). */
  nodeId: string;
  /** The shared Redis (presence across nodes); without it, counts are this node's. */
  redis?: Redis;
  coalesceThreshold: number;
  coalesceWindowMs: number;
  bufferCapBytes: number;
  /** The reply streaming in a conversation (for slow consumers' resync snapshots). */
  snapshotFor: (conversationId: string) => ActiveReplySnapshot | undefined;
  /** The same from the shared journal, for replies generated on other nodes. */
  remoteSnapshotFor?: (conversationId: string) => Promise<ActiveReplySnapshot | undefined>;
  logger?: Logger;
}

/** The room protections of one server. */
export interface RoomOperations {
  presence: PresenceTracker;
  fanout: RoomFanout;
  slowConsumers: SlowConsumerMonitor;
  /** Stops the timers and removes this node's presence entries. */
  close(): Promise<void>;
}

/**
 * Creates, registers and starts the room protections.
 *
 * @example
 * ```ts
 * const operations = attachRoomOperations(engine.io, { nodeId, redis, coalesceThreshold: 20, coalesceWindowMs: 50, bufferCapBytes: 1_048_576, snapshotFor });
 * ```
 */
export function attachRoomOperations(
  io: EngineServer,
  options: RoomOperationsOptions,
): RoomOperations {
  const keys = createRedisKeys();
  const presence = new PresenceTracker(io, {
    nodeId: options.nodeId,
    keyFor: keys.presence,
    ...(options.redis ? { redis: options.redis } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const fanout = new RoomFanout(io, {
    coalesceThreshold: options.coalesceThreshold,
    coalesceWindowMs: options.coalesceWindowMs,
    roomSize: (conversationId) => presence.cachedCount(conversationId),
    refreshRoomSize: (conversationId) => presence.refresh(conversationId),
  });
  const slowConsumers = new SlowConsumerMonitor(io, {
    capBytes: options.bufferCapBytes,
    snapshotFor: options.snapshotFor,
    ...(options.remoteSnapshotFor ? { remoteSnapshotFor: options.remoteSnapshotFor } : {}),
    beforeResync: (conversationId) => fanout.flush(conversationId),
  });
  registerPresence(io, presence);
  registerRoomFanout(io, fanout);
  presence.start();
  slowConsumers.start();
  return {
    presence,
    fanout,
    slowConsumers,
    async close() {
      slowConsumers.close();
      fanout.close();
      await presence.close();
    },
  };
}
