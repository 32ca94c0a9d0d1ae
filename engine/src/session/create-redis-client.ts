import { Redis } from 'ioredis';

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Connection name shown by `CLIENT LIST` (e.g. `cmz-store`). */
  name?: string;
  /** Milliseconds after which a command fails instead of waiting; 0 turns it off. @default 2000 */
  commandTimeoutMs?: number;
  /**
   * Keeps the offline queue on for good. Only for blocking readers (the streams adapter's XREAD
   * loop), which would otherwise spin on instant failures during an outage. @default false
   */
  keepOfflineQueue?: boolean;
  /**
   * Called with connection errors (refused, reset). The default ignores them: every command
   * that fails still rejects, and the stores turn that into `CMZ_ERR_STORE_UNAVAILABLE`.
   */
  onError?: (error: Error) => void;
}

const maxReconnectDelayMs = 2_000;

/**
 * Delay before reconnect attempt `attempt` (1, 2, ...): exponential from 100 ms, capped at 2 s,
 * and never "give up", so the client comes back by itself when Redis does.
 *
 * @example
 * ```ts
 * reconnectDelayMs(1); // 100
 * reconnectDelayMs(10); // 2000
 * ```
 */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), maxReconnectDelayMs);
}

/**
 * Creates an ioredis client that never hangs a caller and never crashes the process:
 * - the offline queue is on only until the first connection is ready (so start-up commands,
 *   e.g. the adapter's SUBSCRIBE, wait for it); after that it is off, so during an outage every
 *   command fails at once (`CMZ_ERR_STORE_UNAVAILABLE` in a few milliseconds instead of waiting
 *   for `commandTimeout`) and nothing piles up in memory;
 * - `commandTimeout` bounds every command sent on a connection that stopped answering;
 * - `maxRetriesPerRequest: 1` flushes queued commands after one failed reconnect;
 * - `retryStrategy` reconnects forever with capped backoff, so the client comes back by itself;
 * - an `error` listener is always attached (an unhandled `error` event would kill the process).
 *
 * @example
 * ```ts
 * const redis = createRedisClient(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { name: 'cmz-store' });
 * ```
 */
export function createRedisClient(url: string, options: RedisClientOptions = {}): Redis {
  const client = new Redis(url, {
    connectionName: options.name,
    lazyConnect: false,
    connectTimeout: 2_000,
    ...(options.commandTimeoutMs === 0
      ? {}
      : { commandTimeout: options.commandTimeoutMs ?? 2_000 }),
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: reconnectDelayMs,
  });
  // ioredis reads this option on every command, so turning it off after the first ready works.
  if (options.keepOfflineQueue !== true) {
    client.once('ready', () => {
      client.options.enableOfflineQueue = false;
    });
  }
  client.on('error', options.onError ?? ignoreConnectionError);
  return client;
}

function ignoreConnectionError(): void {
  // Deliberately empty: failures already reach callers through their rejected commands.
}
