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
      expect(redis.options).toMatchObject({
        maxRetriesPerRequest: 1,
        commandTimeout: 2_000,
        enableOfflineQueue: true,
        lazyConnect: false,
      });
    } finally {
      redis.disconnect();
      await server.stop();
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
