/**
 * Makes one engine a member of a cluster of nodes sharing Redis: its heartbeat and failover
 * sweep (`node-membership.ts`) and its abort channel (`abort-router.ts`). A single node without
 * Redis needs none of it: its replies die with it, and aborts never leave it.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { Engine } from '../create-engine.ts';
import { EngineError } from '../errors/engine-error.ts';
import { createRedisKeys } from '../session/redis-keys.ts';
import type { Logger } from '../telemetry/logger.ts';
import { createRedisAbortRouter } from './abort-router.ts';
import { startNodeMembership } from './node-membership.ts';

/** Options of {@link startEngineCluster}. */
export interface EngineClusterOptions {
  engine: Pick<Engine, 'nodeId' | 'replies'>;
  /** Redis connections: any client to publish, and one dedicated to this node's channel. */
  redis?: { publisher: Redis; subscriber: Redis };
  /** Prefix of every key and channel. @default 'cmz:' */
  keyPrefix?: string;
  /** `NODE_HEARTBEAT_MS`. */
  heartbeatMs: number;
  /** `NODE_TTL_MS`: a node silent for this long is dead; more than `heartbeatMs`. */
  nodeTtlMs: number;
  /** How often to look for dead nodes. @default 1000 */
  sweepMs?: number;
  logger: Logger;
}

/** A running cluster membership. */
export interface EngineCluster {
  /** Runs one failover sweep now. */
  sweep(): Promise<void>;
  /** Leaves the cluster (after the engine drained its replies). */
  stop(): Promise<void>;
}

/**
 * Joins the cluster: heartbeat, failover sweep and abort routing (Redis only; a no-op without).
 *
 * @example
 * ```ts
 * const cluster = await startEngineCluster({ engine, redis, heartbeatMs: 1000, nodeTtlMs: 3000, logger });
 * await cluster.stop();
 * ```
 */
export async function startEngineCluster(options: EngineClusterOptions): Promise<EngineCluster> {
  if (options.redis === undefined) return { sweep: async () => {}, stop: async () => {} };
  if (options.nodeTtlMs <= options.heartbeatMs) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: ['NODE_TTL_MS: must be more than NODE_HEARTBEAT_MS'],
    });
  }
  const { engine, logger } = options;
  const replies = engine.replies;
  const router = await createRedisAbortRouter({
    nodeId: engine.nodeId,
    keys: createRedisKeys(options.keyPrefix),
    ...options.redis,
    onAbort: (replyId) => replies.abortLocal(replyId),
  });
  replies.routeAbortsWith((nodeId, replyId) => router.send(nodeId, replyId));
  const membership = await startNodeMembership({
    nodeId: engine.nodeId,
    journal: replies.journal,
    heartbeatMs: options.heartbeatMs,
    nodeTtlMs: options.nodeTtlMs,
    ...(options.sweepMs === undefined ? {} : { sweepMs: options.sweepMs }),
    onOrphan: (orphan) => replies.failOrphan(orphan),
    logger,
  });
  return {
    sweep: () => membership.sweep(),
    async stop() {
      await membership.stop();
      await router.close();
    },
  };
}
