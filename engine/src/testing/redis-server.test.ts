import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { Redis } from 'ioredis';
import { afterEach, describe, expect, it } from 'vitest';
import { getFreePort } from './free-port.ts';
import { startRedisServer, type TestRedisServer } from './redis-server.ts';

const started: TestRedisServer[] = [];

async function start(options?: Parameters<typeof startRedisServer>[0]): Promise<TestRedisServer> {
  const server = await startRedisServer(options);
  started.push(server);
  return server;
}

/** Runs `work` with a client that does not retry, so a dead server fails fast. */
async function withClient<T>(url: string, work: (redis: Redis) => Promise<T>): Promise<T> {
  const redis = new Redis(url, { retryStrategy: () => null, maxRetriesPerRequest: 0 });
  redis.on('error', () => {});
  try {
    return await work(redis);
  } finally {
    redis.disconnect();
  }
}

/** Whether anything accepts TCP connections on the port. */
function isListening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until `check` holds, failing after `timeoutMs`. */
async function waitFor(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * Starts a server in a separate Node process (the same Node as this test) and hands back where
 * it runs, so a test can end that process in ways a test must never end its own.
 */
async function startInChildProcess(keepAlive: boolean) {
  const moduleUrl = new URL('./redis-server.ts', import.meta.url).href;
  const script = [
    `const { startRedisServer } = await import(${JSON.stringify(moduleUrl)});`,
    'const server = await startRedisServer();',
    'console.log(JSON.stringify({ port: server.port, directory: server.directory }));',
    keepAlive ? 'setInterval(() => {}, 1000);' : '',
  ].join('\n');
  const child = spawn(process.execPath, ['--input-type=module', '--eval', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  let output = '';
  for await (const chunk of child.stdout) {
    output += String(chunk);
    if (output.includes('\n')) break;
  }
  const started = JSON.parse(output) as { port: number; directory: string };
  return { child, exited, ...started };
}

afterEach(async () => {
  await Promise.all(started.splice(0).map((server) => server.stop()));
});

describe('getFreePort', () => {
  it('returns a loopback port nobody listens on', async () => {
    const port = await getFreePort();
    expect(port).toBeGreaterThan(0);
    expect(port).toBeLessThan(65_536);
    expect(await isListening(port)).toBe(false);
  });
});

describe('startRedisServer', () => {
  it('starts a server that answers commands on its url', async () => {
    const server = await start();
    expect(server.url).toBe(`redis://127.0.0.1:${server.port}`);
    const value = await withClient(server.url, async (redis) => {
      await redis.set('greeting', 'hello');
      return redis.get('greeting');
    });
    expect(value).toBe('hello');
  });

  it('runs without snapshots or an append-only file by default', async () => {
    const server = await start();
    const config = await withClient(server.url, async (redis) => ({
      save: await redis.config('GET', 'save'),
      appendonly: await redis.config('GET', 'appendonly'),
    }));
    expect(config.save).toEqual(['save', '']);
    expect(config.appendonly).toEqual(['appendonly', 'no']);
  });

  it('stops, removes its directory, and tolerates a second stop', async () => {
    const server = await start();
    await server.stop();
    expect(await isListening(server.port)).toBe(false);
    expect(existsSync(server.directory)).toBe(false);
    await server.stop();
  });

  it('listens on a requested port', async () => {
    const port = await getFreePort();
    const server = await start({ port });
    expect(server.port).toBe(port);
    expect(await isListening(port)).toBe(true);
  });

  it('fails with the server log when the requested port is taken', async () => {
    const first = await start();
    await expect(startRedisServer({ port: first.port })).rejects.toThrow(/Address already in use/);
  });

  it('restarts on the same port after kill, with data gone when not persisting', async () => {
    const server = await start();
    await withClient(server.url, (redis) => redis.set('key', 'value'));
    server.kill();
    await expect(withClient(server.url, (redis) => redis.ping())).rejects.toThrow();
    await server.restart();
    expect(await withClient(server.url, (redis) => redis.get('key'))).toBeNull();
  });

  it('restarts a running server', async () => {
    const server = await start();
    await server.restart();
    expect(await withClient(server.url, (redis) => redis.ping())).toBe('PONG');
  });

  it('keeps data across stop and restart when persisting', async () => {
    const server = await start({ persist: true });
    await withClient(server.url, (redis) => redis.set('key', 'kept'));
    await server.stop();
    await server.restart();
    expect(await withClient(server.url, (redis) => redis.get('key'))).toBe('kept');
  });

  it('keeps data across a crash when persisting', async () => {
    const server = await start({ persist: true });
    await withClient(server.url, (redis) => redis.rpush('list', 'a', 'b'));
    server.kill();
    await server.restart();
    expect(await withClient(server.url, (redis) => redis.lrange('list', 0, -1))).toEqual([
      'a',
      'b',
    ]);
  });

  it('gives up when the server does not answer in time', async () => {
    await expect(startRedisServer({ startTimeoutMs: 0 })).rejects.toThrow(/did not answer/);
  });

  it('kills its servers when the process exits without stopping them', async () => {
    const started = await startInChildProcess(false);
    expect(await started.exited).toBe(0);
    await waitFor(async () => !(await isListening(started.port)));
    expect(existsSync(started.directory)).toBe(false);
  });

  it('kills its servers and still dies when the process gets SIGTERM', async () => {
    const started = await startInChildProcess(true);
    expect(await isListening(started.port)).toBe(true);
    started.child.kill('SIGTERM');
    expect(await started.exited).toBe('SIGTERM');
    await waitFor(async () => !(await isListening(started.port)));
    expect(existsSync(started.directory)).toBe(false);
  });
});
