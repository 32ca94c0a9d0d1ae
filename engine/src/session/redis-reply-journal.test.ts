import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createRedisClient } from './create-redis-client.ts';
import { createRedisKeys } from './redis-keys.ts';
import { createRedisReplyJournal } from './redis-reply-journal.ts';
import { describeReplyJournalContract } from './reply-journal.contract.ts';

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

describeReplyJournalContract('redis journal', (options) => createRedisReplyJournal(redis, options));

describe('redis journal layout', () => {
  it('keeps a reply in three keys that expire, under the prefix', async () => {
    const prefix = `test-${randomUUID()}:`;
    const keys = createRedisKeys(prefix);
    const journal = createRedisReplyJournal(redis, { keyPrefix: prefix, recentDeltas: 2 });
    const entry = { replyId: 'r1', conversationId: 'c1', visitorId: 'v1', nodeId: 'n1' };
    await journal.start(entry);
    for (let seq = 1; seq <= 5; seq += 1) await journal.append('r1', { seq, text: `${seq} ` });
    expect(await redis.lrange(keys.replyDeltas('r1'), 0, -1)).toEqual(['4 ', '5 ']);
    expect(await redis.get(keys.replySnapshot('r1'))).toBe('1 2 3 ');
    expect(await redis.get(keys.activeReply('c1'))).toBe('r1');
    expect(await redis.smembers(keys.nodeReplies('n1'))).toEqual(['r1']);
    await journal.finish('r1', 'n1', { status: 'complete' });
    for (const key of [keys.reply('r1'), keys.replyDeltas('r1'), keys.replySnapshot('r1')]) {
      const ttl = await redis.ttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(120);
    }
    expect(await redis.exists(keys.activeReply('c1'))).toBe(0);
    expect(await redis.smembers(keys.nodeReplies('n1'))).toEqual([]);
    const stray = await redis.keys('*');
    expect(stray.filter((key) => key.includes(':r1') && !key.startsWith(prefix))).toEqual([]);
  });

  it('turns a Redis failure into CMZ_ERR_STORE_UNAVAILABLE', async () => {
    const broken = createRedisClient('redis://127.0.0.1:1', { commandTimeoutMs: 200 });
    const journal = createRedisReplyJournal(broken);
    await expect(journal.read('r1')).rejects.toMatchObject({ code: 'CMZ_ERR_STORE_UNAVAILABLE' });
    broken.disconnect();
  });
});
