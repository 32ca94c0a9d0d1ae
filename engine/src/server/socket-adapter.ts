/**
 * Chooses the Socket.IO adapter that makes rooms span every node (`SOCKET_ADAPTER`):
 * - `redis`: classic pub/sub (`@socket.io/redis-adapter`), one channel per namespace; every node
 *   receives every broadcast and filters locally. The default when `REDIS_URL` is set.
 * - `redis-sharded`: Redis 7 sharded pub/sub (`createShardedAdapter`, dynamic subscription mode):
 *   a channel per room, so a node only receives broadcasts for rooms it has members in. ioredis 6
 *   speaks SSUBSCRIBE/SPUBLISH (`smessageBuffer`), so the installed client works.
 * - `redis-streams`: `@socket.io/redis-streams-adapter` (XADD/XREAD on one stream): survives a
 *   short Redis or network blip without losing broadcasts, at the cost of a blocking reader.
 *
 * @module
 */
import { createAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { ServerOptions } from 'socket.io';
import type { EngineConfig } from '../config/load-config.ts';
import { EngineError } from '../errors/engine-error.ts';
import { createRedisClient, type RedisClientOptions } from '../session/create-redis-client.ts';

/** The adapter kinds `SOCKET_ADAPTER` accepts, plus `memory` for a single node without Redis. */
export type SocketAdapterKind = 'memory' | 'redis' | 'redis-sharded' | 'redis-streams';

/** The chosen adapter and the Redis connections it owns. */
export interface SocketAdapterSetup {
  kind: SocketAdapterKind;
  /** Socket.IO server options carrying the adapter (empty for `memory`). */
  socketOptions: Partial<ServerOptions>;
  /** Closes the adapter's own Redis connections (after `io.close()`). */
  close(): Promise<void>;
}

/** Makes a Redis client; replaced in tests. */
export type RedisClientFactory = (url: string, options: RedisClientOptions) => Redis;

/**
 * Builds the adapter named by `SOCKET_ADAPTER` (default `redis` when `REDIS_URL` is set, the
 * in-process adapter otherwise). An adapter asked for without `REDIS_URL` fails with
 * `CMZ_ERR_CONFIG_INVALID`.
 *
 * @example
 * ```ts
 * const adapter = buildSocketAdapter({ REDIS_URL: 'redis://127.0.0.1:6380', SOCKET_ADAPTER: 'redis-sharded' });
 * const io = new Server(httpServer, adapter.socketOptions);
 * ```
 */
export function buildSocketAdapter(
  config: Pick<EngineConfig, 'REDIS_URL' | 'SOCKET_ADAPTER'>,
  createClient: RedisClientFactory = createRedisClient,
): SocketAdapterSetup {
  const url = config.REDIS_URL;
  if (url === undefined) {
    if (config.SOCKET_ADAPTER !== undefined) {
      throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
        args: [`SOCKET_ADAPTER: "${config.SOCKET_ADAPTER}" needs REDIS_URL`],
      });
    }
    return { kind: 'memory', socketOptions: {}, close: () => Promise.resolve() };
  }
  const kind = config.SOCKET_ADAPTER ?? 'redis';
  // Each kind has its own channel prefix: the classic adapter throws (an uncaught exception in its
  // subscriber) on a message another kind published on its `socket.io#/#` channels, which would
  // kill a node during a rolling change of SOCKET_ADAPTER. The classic one keeps the library
  // default so nodes of the previous release still talk to it.
  if (kind === 'redis-streams') {
    // A blocking XREAD must neither time out (no commandTimeout) nor spin on instant failures
    // during an outage (offline queue kept): the reconnect backoff paces its retries instead.
    const client = createClient(url, {
      name: 'cmz-adapter-streams',
      commandTimeoutMs: 0,
      keepOfflineQueue: true,
    });
    return {
      kind,
      socketOptions: {
        adapter: createStreamsAdapter(client, {
          streamName: 'cmz:socket.io-streams',
          channelPrefix: 'cmz:socket.io-streams',
        }),
      },
      close: () => quitAll([client]),
    };
  }
  const publisher = guardPublisher(createClient(url, { name: `cmz-adapter-publish` }));
  const subscriber = createClient(url, { name: `cmz-adapter-subscribe` });
  const adapter =
    kind === 'redis-sharded'
      ? createShardedAdapter(publisher, subscriber, {
          channelPrefix: 'cmz:socket.io-sharded',
          subscriptionMode: 'dynamic',
        })
      : createAdapter(publisher, subscriber);
  return { kind, socketOptions: { adapter }, close: () => quitAll([publisher, subscriber]) };
}

/**
 * The pub/sub adapters call `publish`/`spublish` without handling a rejection; during a Redis
 * outage each broadcast would then be an unhandled rejection, which ends a Node process. The
 * broadcast is lost either way (pub/sub is fire-and-forget), so the failure is absorbed here.
 */
function guardPublisher(client: Redis): Redis {
  for (const name of ['publish', 'spublish'] as const) {
    const original = client[name].bind(client) as (...values: unknown[]) => Promise<number>;
    (client as unknown as Record<string, unknown>)[name] = (...values: unknown[]) =>
      original(...values).catch(() => 0);
  }
  return client;
}

async function quitAll(clients: Redis[]): Promise<void> {
  // quit(), not disconnect(): the adapter's pending UNSUBSCRIBE would otherwise reject unhandled.
  // During an outage QUIT cannot be sent: disconnect() then stops the reconnect loop.
  await Promise.allSettled(clients.map((client) => client.quit().catch(() => client.disconnect())));
}
