import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { describeConversationStoreContract, userMessage } from './conversation-store.contract.ts';
import { assistantMessage } from './conversation-store-visitor.contract.ts';
import { createRedisClient } from './create-redis-client.ts';
import { createRedisConversationStore } from './redis-conversation-store.ts';
import { createRedisKeys } from './redis-keys.ts';

let server: TestRedisServer;
let redis: Redis;
const clients: Redis[] = [];

function newClient(url = server.url, commandTimeoutMs?: number): Redis {
  const client = createRedisClient(url, { name: 'cmz-test', commandTimeoutMs });
  clients.push(client);
  return client;
}

/** Retries `operation` until it succeeds (a reconnecting client), failing after `timeoutMs`. */
async function eventually<T>(operation: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await operation();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

beforeAll(async () => {
  server = await startRedisServer();
  redis = newClient();
});

afterAll(async () => {
  for (const client of clients.splice(0)) client.disconnect();
  await server.stop();
});

describeConversationStoreContract('redis store', (options) =>
  createRedisConversationStore(redis, options),
);

describe('redis store layout and expiry', () => {
  const keys = createRedisKeys();
  const visitor = () => ({ visitorId: randomUUID(), animalId: 'bella', locale: 'en' }) as const;

  it('keeps every key under the configured prefix', async () => {
    const prefix = `test-${randomUUID()}:`;
    const store = createRedisConversationStore(redis, { keyPrefix: prefix });
    const conversation = await store.getOrCreateConversation(visitor());
    await store.appendMessage(conversation.id, userMessage(1));
    await store.claimClientMessage(conversation.id, 'client-1', { messageId: 'm1', replyId: 'r1' });
    await store.appendMessage(conversation.id, assistantMessage(1));
    await store.toggleReaction({
      conversationId: conversation.id,
      messageId: 'a1',
      visitorId: conversation.visitorId,
      emoji: '👍',
    });
    const found = await redis.keys(`${prefix}*`);
    // Hash, messages, claims, reactions, visitor index and visitor list.
    expect(found).toHaveLength(6);
    expect(await redis.exists(`cmz:conv:${conversation.id}`)).toBe(0);
  });

  it('sets ttlSeconds on every key and refreshes it on each write', async () => {
    const store = createRedisConversationStore(redis, { ttlSeconds: 50 });
    const input = visitor();
    const conversation = await store.getOrCreateConversation(input);
    await store.appendMessage(conversation.id, userMessage(1));
    await store.appendMessage(conversation.id, assistantMessage(1));
    await store.toggleReaction({
      conversationId: conversation.id,
      messageId: 'a1',
      visitorId: input.visitorId,
      emoji: '⭐',
    });
    const conversationKeys = [
      keys.conversation(conversation.id),
      keys.messages(conversation.id),
      keys.reactions(conversation.id),
      keys.visitorIndex(input.visitorId, input.animalId),
      keys.visitorConversations(input.visitorId),
    ];
    for (const key of conversationKeys) {
      expect(await redis.ttl(key)).toBeGreaterThan(45);
      await redis.expire(key, 5);
    }
    await store.setLocale(conversation.id, 'es');
    for (const key of conversationKeys) expect(await redis.ttl(key)).toBeGreaterThan(45);
    for (const key of conversationKeys) await redis.expire(key, 5);
    await store.getOrCreateConversation(input);
    for (const key of conversationKeys) expect(await redis.ttl(key)).toBeGreaterThan(45);
  });

  it('expires claims after claimTtlSeconds', async () => {
    const store = createRedisConversationStore(redis, { claimTtlSeconds: 30 });
    const conversation = await store.getOrCreateConversation(visitor());
    const claimsKey = keys.claims(conversation.id);
    await store.claimClientMessage(conversation.id, 'client-1', { messageId: 'm1', replyId: 'r1' });
    expect(await redis.ttl(claimsKey)).toBeGreaterThan(25);
    expect(await redis.ttl(claimsKey)).toBeLessThanOrEqual(30);
    // Backdate the claim's own expiry, as if claimTtlSeconds had passed.
    await redis.hset(claimsKey, 'client-1', '1000|{"messageId":"m1","replyId":"r1"}');
    expect(await store.findClientMessage(conversation.id, 'client-1')).toBeNull();
    const again = { messageId: 'm2', replyId: 'r2' };
    expect(await store.claimClientMessage(conversation.id, 'client-1', again)).toEqual({
      claimed: true,
    });
    expect(await store.findClientMessage(conversation.id, 'client-1')).toEqual(again);
  });

  it('prunes expired claims once the claims hash grows', async () => {
    const store = createRedisConversationStore(redis);
    const conversation = await store.getOrCreateConversation(visitor());
    const claimsKey = keys.claims(conversation.id);
    const stale = Array.from({ length: 100 }, (_, index) => [`old-${index}`, '1000|{}']).flat();
    await redis.hset(claimsKey, ...stale);
    await store.claimClientMessage(conversation.id, 'client-1', { messageId: 'm1', replyId: 'r1' });
    expect(await redis.hkeys(claimsKey)).toEqual(['client-1']);
  });

  it('replaces a visitor index whose conversation has expired', async () => {
    const store = createRedisConversationStore(redis);
    const input = visitor();
    const conversation = await store.getOrCreateConversation(input);
    await redis.del(keys.conversation(conversation.id));
    const next = await store.getOrCreateConversation(input);
    expect(next.id).not.toBe(conversation.id);
    expect(await redis.get(keys.visitorIndex(input.visitorId, input.animalId))).toBe(next.id);
  });

  it('actually expires a conversation after ttlSeconds', async () => {
    const store = createRedisConversationStore(redis, { ttlSeconds: 1 });
    const conversation = await store.getOrCreateConversation(visitor());
    await store.appendMessage(conversation.id, userMessage(1));
    await eventually(async () => {
      expect(await store.getConversation(conversation.id)).toBeNull();
    }, 5_000);
    expect(await store.listMessages(conversation.id)).toEqual([]);
  });

  it('drops expired conversations from the visitor list when it is read', async () => {
    const store = createRedisConversationStore(redis);
    const input = visitor();
    const expired = await store.getOrCreateConversation(input);
    const live = await store.getOrCreateConversation({ ...input, animalId: 'rio' });
    // What Redis does when the conversation's TTL runs out.
    await redis.del(keys.conversation(expired.id), keys.messages(expired.id));
    expect((await store.listConversations(input.visitorId)).map(({ id }) => id)).toEqual([live.id]);
    expect(await redis.zrange(keys.visitorConversations(input.visitorId), '0', '-1')).toEqual([
      live.id,
    ]);
  });

  it('adds a conversation stored before visitor lists existed to the list on join', async () => {
    const store = createRedisConversationStore(redis);
    const input = visitor();
    const conversation = await store.getOrCreateConversation(input);
    const listKey = keys.visitorConversations(input.visitorId);
    await redis.hdel(keys.conversation(conversation.id), 'listKey');
    await redis.del(listKey);
    expect(await store.listConversations(input.visitorId)).toEqual([]);
    await store.getOrCreateConversation(input);
    expect(await store.listConversations(input.visitorId)).toEqual([conversation]);
  });

  it('forgets who reacted with a dropped or deleted message', async () => {
    const store = createRedisConversationStore(redis, { maxMessages: 2 });
    const conversation = await store.getOrCreateConversation(visitor());
    const reactionsKey = keys.reactions(conversation.id);
    for (const index of [1, 2]) {
      await store.appendMessage(conversation.id, assistantMessage(index));
      const messageId = `a${index}`;
      await store.toggleReaction({
        conversationId: conversation.id,
        messageId,
        visitorId: 'v1',
        emoji: '🐾',
      });
    }
    expect(JSON.parse((await redis.hget(reactionsKey, 'a1')) ?? '{}')).toEqual({ '🐾': ['v1'] });
    await store.appendMessage(conversation.id, assistantMessage(3));
    expect(await redis.hkeys(reactionsKey)).toEqual(['a2']);
    await store.deleteConversation(conversation.id);
    expect(await redis.exists(reactionsKey)).toBe(0);
    expect(
      await redis.zscore(keys.visitorConversations(conversation.visitorId), conversation.id),
    ).toBeNull();
  });

  it('leaves the client open on close', async () => {
    const store = createRedisConversationStore(redis);
    await store.close();
    expect(await redis.ping()).toBe('PONG');
  });
});

describe('redis store across restarts and outages', () => {
  it('finds the same history from a new client and store (an engine restart)', async () => {
    const before = createRedisConversationStore(newClient());
    const input = { visitorId: randomUUID(), animalId: 'bella', locale: 'en' } as const;
    const conversation = await before.getOrCreateConversation(input);
    await before.appendMessage(conversation.id, userMessage(1));
    await before.claimClientMessage(conversation.id, 'client-1', {
      messageId: 'm1',
      replyId: 'r1',
    });
    await before.close();

    const after = createRedisConversationStore(newClient());
    expect((await after.getOrCreateConversation(input)).id).toBe(conversation.id);
    expect(await after.listMessages(conversation.id)).toEqual([userMessage(1)]);
    expect(await after.findClientMessage(conversation.id, 'client-1')).toEqual({
      messageId: 'm1',
      replyId: 'r1',
    });
  });

  it('fails fast with CMZ_ERR_STORE_UNAVAILABLE while Redis is down, then recovers', async () => {
    const outage = await startRedisServer();
    try {
      const store = createRedisConversationStore(newClient(outage.url));
      const conversation = await store.getOrCreateConversation({
        visitorId: randomUUID(),
        animalId: 'bella',
        locale: 'en',
      });
      await outage.stop();
      const startedAt = Date.now();
      const unavailable = { code: 'CMZ_ERR_STORE_UNAVAILABLE', temporary: true };
      await expect(store.ping()).rejects.toMatchObject(unavailable);
      await expect(store.appendMessage(conversation.id, userMessage(1))).rejects.toMatchObject(
        unavailable,
      );
      await expect(store.listMessages(conversation.id)).rejects.toMatchObject(unavailable);
      // Generous bound: the client's 2 s command timeout, far below the 20 s test timeout.
      expect(Date.now() - startedAt).toBeLessThan(10_000);

      await outage.restart();
      await eventually(() => store.ping());
      const again = await store.getOrCreateConversation({
        visitorId: randomUUID(),
        animalId: 'bella',
        locale: 'en',
      });
      await store.appendMessage(again.id, userMessage(1));
      expect(await store.listMessages(again.id)).toEqual([userMessage(1)]);
    } finally {
      await outage.stop();
    }
  });

  it('fails with CMZ_ERR_STORE_UNAVAILABLE when Redis was never there', async () => {
    const stopped = await startRedisServer();
    await stopped.stop();
    const store = createRedisConversationStore(newClient(stopped.url, 500));
    await expect(store.getConversation('c_1')).rejects.toMatchObject({
      code: 'CMZ_ERR_STORE_UNAVAILABLE',
    });
  });
});

describe('redis store visitor deletion', () => {
  it('leaves no key of the visitor, even for conversations missing from the visitor list', async () => {
    const prefix = `erase-${randomUUID()}:`;
    const store = createRedisConversationStore(redis, { keyPrefix: prefix });
    const keys = createRedisKeys(prefix);
    // A `*` in the id must not widen the index SCAN to another visitor.
    const visitorId = `v*${randomUUID()}`;
    const neighbour = await store.getOrCreateConversation({
      visitorId: `${visitorId}x`,
      animalId: 'bella',
      locale: 'en',
    });
    const listed = await store.getOrCreateConversation({
      visitorId,
      animalId: 'leo',
      locale: 'en',
    });
    const legacy = await store.getOrCreateConversation({
      visitorId,
      animalId: 'bella',
      locale: 'en',
    });
    await store.appendMessage(legacy.id, assistantMessage(1));
    await store.toggleReaction({
      conversationId: legacy.id,
      messageId: 'a1',
      visitorId,
      emoji: '👍',
    });
    // As stored before visitor lists existed: only the index knows the conversation.
    await redis.zrem(keys.visitorConversations(visitorId), legacy.id);
    await redis.hdel(keys.conversation(legacy.id), 'listKey');

    expect(await store.deleteVisitor(visitorId)).toEqual([legacy.id, listed.id].sort());
    const left = await redis.keys(`${prefix}*`);
    const encoded = encodeURIComponent(visitorId);
    expect(left.some((key) => key.includes(`${encoded}:`) || key.endsWith(encoded))).toBe(false);
    expect(left.some((key) => key.includes(legacy.id) || key.includes(listed.id))).toBe(false);
    expect(await store.getConversation(neighbour.id)).not.toBeNull();
  });
});
