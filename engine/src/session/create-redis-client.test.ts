import { describe, expect, it } from 'vitest';
import { getFreePort } from '../testing/free-port.ts';
import { startRedisServer } from '../testing/redis-server.ts';
import { createRedisClient, reconnectDelayMs } from './create-redis-client.ts';

describe('reconnectDelayMs', () => {
  it('backs off exponentially from 100 ms and caps at 2 s', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map(reconnectDelayMs)).toEqual([
      100, 200, 400, 800, 1_600, 2_000, 2_000,
    ]);
  });
});

describe('createRedisClient', () => {
  it('connects with its name and bounded settings', async () => {
    const server = await startRedisServer();
    const redis = createRedisClient(server.url, { name: 'cmz-store' });
    try {
      expect(await redis.client('GETNAME')).toBe('cmz-store');
      // The offline queue only served the start: during an outage commands fail at once.
      expect(redis.options).toMatchObject({
        maxRetriesPerRequest: 1,
        commandTimeout: 2_000,
        enableOfflineQueue: false,
        lazyConnect: false,
      });
    } finally {
      redis.disconnect();
      await server.stop();
    }
  });

  it('fails commands at once while disconnected, and keeps the queue for blocking readers', async () => {
    const server = await startRedisServer();
    const failFast = createRedisClient(server.url);
    const blocking = createRedisClient(server.url, { commandTimeoutMs: 0, keepOfflineQueue: true });
    try {
      await Promise.all([failFast.ping(), blocking.ping()]);
      await server.stop();
      await expect.poll(() => failFast.status, { timeout: 5_000 }).not.toBe('ready');
      await expect(failFast.get('key')).rejects.toThrow(/enableOfflineQueue/);
      expect(blocking.options).toMatchObject({ enableOfflineQueue: true });
      expect(blocking.options.commandTimeout).toBeUndefined();
    } finally {
      failFast.disconnect();
      blocking.disconnect();
    }
  });

  it('reports connection errors to onError instead of crashing', async () => {
    const port = await getFreePort();
    const errors: Error[] = [];
    const redis = createRedisClient(`redis://127.0.0.1:${port}`, {
      commandTimeoutMs: 300,
      onError: (error) => errors.push(error),
    });
    try {
      await expect(redis.ping()).rejects.toThrow();
      expect(errors.length).toBeGreaterThan(0);
      expect(errors[0]?.message).toMatch(/ECONNREFUSED/);
    } finally {
      redis.disconnect();
    }
  });
});
