/**
 * Measures a window of a phase: server processes' CPU and RSS from /proc, and this (client)
 * process's CPU from `process.cpuUsage()`, so a saturated load generator is visible.
 *
 * @module
 */
import { startUsageSampler, type ProcessUsage } from './process-usage.ts';

/** Usage over a window. */
export interface WindowUsage {
  seconds: number;
  usage: ProcessUsage[];
  clientCpuPercent: number;
}

/**
 * Runs `work` while sampling `pids`.
 *
 * @example
 * ```ts
 * const { result, window } = await measureWindow([node.pid], () => runLoad());
 * ```
 */
export async function measureWindow<T>(
  pids: readonly number[],
  work: () => Promise<T>,
): Promise<{ result: T; window: WindowUsage }> {
  const sampler = startUsageSampler(pids);
  const clientStart = process.cpuUsage();
  const started = performance.now();
  try {
    const result = await work();
    const seconds = (performance.now() - started) / 1000;
    const client = process.cpuUsage(clientStart);
    return {
      result,
      window: {
        seconds,
        usage: sampler.stop(),
        clientCpuPercent: ((client.user + client.system) / 1e6 / seconds) * 100,
      },
    };
  } catch (error) {
    sampler.stop();
    throw error;
  }
}
