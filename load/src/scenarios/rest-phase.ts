/**
 * The REST mix (scenario `rest`): autocannon alternating `GET /healthz` and `GET /engine/animals`
 * against one node. Engine nodes started by `spawnEngineNode` carry the engine's own routes only
 * (the REST layer extension is not loaded), so the `/api` routes are not part of this mix. The
 * baseline serves the same two bodies from a bare `node:http` handler.
 *
 * @module
 */
import autocannon from 'autocannon';
import { measureWindow } from '../measure-window.ts';
import type { PhaseServers } from '../phase-servers.ts';
import type { PhaseResult } from '../scenario-types.ts';

/** Options of {@link runRestPhase}. */
export interface RestPhaseOptions {
  connections: number;
  durationSeconds: number;
}

/**
 * Runs autocannon and reports its latency percentiles as the phase's numbers.
 *
 * @example
 * ```ts
 * const phase = await runRestPhase(servers, { connections: 50, durationSeconds: 15 });
 * ```
 */
export async function runRestPhase(
  servers: PhaseServers,
  options: RestPhaseOptions,
): Promise<PhaseResult> {
  const url = servers.urls[0] as string;
  const { result, window } = await measureWindow(servers.pids, () =>
    autocannon({
      url,
      connections: options.connections,
      duration: options.durationSeconds,
      requests: [{ path: '/healthz' }, { path: '/engine/animals' }],
    }),
  );
  const errors: Record<string, number> = {};
  if (result.errors > 0) errors['connection errors'] = result.errors;
  if (result.non2xx > 0) errors['non-2xx'] = result.non2xx;
  return {
    server: servers.kind,
    sockets: options.connections,
    latencies: [],
    ttftAdded: [],
    counts: {
      deltaEvents: 0,
      tokenDeliveries: 0,
      replyEnds: 0,
      gaps: 0,
      duplicates: 0,
      unknownTokens: 0,
      resyncs: 0,
    },
    expectedTokenDeliveries: 0,
    windowSeconds: window.seconds,
    usage: window.usage,
    clientCpuPercent: window.clientCpuPercent,
    errors,
    extra: {
      'requests/s': result.requests.average.toFixed(0),
      requests: String(result.requests.total),
      'latency p50/p90/p99/max': [
        result.latency.p50,
        result.latency.p90,
        result.latency.p99,
        result.latency.max,
      ]
        .map((value) => `${value} ms`)
        .join(' / '),
    },
  };
}
