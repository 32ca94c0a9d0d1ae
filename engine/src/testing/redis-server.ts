/**
 * A throwaway `redis-server` for tests: its own free loopback port, its own temp directory, no
 * snapshots, and cleanup on process exit so a failing test never leaks a server.
 *
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFreePort } from './free-port.ts';

/** Options of {@link startRedisServer}. */
export interface StartRedisServerOptions {
  /** Port to listen on; a free one is picked (and retried when taken) when omitted. */
  port?: number;
  /** Turns the append-only file on (fsync always), so data survives `restart()` and `kill()`. */
  persist?: boolean;
  /** How long to wait for the server to answer. @default 10000 */
  startTimeoutMs?: number;
}

/** A running test Redis. */
export interface TestRedisServer {
  /** `redis://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  /** The server's working directory (AOF files, `redis.log`). */
  readonly directory: string;
  /** Shuts the server down gracefully (SIGKILL after 5 s) and waits until it has exited. */
  stop(): Promise<void>;
  /** SIGKILLs the server without waiting, to simulate a crash. */
  kill(): void;
  /** Stops the server if it still runs, then starts it again on the same port and directory. */
  restart(): Promise<void>;
}

interface RunningProcess {
  child: ChildProcess;
  exited: Promise<void>;
}

const stopGraceMs = 5_000;
const pollIntervalMs = 25;
const maxPortAttempts = 5;
const liveProcesses = new Set<ChildProcess>();
const temporaryDirectories = new Set<string>();
let exitHookInstalled = false;

/**
 * Starts a real `redis-server` on a free loopback port and resolves once it answers.
 *
 * @example
 * ```ts
 * const server = await startRedisServer();
 * const redis = new Redis(server.url);
 * // ... test ...
 * redis.disconnect();
 * await server.stop();
 * ```
 */
export async function startRedisServer(
  options: StartRedisServerOptions = {},
): Promise<TestRedisServer> {
  installExitHook();
  const directory = await mkdtemp(join(tmpdir(), 'cmz-redis-'));
  temporaryDirectories.add(directory);
  const settings: LaunchSettings = {
    directory,
    persist: options.persist ?? false,
    startTimeoutMs: options.startTimeoutMs ?? 10_000,
  };
  try {
    const { running, port } = await launchOnSomePort(options.port, settings);
    return controlServer(port, settings, running);
  } catch (error) {
    await removeDirectory(directory);
    throw error;
  }
}

interface LaunchSettings {
  directory: string;
  persist: boolean;
  startTimeoutMs: number;
}

function controlServer(
  port: number,
  settings: LaunchSettings,
  firstProcess: RunningProcess,
): TestRedisServer {
  let running: RunningProcess | undefined = firstProcess;
  const stopRunning = async (): Promise<void> => {
    const current = running;
    running = undefined;
    if (current) await stopProcess(current);
  };
  return {
    url: `redis://127.0.0.1:${port}`,
    port,
    directory: settings.directory,
    async stop() {
      await stopRunning();
      // Without persistence nothing in the directory is worth keeping; restart() recreates it.
      if (!settings.persist) await removeDirectory(settings.directory);
    },
    kill() {
      running?.child.kill('SIGKILL');
    },
    async restart() {
      await stopRunning();
      await mkdir(settings.directory, { recursive: true });
      running = await launch(port, settings);
    },
  };
}

async function launchOnSomePort(
  requestedPort: number | undefined,
  settings: LaunchSettings,
): Promise<{ running: RunningProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = requestedPort ?? (await getFreePort());
    try {
      return { running: await launch(port, settings), port };
    } catch (error) {
      // A free port can be taken between probing and binding: only then is another port worth it.
      const portTaken = error instanceof Error && /Address already in use/i.test(error.message);
      if (requestedPort !== undefined || !portTaken || attempt >= maxPortAttempts) throw error;
    }
  }
}

