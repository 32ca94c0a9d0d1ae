import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../session/create-redis-client.ts';
import { getFreePort } from '../testing/free-port.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import {
  createMemoryPluginState,
  createRedisPluginState,
  type PluginStateFactory,
} from './plugin-state.ts';

/** The behaviour every backend shares, run against each. */
function describeSharedBehaviour(backend: string, makeFactory: () => PluginStateFactory): void {
  describe(`${backend} plugin state`, () => {
    it('gets what was set, undefined for a missing key, and nothing after delete', async () => {
      const state = makeFactory()(`quiz-${randomUUID()}`);
      expect(await state.get('round')).toBeUndefined();
      await state.set('round', { number: 2, animals: ['leo', 'ruby'] });
      expect(await state.get('round')).toEqual({ number: 2, animals: ['leo', 'ruby'] });
      await state.set('round', 3);
      expect(await state.get<number>('round')).toBe(3);
      await state.delete('round');
      expect(await state.get('round')).toBeUndefined();
      await expect(state.delete('never-set')).resolves.toBeUndefined();
    });

    it('stores JSON copies: later mutations on either side do not leak', async () => {
      const state = makeFactory()(`quiz-${randomUUID()}`);
      const value = { scores: [1, 2], when: new Date('2025-01-02T03:04:05.000Z') };
      await state.set('board', value);
      value.scores.push(99);
      const read = await state.get<{ scores: number[]; when: unknown }>('board');
      expect(read).toEqual({ scores: [1, 2], when: '2025-01-02T03:04:05.000Z' });
      read?.scores.push(42);
      expect(await state.get('board')).toEqual({
        scores: [1, 2],
        when: '2025-01-02T03:04:05.000Z',
      });
    });

    it('keeps falsy JSON values (0, false, null, empty string)', async () => {
      const state = makeFactory()(`quiz-${randomUUID()}`);
      for (const value of [0, false, null, '']) {
        await state.set('value', value);
        expect(await state.get('value')).toBe(value);
      }
    });

    it('namespaces keys per plugin', async () => {
      const factory = makeFactory();
      const suffix = randomUUID();
      const quiz = factory(`quiz-${suffix}`);
      const tour = factory(`tour-${suffix}`);
      await quiz.set('progress', 'quiz value');
      await tour.set('progress', 'tour value');
      expect(await quiz.get('progress')).toBe('quiz value');
      expect(await tour.get('progress')).toBe('tour value');
      await quiz.delete('progress');
      expect(await tour.get('progress')).toBe('tour value');
    });

    it('shares values between two stores of the same plugin (e.g. before and after a reload)', async () => {
      const factory = makeFactory();
      const name = `quiz-${randomUUID()}`;
      await factory(name).set('streak', 7);
      expect(await factory(name).get('streak')).toBe(7);
    });
  });
}

describeSharedBehaviour('memory', () => createMemoryPluginState());

describe('memory plugin state ttl', () => {
  it('expires a value once its ttl has passed on the injected clock', async () => {
    let now = 1_000_000;
    const state = createMemoryPluginState(() => now)('quiz');
    await state.set('hint', 'look up', { ttlSeconds: 30 });
    await state.set('forever', 'kept');
    now += 29_999;
    expect(await state.get('hint')).toBe('look up');
    now += 1;
    expect(await state.get('hint')).toBeUndefined();
    now += 365 * 24 * 3_600_000;
    expect(await state.get('forever')).toBe('kept');
  });

  it('clears a ttl when the key is set again without one', async () => {
    let now = 0;
    const state = createMemoryPluginState(() => now)('quiz');
    await state.set('hint', 'first', { ttlSeconds: 1 });
    await state.set('hint', 'second');
    now += 10_000;
    expect(await state.get('hint')).toBe('second');
  });
});

describe('redis plugin state', () => {
  let server: TestRedisServer;
  const clients: Redis[] = [];
  const newClient = (url: string, commandTimeoutMs?: number): Redis => {
    const client = createRedisClient(url, { name: 'cmz-test-plugin-state', commandTimeoutMs });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startRedisServer();
  });

  afterAll(async () => {
    for (const client of clients.splice(0)) client.disconnect();
    await server.stop();
  });

  describeSharedBehaviour('redis', () => createRedisPluginState(newClient(server.url)));

  it('writes JSON under cmz:plugin:<name>:<key>', async () => {
    const redis = newClient(server.url);
    const name = `quiz-${randomUUID()}`;
    const suffix = randomUUID();
    await createRedisPluginState(redis)(name).set('round', { number: 2 });
    await createRedisPluginState(redis)(`tour-${suffix}`).set('round', 'other');
    expect(await redis.get(`cmz:plugin:${name}:round`)).toBe('{"number":2}');
    expect(await redis.get(`cmz:plugin:tour-${suffix}:round`)).toBe('"other"');
  });

  it('honours a custom key prefix', async () => {
    const redis = newClient(server.url);
    const prefix = `test-${randomUUID()}:`;
    await createRedisPluginState(redis, prefix)('quiz').set('round', 1);
    expect(await redis.get(`${prefix}plugin:quiz:round`)).toBe('1');
  });

  it('sets a Redis TTL only when asked, rounded to whole seconds and at least 1', async () => {
    const redis = newClient(server.url);
    const name = `quiz-${randomUUID()}`;
    const state = createRedisPluginState(redis)(name);
    await state.set('hint', 'look up', { ttlSeconds: 30 });
    const ttl = await redis.ttl(`cmz:plugin:${name}:hint`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
    await state.set('tiny', 'x', { ttlSeconds: 0.2 });
    expect(await redis.ttl(`cmz:plugin:${name}:tiny`)).toBe(1);
    await state.set('forever', 'kept');
    expect(await redis.ttl(`cmz:plugin:${name}:forever`)).toBe(-1);
    // Setting again without a ttl removes the earlier one (plain SET semantics).
    await state.set('hint', 'again');
    expect(await redis.ttl(`cmz:plugin:${name}:hint`)).toBe(-1);
  });

  it('fails with CMZ_ERR_STORE_UNAVAILABLE when Redis is down', async () => {
    const nobodyListens = `redis://127.0.0.1:${await getFreePort()}`;
    const state = createRedisPluginState(newClient(nobodyListens, 300))('quiz');
    const unavailable = expect.objectContaining({ code: 'CMZ_ERR_STORE_UNAVAILABLE' });
    await expect(state.get('round')).rejects.toThrow(unavailable);
    await expect(state.set('round', 1)).rejects.toThrow(unavailable);
    await expect(state.delete('round')).rejects.toThrow(unavailable);
  });

  it('recovers once the server is back after a restart', async () => {
    const local = await startRedisServer();
    try {
      const state = createRedisPluginState(newClient(local.url, 300))(`quiz-${randomUUID()}`);
      await state.set('round', 1);
      local.kill();
      await expect(state.get('round')).rejects.toMatchObject({
        code: 'CMZ_ERR_STORE_UNAVAILABLE',
      });
      await local.restart();
      // The client reconnects by itself; the first commands after the restart may still race it.
      let value: unknown;
      for (let attempt = 0; attempt < 50 && value === undefined; attempt++) {
        value = await state.set('round', 2).then(
          () => state.get('round'),
          () => new Promise((resolve) => setTimeout(() => resolve(undefined), 100)),
        );
      }
      expect(value).toBe(2);
    } finally {
      await local.stop();
    }
  });
});
