/**
 * The servers of one phase: engine nodes (with their Redis) or bare baseline servers (with their
 * own Redis and the Redis adapter, also for one node, because the engine always publishes through
 * its adapter too), started and stopped the same way, so a scenario can run against either.
 *
 * @module
 */
import { startRedisServer, type TestRedisServer } from '../../engine/src/testing/redis-server.ts';
import { spawnBaselineNode, stopChild, type BaselineNode } from './child-processes.ts';
import { startEngineCluster } from './engine-cluster.ts';
import type { ScenarioContext } from './scenario-types.ts';
import type { ServerKind } from './socket-swarm.ts';

/** Running servers of a phase. */
export interface PhaseServers {
  kind: ServerKind;
  urls: string[];
  pids: number[];
  /** The engine environment given to the nodes (empty for the baseline). */
  settings: Record<string, string>;
  close(): Promise<void>;
}

/** Engine-only options of a phase. */
export interface EnginePhaseOptions {
  /** Load the REST layer (sign-in) on every node. */
  rest?: boolean;
  /** Scenario defaults for the nodes; `--adapter` and `--env` still win. */
  environment?: Record<string, string>;
}

/**
 * Starts `nodes` servers of `kind`.
 *
 * @example
 * ```ts
 * const servers = await startPhaseServers('engine', 2, context);
 * await servers.close();
 * ```
 */
export async function startPhaseServers(
  kind: ServerKind,
  nodes: number,
  context: ScenarioContext,
  baselineEnvironment: Record<string, string> = {},
  engineOptions: EnginePhaseOptions = {},
): Promise<PhaseServers> {
  if (kind === 'engine') {
    const cluster = await startEngineCluster({
      nodes,
      modelUrl: context.model.url,
      ...(engineOptions.rest ? { rest: true } : {}),
      environment: {
        ...engineOptions.environment,
        ...(context.args.adapter ? { SOCKET_ADAPTER: context.args.adapter } : {}),
        ...context.args.environment,
      },
    });
    return {
      kind,
      urls: cluster.nodes.map((node) => node.url),
      pids: cluster.nodes.map((node) => node.pid),
      settings: cluster.settings,
      close: () => cluster.close(),
    };
  }
  let redis: TestRedisServer | undefined;
  const started: BaselineNode[] = [];
  const close = async () => {
    await Promise.all(started.map((node) => stopChild(node.child)));
    await redis?.stop();
  };
  try {
    // Always with the Redis adapter, like the engine nodes, so both pay the same publish.
    redis = await startRedisServer();
    for (let index = 0; index < nodes; index += 1) {
      started.push(
        await spawnBaselineNode({
          MODEL_URL: context.model.url,
          ...(redis ? { REDIS_URL: redis.url } : {}),
          ...baselineEnvironment,
        }),
      );
    }
  } catch (error) {
    await close();
    throw error;
  }
  return {
    kind,
    urls: started.map((node) => node.url),
    pids: started.map((node) => node.pid),
    settings: {},
    close,
  };
}

/**
 * Runs `phase` against freshly started servers and always stops them, even when it throws.
 *
 * @example
 * ```ts
 * const result = await withPhaseServers('baseline', 1, context, (servers) => measure(servers));
 * ```
 */
export async function withPhaseServers<T>(
  kind: ServerKind,
  nodes: number,
  context: ScenarioContext,
  phase: (servers: PhaseServers) => Promise<T>,
  baselineEnvironment: Record<string, string> = {},
  engineOptions: EnginePhaseOptions = {},
): Promise<T> {
  const servers = await startPhaseServers(kind, nodes, context, baselineEnvironment, engineOptions);
  try {
    return await phase(servers);
  } finally {
    await servers.close();
  }
}
