/**
 * Engine nodes for a scenario: one `redis-server` started by the harness (never the machine's
 * 6379) and N child-process nodes (`spawnEngineNode`, the same `runNode` as `npm start`) pointed
 * at the harness's model server. Scale-out settings pass through from the harness's environment
 * and `--adapter` / `--env`, so the same run measures whatever the engine currently supports.
 *
 * @module
 */
import { startRedisServer, type TestRedisServer } from '../../engine/src/testing/redis-server.ts';
import { spawnEngineNode, type EngineNode } from '../../engine/src/testing/spawn-engine-node.ts';
import { stopChild, trackChild } from './child-processes.ts';
import { startRestLayer } from './rest-layer.ts';

/** Engine settings read from the harness's environment and handed to every node. */
export const passedThroughVariables = [
  'SOCKET_ADAPTER',
  'COALESCE_ROOM_THRESHOLD',
  'COALESCE_WINDOW_MS',
  'SOCKET_BUFFER_CAP_BYTES',
  'LOG_LEVEL',
] as const;

/** Options of {@link startEngineCluster}. */
export interface EngineClusterOptions {
  nodes: number;
  modelUrl: string;
  /** Extra environment (`--adapter`, `--env`); wins over the passed-through variables. */
  environment: Record<string, string>;
  /** Reuse a Redis (e.g. shared with the baseline); otherwise the cluster starts its own. */
  redis?: TestRedisServer;
  /** Also load the REST layer on every node, with one shared embedded DynamoDB. */
  rest?: boolean;
}

/** Running nodes and their Redis. */
export interface EngineCluster {
  nodes: EngineNode[];
  redis: TestRedisServer;
  /** The environment every node got (for the report). */
  settings: Record<string, string>;
  close(): Promise<void>;
}

/**
 * Starts Redis (unless given) and the nodes; on a failed start everything started is stopped.
 *
 * @example
 * ```ts
 * const cluster = await startEngineCluster({ nodes: 2, modelUrl: model.url, environment: {} });
 * await cluster.close();
 * ```
 */
export async function startEngineCluster(options: EngineClusterOptions): Promise<EngineCluster> {
  const ownRedis = options.redis === undefined;
  const redis = options.redis ?? (await startRedisServer());
  const settings = engineSettings(options.environment);
  const nodes: EngineNode[] = [];
  let rest: Awaited<ReturnType<typeof startRestLayer>> | undefined;
  const close = async () => {
    await Promise.all(nodes.map((node) => stopChild(node.child)));
    await rest?.close();
    if (ownRedis) await redis.stop();
  };
  try {
    if (options.rest) rest = await startRestLayer();
    // One after the other: the first node creates the tables and seeds the users.
    for (let index = 0; index < options.nodes; index += 1) {
      const node = await spawnEngineNode({
        environment: {
          ...rest?.environment,
          ...settings,
          REDIS_URL: redis.url,
          OPENAI_API_KEY: 'sk-load-harness',
          OPENAI_BASE_URL: options.modelUrl,
        },
        startTimeoutMs: 60_000,
      });
      trackChild(node.child);
      nodes.push(node);
    }
  } catch (error) {
    await close();
    throw error;
  }
  return { nodes, redis, settings, close };
}

/**
 * The engine environment of a run: generous rate limits (the harness is one "visitor" sending
 * many messages), then the passed-through scale-out variables, then explicit overrides.
 *
 * @example
 * ```ts
 * engineSettings({ SOCKET_ADAPTER: 'redis-sharded' }).SOCKET_ADAPTER; // 'redis-sharded'
 * ```
 */
export function engineSettings(overrides: Record<string, string>): Record<string, string> {
  const passed: Record<string, string> = {};
  for (const name of passedThroughVariables) {
    const value = process.env[name];
    if (value !== undefined) passed[name] = value;
  }
  return {
    RATE_LIMIT_CAPACITY: '1000',
    RATE_LIMIT_REFILL_PER_SECOND: '1000',
    LLM_MAX_RETRIES: '0',
    ...passed,
    ...overrides,
  };
}
