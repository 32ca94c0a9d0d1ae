/**
 * CPU and resident memory of processes, read from `/proc` by hand (what `pidusage` does), so the
 * harness can report the engine nodes and the baseline server in the same units.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

/** Linux reports CPU time in clock ticks; USER_HZ is 100 on every mainstream kernel. */
const ticksPerSecond = 100;

/** One reading of a process. */
export interface ProcessSample {
  /** user + system CPU time, seconds. */
  cpuSeconds: number;
  /** Resident set size, bytes. */
  rssBytes: number;
  /** `performance.now()` when read. */
  at: number;
}

/**
 * utime + stime in clock ticks from the text of `/proc/<pid>/stat`. The command name (field 2)
 * may contain spaces and parentheses, so fields are counted after its closing parenthesis.
 *
 * @example
 * ```ts
 * parseStatCpuTicks('42 (node) S 1 42 42 0 -1 0 0 0 0 0 150 30 0 0'); // 180
 * ```
 */
export function parseStatCpuTicks(stat: string): number {
  const afterName = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // Fields 14 (utime) and 15 (stime) are at indexes 11 and 12 after field 2.
  const user = Number(afterName[11]);
  const system = Number(afterName[12]);
  if (!Number.isFinite(user) || !Number.isFinite(system)) {
    throw new Error(`unexpected /proc stat line: ${stat.slice(0, 80)}`);
  }
  return user + system;
}

/**
 * VmRSS in bytes from the text of `/proc/<pid>/status`.
 *
 * @example
 * ```ts
 * parseStatusRssBytes('Name:\tnode\nVmRSS:\t  2048 kB\n'); // 2097152
 * ```
 */
export function parseStatusRssBytes(status: string): number {
  const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
  if (!match) throw new Error('no VmRSS line in /proc status');
  return Number(match[1]) * 1024;
}

/**
 * Reads one sample of a live process.
 *
 * @example
 * ```ts
 * const sample = readProcessSample(process.pid);
 * ```
 */
export function readProcessSample(pid: number): ProcessSample {
  return {
    cpuSeconds: parseStatCpuTicks(readFileSync(`/proc/${pid}/stat`, 'utf8')) / ticksPerSecond,
    rssBytes: parseStatusRssBytes(readFileSync(`/proc/${pid}/status`, 'utf8')),
    at: performance.now(),
  };
}

/** CPU and memory of one process over a measured window. */
export interface ProcessUsage {
  pid: number;
  /** Average CPU over the window, percent of ONE core (200% = both cores of a 2-core box). */
  cpuPercent: number;
  rssStartBytes: number;
  rssEndBytes: number;
  rssPeakBytes: number;
}

/**
 * CPU percent of one core between two samples.
 *
 * @example
 * ```ts
 * cpuPercentBetween({ cpuSeconds: 1, rssBytes: 0, at: 0 }, { cpuSeconds: 1.5, rssBytes: 0, at: 1000 }); // 50
 * ```
 */
export function cpuPercentBetween(first: ProcessSample, last: ProcessSample): number {
  const wallSeconds = (last.at - first.at) / 1000;
  return wallSeconds > 0 ? ((last.cpuSeconds - first.cpuSeconds) / wallSeconds) * 100 : 0;
}

/**
 * Samples processes every `intervalMs` until `stop()`, which returns each one's usage over the
 * whole window (a process that exited keeps its last sample).
 *
 * @example
 * ```ts
 * const sampler = startUsageSampler([node.pid]);
 * // ... load ...
 * const [usage] = sampler.stop();
 * ```
 */
export function startUsageSampler(pids: readonly number[], intervalMs = 250) {
  const first = new Map<number, ProcessSample>();
  const last = new Map<number, ProcessSample>();
  const peak = new Map<number, number>();
  const sample = () => {
    for (const pid of pids) {
      try {
        const reading = readProcessSample(pid);
        if (!first.has(pid)) first.set(pid, reading);
        last.set(pid, reading);
        peak.set(pid, Math.max(peak.get(pid) ?? 0, reading.rssBytes));
      } catch {
        // The process exited: its last sample stands.
      }
    }
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop(): ProcessUsage[] {
      clearInterval(timer);
      sample();
      return pids.flatMap((pid) => {
        const start = first.get(pid);
        const end = last.get(pid);
        if (!start || !end) return [];
        return [
          {
            pid,
            cpuPercent: cpuPercentBetween(start, end),
            rssStartBytes: start.rssBytes,
            rssEndBytes: end.rssBytes,
            rssPeakBytes: peak.get(pid) ?? end.rssBytes,
          },
        ];
      });
    },
  };
}
