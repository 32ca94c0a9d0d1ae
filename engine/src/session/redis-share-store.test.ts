import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createRedisClient } from './create-redis-client.ts';
import { createRedisKeys } from './redis-keys.ts';
import { createRedisShareStore } from './redis-share-store.ts';
import { describeShareStoreContract, sampleSnapshot } from './share-store.contract.ts';

let server: TestRedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = createRedisClient(server.url, { name: 'cmz-test' });
});

afterAll(async () => {
  redis.disconnect();
  await server.stop();
});

describeShareStoreContract('redis share store', (options) => createRedisShareStore(redis, options));

describe('redis share store layout', () => {
  it('keeps each share in one hash under the prefix, expiring after ttlSeconds', async () => {
    const prefix = `test-${randomUUID()}:`;
    const store = createRedisShareStore(redis, { keyPrefix: prefix, ttlSeconds: 100 });
    const shareId = await store.createShare({
      creatorVisitorId: 'v_1',
      snapshot: sampleSnapshot(),
    });
    const key = createRedisKeys(prefix).share(shareId);
    expect(await redis.keys(`${prefix}*`)).toEqual([key]);
    expect(await redis.ttl(key)).toBeGreaterThan(90);
    expect(await redis.ttl(key)).toBeLessThanOrEqual(100);
  });

  it('stores no visitor id, only a fingerprint of the creator', async () => {
    const store = createRedisShareStore(redis);
    const visitorId = `v_${randomUUID()}`;
    const shareId = await store.createShare({
      creatorVisitorId: visitorId,
      snapshot: sampleSnapshot(),
    });
    const fields = await redis.hgetall(createRedisKeys().share(shareId));
    expect(Object.keys(fields).sort()).toEqual(['creator', 'snapshot']);
    expect(JSON.stringify(fields)).not.toContain(visitorId);
  });

  it('answers null once Redis has expired the share', async () => {
    const store = createRedisShareStore(redis);
    const shareId = await store.createShare({
      creatorVisitorId: 'v_1',
      snapshot: sampleSnapshot(),
    });
    // What Redis does when the TTL runs out.
    await redis.del(createRedisKeys().share(shareId));
    expect(await store.getShare(shareId)).toBeNull();
  });

  it('fails with CMZ_ERR_STORE_UNAVAILABLE when Redis is not there', async () => {
    const stopped = await startRedisServer();
    await stopped.stop();
    const client = createRedisClient(stopped.url, { name: 'cmz-test', commandTimeoutMs: 500 });
    try {
      const store = createRedisShareStore(client);
      await expect(store.getShare('some-share-id')).rejects.toMatchObject({
        code: 'CMZ_ERR_STORE_UNAVAILABLE',
      });
    } finally {
      client.disconnect();
    }
  });
});
