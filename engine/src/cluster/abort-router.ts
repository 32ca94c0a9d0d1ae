/**
 * Carries `reply:abort` to the node generating the reply. With Redis, every node subscribes to
 * its own channel (`cmz:node:<nodeId>:abort`) and a node asked to stop another node's reply
 * PUBLISHes the reply id there: one message to one node, unlike the adapter's `serverSideEmit`
 * which reaches every node. The ownership check happens before routing, on the asking node.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { RedisKeys } from '../session/redis-keys.ts';

/** Routes aborts between nodes. */
export interface AbortRouter {
  /** Asks `nodeId` to stop `replyId`; resolves `false` when no node listens on that channel. */
  send(nodeId: string, replyId: string): Promise<boolean>;
  close(): Promise<void>;
}

/**
 * The router of a single node: there is no other node to reach.
 *
 * @example
 * ```ts
 * const router = createLocalAbortRouter();
 * ```
 */
export function createLocalAbortRouter(): AbortRouter {
  return { send: async () => false, close: async () => {} };
}

/** Options of {@link createRedisAbortRouter}. */
export interface RedisAbortRouterOptions {
  nodeId: string;
  keys: RedisKeys;
  /** Any client (the state connection): PUBLISH does not need a dedicated one. */
  publisher: Redis;
  /** A connection used only for this node's channel (subscriber mode). */
  subscriber: Redis;
  /** Stops a reply this node generates. */
  onAbort: (replyId: string) => void;
}

/**
 * Subscribes to this node's abort channel and publishes to other nodes' channels.
 *
 * @example
 * ```ts
 * const router = await createRedisAbortRouter({ nodeId, keys, publisher, subscriber, onAbort });
 * await router.send('n_other', 'r_1');
 * ```
 */
export async function createRedisAbortRouter(
  options: RedisAbortRouterOptions,
): Promise<AbortRouter> {
  const channel = options.keys.nodeAbortChannel(options.nodeId);
  const listener = (from: string, replyId: string) => {
    if (from === channel) options.onAbort(replyId);
  };
  options.subscriber.on('message', listener);
  await options.subscriber.subscribe(channel);
  return {
    async send(nodeId, replyId) {
      const receivers = await options.publisher.publish(
        options.keys.nodeAbortChannel(nodeId),
        replyId,
      );
      return receivers > 0;
    },
    async close() {
      options.subscriber.off('message', listener);
      await options.subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
