/**
 * A change broadcast between nodes: a node that wrote something reloads it itself and publishes
 * its id on a Redis channel; every other node reloads the same id. Without Redis (one node) only
 * the local reload runs. Used to keep engine caches (animal personas, fact cards) in step with
 * DynamoDB on every node.
 *
 * @module
 */
import type { Logger } from '@cmz/engine';
import type { Redis } from 'ioredis';

/** The publishing side of a reload channel. */
export interface ReloadChannel {
  /**
   * Reloads `id` on this node and tells the other nodes. Never throws: the write is stored
   * already, and a failure to refresh must not turn a successful change into an error (a retry
   * would then conflict). Failures are logged; nodes catch up on their next start.
   */
  changed(id: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * Subscribes to `channel` and returns the channel's publishing side.
 *
 * @example
 * ```ts
 * const channel = await openReloadChannel({ channel: 'cmz:animals:changed', reload, logger, redis, what: 'animal' });
 * await channel.changed('leo');
 * ```
 */
export async function openReloadChannel(options: {
  channel: string;
  reload: (id: string) => Promise<void>;
  logger: Logger;
  redis?: { publisher: Redis; subscriber: Redis } | undefined;
  /** What is reloaded, for log lines (`animal`, `knowledge`). */
  what: string;
}): Promise<ReloadChannel> {
  const { channel, reload, logger, redis, what } = options;
  const onMessage = (received: string, id: string) => {
    if (received !== channel) return;
    reload(id).catch((error: unknown) =>
      logger.warn(
        { reason: String(error).slice(0, 200) },
        `${what} reload from another node failed`,
      ),
    );
  };
  if (redis) {
    redis.subscriber.on('message', onMessage);
    await redis.subscriber.subscribe(channel);
  }
  return {
    async changed(id) {
      try {
        await reload(id);
        await redis?.publisher.publish(channel, id);
      } catch (error) {
        logger.warn({ id, reason: String(error).slice(0, 200) }, `${what} change not propagated`);
      }
    },
    async close() {
      redis?.subscriber.off('message', onMessage);
      await redis?.subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
