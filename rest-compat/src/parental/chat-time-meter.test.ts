import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import {
  startRedisServer,
  type TestRedisServer,
} from '../../../engine/src/testing/redis-server.ts';
import {
  createMemoryChatTimeMeter,
  createRedisChatTimeMeter,
  type ChatTimeMeter,
} from './chat-time-meter.ts';
import { epochMinute, zooDay } from './zoo-day.ts';

let redisServer: TestRedisServer;
let redis: Redis;
beforeAll(async () => {
  redisServer = await startRedisServer();
  redis = new Redis(redisServer.url);
});
afterAll(async () => {
  await redis.quit();
  await redisServer.stop();
});

describe('the zoo day', () => {
  it("starts at the zoo's midnight, not UTC's", () => {
    expect(zooDay(new Date('2026-11-25T07:59:00Z'), 'America/Los_Angeles')).toBe('2026-11-24');
    expect(zooDay(new Date('2026-11-25T08:00:00Z'), 'America/Los_Angeles')).toBe('2026-11-25');
    expect(epochMinute(new Date(179_999))).toBe(2);
  });
});

const meters: [string, (clock: () => Date) => ChatTimeMeter][] = [
  ['memory', (clock) => createMemoryChatTimeMeter({ timeZone: 'America/Los_Angeles', clock })],
  ['redis', (clock) => createRedisChatTimeMeter(redis, { timeZone: 'America/Los_Angeles', clock })],
];

describe.each(meters)('the %s chat-time meter', (kind, create) => {
  it('counts each minute with a message once, per child, and starts again the next zoo day', async () => {
    let now = new Date('2026-11-25T18:00:10Z');
    const meter = create(() => now);
    const child = `user_${kind}_child`;
    await meter.recordNow(child);
    now = new Date('2026-11-25T18:00:50Z');
    await meter.recordNow(child);
    expect(await meter.usedToday(child)).toBe(1);
    now = new Date('2026-11-25T18:01:05Z');
    await meter.recordNow(child);
    expect(await meter.usedToday(child)).toBe(2);
    expect(await meter.usedToday(`user_${kind}_sibling`)).toBe(0);
    await meter.forget(`user_${kind}_sibling`);
    expect(await meter.usedToday(child)).toBe(2);
    await meter.forget(child);
    expect(await meter.usedToday(child)).toBe(0);
    await meter.recordNow(child);
    now = new Date('2026-11-26T08:00:00Z');
    expect(await meter.usedToday(child)).toBe(0);
  });
});

describe('the redis meter', () => {
  it('stores minute numbers only, with an expiry', async () => {
    const now = new Date('2026-11-25T18:00:10Z');
    await createRedisChatTimeMeter(redis, { timeZone: 'UTC', clock: () => now }).recordNow(
      'user_x',
    );
    const key = 'cmz:chat-time:2026-11-25:user_x';
    expect(await redis.smembers(key)).toEqual([String(epochMinute(now))]);
    expect(await redis.ttl(key)).toBeGreaterThan(0);
  });
});
