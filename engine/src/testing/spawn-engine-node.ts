/**
 * Starts an engine node as a real child process (Node 24 with tsx), for tests and load runs that
 * need several nodes, `kill -9` or SIGTERM. The node runs the same `runNode` code as `npm start`.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A running child node. */
export interface EngineNode {
  url: string;
  port: number;
  pid: number;
  child: ChildProcess;
  /** Everything the node wrote to stderr so far (for failure messages). */
  stderr(): string;
  /** Resolves with the exit code (null when killed by a signal) and the signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends a signal (SIGTERM for a graceful stop, SIGKILL for a crash). */
  kill(signal: NodeJS.Signals): void;
}

/** Options of {@link spawnEngineNode}. */
export interface SpawnEngineNodeOptions {
  /** Environment entries; they override the test defaults (port 0, silent logs, fixed secret). */
  environment?: Record<string, string>;
  /** How long to wait for the node to listen. */
  startTimeoutMs?: number;
}

const entry = fileURLToPath(new URL('./engine-node-entry.ts', import.meta.url));

/**
 * Spawns a node and waits until it listens.
 *
 * @example
 * ```ts
 * const node = await spawnEngineNode({ environment: { REDIS_URL: redis.url } });
 * node.kill('SIGKILL');
 * await node.exited;
 * ```
 */
export async function spawnEngineNode(options: SpawnEngineNodeOptions = {}): Promise<EngineNode> {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'cmz-node-'));
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ENGINE_SECRET: 'integration-test-secret-0123456789',
      ADMIN_TOKEN: 'integration-admin-token-0123456789',
      DATA_DIR: dataDirectory,
      OFFLINE_WORDS_PER_SECOND: '0',
      SHUTDOWN_DEADLINE_MS: '2000',
      NODE_NO_WARNINGS: '1',
      ...options.environment,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.setEncoding('utf8');
  child.stderr?.on('data', (chunk: string) => {
    stderr = (stderr + chunk).slice(-20_000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`engine node did not start in time:\n${stderr}`));
    }, options.startTimeoutMs ?? 30_000);
    let stdout = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      stdout += chunk;
      const match = /CMZ_NODE_READY (\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`engine node exited before listening (${code ?? signal}):\n${stderr}`));
    });
  });
  return {
    url,
    port: Number(new URL(url).port),
    pid: child.pid ?? -1,
    child,
    stderr: () => stderr,
    exited,
    kill: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    },
  };
}
