/**
 * Every child process and server the harness started, so that any exit — a finished run, an
 * error, a time limit, Ctrl-C — stops all of them. A leaked engine node would keep CPU and ports
 * busy for the other engineers on the machine.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const liveChildren = new Set<ChildProcess>();
let hooksInstalled = false;

/**
 * Tracks a child so it is SIGKILLed if the harness exits without stopping it.
 *
 * @example
 * ```ts
 * trackChild(node.child);
 * ```
 */
export function trackChild(child: ChildProcess): void {
  installHooks();
  liveChildren.add(child);
  child.once('exit', () => liveChildren.delete(child));
}

function installHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers must be synchronous: kill() is.
  process.once('exit', () => {
    for (const child of liveChildren) child.kill('SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\nload: ${signal}, stopping every child process`);
      process.exit(130);
    });
  }
}

/**
 * Stops a child: SIGTERM, then SIGKILL after `graceMs`; resolves when it has exited.
 *
 * @example
 * ```ts
 * await stopChild(node.child);
 * ```
 */
export async function stopChild(child: ChildProcess, graceMs = 3_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** A running baseline server. */
export interface BaselineNode {
  url: string;
  pid: number;
  child: ChildProcess;
}

const baselineEntry = fileURLToPath(new URL('./baseline-server.ts', import.meta.url));

/**
 * Starts the bare Socket.IO baseline server as a child process (Node 24 with tsx, like an
 * engine node).
 *
 * @example
 * ```ts
 * const baseline = await spawnBaselineNode({ MODEL_URL: model.url });
 * ```
 */
export async function spawnBaselineNode(
  environment: Record<string, string>,
): Promise<BaselineNode> {
  const child = spawn(process.execPath, ['--import', 'tsx', baselineEntry], {
    env: { PATH: process.env.PATH ?? '', NODE_NO_WARNINGS: '1', ...environment },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  trackChild(child);
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-10_000)));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`baseline did not start:\n${stderr}`)), 30_000);
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /CMZ_BASELINE_READY (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`baseline exited (${code}):\n${stderr}`));
    });
  });
  return { url, pid: child.pid ?? -1, child };
}
