import { Redis } from 'ioredis';

/** Options of {@link createRedisClient}. */
export interface RedisClientOptions {
  /** Connection name shown by `CLIENT LIST` (e.g. `cmz-store`). */
  name?: string;
  /** Milliseconds after which a command fails instead of waiting. @default 2000 */
  commandTimeoutMs?: number;
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
 * - `commandTimeout` bounds every command, including those queued while disconnected (the
 *   offline queue stays on so a short blip is ridden out, but only for that long);
 * - `maxRetriesPerRequest: 1` flushes queued commands after one failed reconnect;
 * - `retryStrategy` reconnects forever with capped backoff;
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
    commandTimeout: options.commandTimeoutMs ?? 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: true,
    retryStrategy: reconnectDelayMs,
  });
  client.on('error', options.onError ?? ignoreConnectionError);
  return client;
}

function ignoreConnectionError(): void {
  // Deliberately empty: failures already reach callers through their rejected commands.
}
