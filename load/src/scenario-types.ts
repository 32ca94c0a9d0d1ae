/**
 * What every scenario returns and gets: one phase per server (the engine, then the bare
 * Socket.IO baseline in the same conditions), each with its latencies, counts and process usage.
 *
 * @module
 */
import type { DeliveryCounts } from './delivery-recorder.ts';
import type { LoadArguments } from './load-arguments.ts';
import type { ProcessUsage } from './process-usage.ts';
import type { ServerKind } from './socket-swarm.ts';
import type { TokenStreamServer } from './token-stream-server.ts';

/** One measured phase (engine or baseline). */
export interface PhaseResult {
  server: ServerKind;
  sockets: number;
  /** ms per token delivery (model write → client handler). */
  latencies: number[];
  /** ms added by the server to the time to first token, per message sent. */
  ttftAdded: number[];
  counts: DeliveryCounts;
  /** Token deliveries a loss-free run would have produced (0 when not applicable). */
  expectedTokenDeliveries: number;
  /** The measuring window, for rates. */
  windowSeconds: number;
  /** The server processes (engine nodes or baseline servers). */
  usage: ProcessUsage[];
  /** This harness process (the clients) over the window, percent of one core. */
  clientCpuPercent: number;
  /** Error codes seen (ack failures, `reply:error`), with counts. */
  errors: Record<string, number>;
  /** Scenario-specific numbers, already formatted (e.g. RSS per 1,000 sockets). */
  extra: Record<string, string>;
}

/** A scenario's outcome. */
export interface ScenarioResult {
  name: string;
  /** One line: counts, rates, nodes. */
  conditions: string;
  phases: PhaseResult[];
}

/** What a scenario runs with. */
export interface ScenarioContext {
  args: LoadArguments;
  model: TokenStreamServer;
}

/**
 * Adds one occurrence of an error code.
 *
 * @example
 * ```ts
 * countError(errors, 'CMZ_ERR_MESSAGE_RATE_LIMITED');
 * ```
 */
export function countError(errors: Record<string, number>, code: string): void {
  errors[code] = (errors[code] ?? 0) + 1;
}