async function launch(port: number, settings: LaunchSettings): Promise<RunningProcess> {
  const logFile = join(settings.directory, 'redis.log');
  const child = spawn('redis-server', serverArguments(port, settings, logFile), {
    cwd: settings.directory,
    stdio: 'ignore',
  });
  liveProcesses.add(child);
  // Unref'd so a server a test forgot to stop never keeps the runner alive; the exit hook kills it.
  child.unref();
  const exited = new Promise<void>((resolve) => {
    const done = (): void => {
      liveProcesses.delete(child);
      resolve();
    };
    child.once('exit', done);
    child.once('error', done);
  });
  try {
    await waitUntilReady(port, child.pid ?? -1, exited, settings.startTimeoutMs);
  } catch (error) {
    child.kill('SIGKILL');
    await exited;
    throw new Error(`${(error as Error).message}\n${await readLogTail(logFile)}`, { cause: error });
  }
  return { child, exited };
}

function serverArguments(port: number, settings: LaunchSettings, logFile: string): string[] {
  const persistence = settings.persist
    ? ['--appendonly', 'yes', '--appendfsync', 'always']
    : ['--appendonly', 'no'];
  return [
    ...['--port', String(port), '--bind', '127.0.0.1', '--dir', settings.directory],
    ...['--logfile', logFile, '--save', '', '--daemonize', 'no'],
    ...persistence,
  ];
}

async function waitUntilReady(
  port: number,
  pid: number,
  exited: Promise<void>,
  timeoutMs: number,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`redis-server on port ${port} exited before answering`);
    if (await answersAsProcess(port, pid)) return;
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
  throw new Error(`redis-server on port ${port} did not answer within ${timeoutMs} ms`);
}

/**
 * One raw RESP `INFO server`: ready when it is answered by *our* process. Checking the pid
 * matters: if the port was taken, the other server would answer while ours exits on
 * EADDRINUSE. A LOADING error (AOF replay) or no answer counts as "not ready yet".
 */
function answersAsProcess(port: number, pid: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    let reply = '';
    let settled = false;
    const finish = (ready: boolean): void => {
      if (settled) return;
      settled = true;
      socket.destroy();
      resolve(ready);
    };
    socket.setTimeout(500, () => finish(false));
    socket.once('error', () => finish(false));
    socket.once('close', () => finish(false));
    socket.once('connect', () => socket.write('INFO server\r\n'));
    socket.on('data', (chunk: Buffer) => {
      reply += chunk.toString('latin1');
      if (reply.startsWith('-') && reply.includes('\r\n')) finish(false);
      if (isCompleteBulkReply(reply)) finish(reply.includes(`process_id:${pid}\r\n`));
    });
  });
}

function isCompleteBulkReply(reply: string): boolean {
  const headerEnd = reply.indexOf('\r\n');
  // A raw connection speaks RESP2: INFO is answered with a bulk string `$<bytes>\r\n...\r\n`.
  if (headerEnd < 0 || !/^\$\d+$/.test(reply.slice(0, headerEnd))) return false;
  return reply.length >= headerEnd + 2 + Number(reply.slice(1, headerEnd)) + 2;
}

async function stopProcess(running: RunningProcess): Promise<void> {
  const { child, exited } = running;
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
  // SIGTERM is Redis's graceful shutdown; a ref'd timer also keeps the loop alive until exit.
  const forceKill = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
  await exited;
  clearTimeout(forceKill);
}

async function readLogTail(logFile: string): Promise<string> {
  try {
    return (await readFile(logFile, 'utf8')).slice(-2_000);
  } catch {
    return '(no redis.log)';
  }
}

async function removeDirectory(directory: string): Promise<void> {
  await rm(directory, { recursive: true, force: true });
  temporaryDirectories.delete(directory);
}

/** Kills every server this process started; synchronous because it also runs on `exit`. */
function killEverything(): void {
  for (const child of liveProcesses) child.kill('SIGKILL');
  for (const directory of temporaryDirectories) {
    try {
      rmSync(directory, { recursive: true, force: true });
    } catch {
      // Best effort: a dying server may still hold a file; the OS cleans tmp eventually.
    }
  }
}

function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killEverything);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.once(signal, () => {
      killEverything();
      // Our listener replaced the default "terminate"; when nobody else handles the signal,
      // raise it again so the process still dies the way its sender intended.
      if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
    });
  }
}
