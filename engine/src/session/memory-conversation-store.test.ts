import { afterEach, describe, expect, it, vi } from 'vitest';
import { describeConversationStoreContract, userMessage } from './conversation-store.contract.ts';
import type { ConversationStore } from './conversation-store.ts';
import {
  createMemoryConversationStore,
  type MemoryConversationStoreOptions,
} from './memory-conversation-store.ts';

describeConversationStoreContract('memory store', (options) =>
  createMemoryConversationStore(options),
);

describe('memory store expiry', () => {
  let clockMs = Date.UTC(2025, 5, 1);
  const stores: ConversationStore[] = [];
  const open = (options: MemoryConversationStoreOptions = {}) => {
    const store = createMemoryConversationStore({ now: () => clockMs, ...options });
    stores.push(store);
    return store;
  };
  const visitor = { visitorId: 'visitor-1', animalId: 'bella', locale: 'en' } as const;

  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('uses the injected clock for timestamps', async () => {
    const store = open();
    const conversation = await store.getOrCreateConversation(visitor);
    expect(conversation.createdAt).toBe(new Date(clockMs).toISOString());
  });

  it('expires a conversation ttlSeconds after its last write', async () => {
    const store = open({ ttlSeconds: 60 });
    const conversation = await store.getOrCreateConversation(visitor);
    clockMs += 50_000;
    await store.appendMessage(conversation.id, userMessage(1));
    clockMs += 50_000;
    // 100 s after creation but only 50 s after the last write: still alive.
    expect(await store.listMessages(conversation.id)).toHaveLength(1);
    clockMs += 10_000;
    expect(await store.getConversation(conversation.id)).toBeNull();
    expect(await store.listMessages(conversation.id)).toEqual([]);
    const next = await store.getOrCreateConversation(visitor);
    expect(next.id).not.toBe(conversation.id);
  });

  it('leaves expired conversations out of the visitor list', async () => {
    const store = open({ ttlSeconds: 60 });
    const expiring = await store.getOrCreateConversation(visitor);
    clockMs += 1_000;
    const kept = await store.getOrCreateConversation({ ...visitor, animalId: 'rio' });
    expect((await store.listConversations(visitor.visitorId)).map(({ id }) => id)).toEqual([
      kept.id,
      expiring.id,
    ]);
    clockMs += 59_500;
    expect(await store.listConversations(visitor.visitorId)).toEqual([
      await store.getConversation(kept.id),
    ]);
    clockMs += 1_000;
    expect(await store.listConversations(visitor.visitorId)).toEqual([]);
  });

  it('refreshes the expiry when the visitor joins again', async () => {
    const store = open({ ttlSeconds: 60 });
    const conversation = await store.getOrCreateConversation(visitor);
    clockMs += 50_000;
    await store.getOrCreateConversation(visitor);
    clockMs += 50_000;
    expect(await store.getConversation(conversation.id)).not.toBeNull();
  });

  it('forgets a claim after claimTtlSeconds', async () => {
    const store = open({ claimTtlSeconds: 10 });
    const conversation = await store.getOrCreateConversation(visitor);
    const value = { messageId: 'm1', replyId: 'r1' };
    await store.claimClientMessage(conversation.id, 'client-1', value);
    clockMs += 9_000;
    expect(await store.findClientMessage(conversation.id, 'client-1')).toEqual(value);
    clockMs += 1_000;
    expect(await store.findClientMessage(conversation.id, 'client-1')).toBeNull();
    const again = { messageId: 'm2', replyId: 'r2' };
    expect(await store.claimClientMessage(conversation.id, 'client-1', again)).toEqual({
      claimed: true,
    });
  });

  it('sweeps expired conversations and claims out of memory', async () => {
    vi.useFakeTimers();
    const store = open({ ttlSeconds: 60, claimTtlSeconds: 10, sweepIntervalMs: 1_000 });
    const startMs = clockMs;
    const expiring = await store.getOrCreateConversation(visitor);
    const kept = await store.getOrCreateConversation({ ...visitor, animalId: 'rio' });
    await store.claimClientMessage(kept.id, 'client-1', { messageId: 'm1', replyId: 'r1' });
    clockMs = startMs + 30_000;
    await store.appendMessage(kept.id, userMessage(1));
    clockMs = startMs + 61_000;
    vi.advanceTimersByTime(1_000);
    // Turning the clock back shows what the sweep removed: lazy expiry alone would find both.
    clockMs = startMs;
    expect(await store.getConversation(expiring.id)).toBeNull();
    expect(await store.getConversation(kept.id)).not.toBeNull();
    expect(await store.findClientMessage(kept.id, 'client-1')).toBeNull();
  });

  it('stores copies, so callers cannot change stored data', async () => {
    const store = open();
    const conversation = await store.getOrCreateConversation(visitor);
    const message = userMessage(1);
    await store.appendMessage(conversation.id, message);
    message.text = 'changed';
    const [listed] = await store.listMessages(conversation.id);
    expect(listed?.text).toBe('message 1');
    conversation.locale = 'zh';
    expect((await store.getConversation(conversation.id))?.locale).toBe('en');
  });

  it('rejects invalid limits', () => {
    expect(() => open({ maxMessages: 0 })).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_CONFIG_INVALID' }),
    );
    expect(() => open({ ttlSeconds: 1.5 })).toThrow(/ttlSeconds/);
  });
});
