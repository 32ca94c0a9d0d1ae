import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getFreePort } from '../testing/free-port.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createRedisClient } from './create-redis-client.ts';
import { createRedisKeys } from './redis-keys.ts';
import { createRedisRateLimiter } from './redis-rate-limiter.ts';

let server: TestRedisServer;
const clients: Redis[] = [];

function newClient(url = server.url, commandTimeoutMs?: number): Redis {
  const client = createRedisClient(url, { name: 'cmz-test', commandTimeoutMs });
  clients.push(client);
  return client;
}

beforeAll(async () => {
  server = await startRedisServer();
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server.stop();
});

describe('redis rate limiter', () => {
  it('allows a burst of capacity, then denies with the wait for one token', async () => {
    const limiter = createRedisRateLimiter(newClient());
    const key = `send:${randomUUID()}`;
    const decisions = [];
    for (let index = 0; index < 6; index++) decisions.push(await limiter.consume(key));
    expect(decisions.map((decision) => decision.allowed)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
    expect(decisions.map((decision) => decision.remaining)).toEqual([4, 3, 2, 1, 0, 0]);
    const denied = decisions[5];
    // One token at the default 0.5/s takes 2 s, minus what refilled during the burst.
    expect(denied?.retryAfterMs).toBeGreaterThan(0);
    expect(denied?.retryAfterMs).toBeLessThanOrEqual(2_000);
  });

  it('shares one bucket between nodes: 20 concurrent consumes allow exactly capacity', async () => {
    const options = { capacity: 5, refillPerSecond: 0.001 };
    const nodeA = createRedisRateLimiter(newClient(), options);
    const nodeB = createRedisRateLimiter(newClient(), options);
    const key = `send:${randomUUID()}`;
    const decisions = await Promise.all(
      Array.from({ length: 20 }, (_, index) => (index % 2 ? nodeA : nodeB).consume(key)),
    );
    expect(decisions.filter((decision) => decision.allowed)).toHaveLength(5);
  });

  it('refills over time', async () => {
    const limiter = createRedisRateLimiter(newClient(), { capacity: 1, refillPerSecond: 20 });
    const key = `send:${randomUUID()}`;
    expect((await limiter.consume(key)).allowed).toBe(true);
    const deadline = Date.now() + 5_000;
    let allowed = false;
    while (!allowed && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      allowed = (await limiter.consume(key)).allowed;
    }
    expect(allowed).toBe(true);
  });

  it('lets the bucket key expire when it would be full again', async () => {
    const redis = newClient();
    const prefix = `test-${randomUUID()}:`;
    const limiter = createRedisRateLimiter(redis, {
      capacity: 4,
      refillPerSecond: 2,
      keyPrefix: prefix,
    });
    await limiter.consume('visitor-1');
    const ttlMs = await redis.pttl(createRedisKeys(prefix).rateLimit('visitor-1'));
    // One token missing at 2 tokens/s: full again within 500 ms.
    expect(ttlMs).toBeGreaterThan(0);
    expect(ttlMs).toBeLessThanOrEqual(500);
    await limiter.close();
    expect(await redis.ping()).toBe('PONG');
  });

  it('fails with CMZ_ERR_STORE_UNAVAILABLE when Redis cannot be reached', async () => {
    const port = await getFreePort();
    const limiter = createRedisRateLimiter(newClient(`redis://127.0.0.1:${port}`, 500));
    await expect(limiter.consume('visitor-1')).rejects.toMatchObject({
      code: 'CMZ_ERR_STORE_UNAVAILABLE',
    });
  });

  it('rejects invalid options', () => {
    expect(() => createRedisRateLimiter(newClient(), { capacity: 1.5 })).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_CONFIG_INVALID' }),
    );
  });
});
