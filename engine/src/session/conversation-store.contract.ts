/**
 * The behaviour every `ConversationStore` must have, as a vitest suite that each implementation's
 * test file runs against its own store.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import type { ConversationMessage } from '../protocol/events.ts';
import type { ConversationStore, ConversationStoreOptions } from './conversation-store.ts';
import { describeVisitorContract } from './conversation-store-visitor.contract.ts';

/** Builds a fresh store with the given limits (defaults for the rest). */
export type MakeConversationStore = (
  options: Partial<ConversationStoreOptions>,
) => ConversationStore | Promise<ConversationStore>;

/**
 * A user message with a predictable id and text.
 *
 * @example
 * ```ts
 * await store.appendMessage(conversation.id, userMessage(1)); // id 'm1', text 'message 1'
 * ```
 */
export function userMessage(index: number): ConversationMessage {
  return {
    id: `m${index}`,
    role: 'user',
    text: `message ${index}`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 0, index)).toISOString(),
    clientMessageId: `client-${index}`,
  };
}

/**
 * Registers the shared contract tests for one store implementation.
 *
 * @example
 * ```ts
 * describeConversationStoreContract('memory store', (options) => createMemoryConversationStore(options));
 * ```
 */
export function describeConversationStoreContract(
  name: string,
  makeStore: MakeConversationStore,
): void {
  describe(`${name}: ConversationStore contract`, () => {
    const opened: ConversationStore[] = [];
    const open = async (options: Partial<ConversationStoreOptions> = {}) => {
      const store = await makeStore(options);
      opened.push(store);
      return store;
    };
    // Fresh ids per test keep tests independent on a shared Redis without flushing it.
    const startConversation = async (store: ConversationStore) =>
      store.getOrCreateConversation({ visitorId: randomUUID(), animalId: 'bella', locale: 'en' });

    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    describeJoining(open);
    describeLookupsAndLocale(open);
    describeHistory(open, startConversation);
    describeHistoryLimits(open, startConversation);
    describeClaims(open, startConversation);
    describeClaimScope(open, startConversation);
    describeDeletion(open, startConversation);
    describeVisitorContract(open);
  });
}

type Open = (options?: Partial<ConversationStoreOptions>) => Promise<ConversationStore>;
type StartConversation = (
  store: ConversationStore,
) => ReturnType<ConversationStore['getOrCreateConversation']>;

function describeJoining(open: Open): void {
  it('creates one conversation per visitor and animal', async () => {
    const store = await open();
    const visitorId = randomUUID();
    const first = await store.getOrCreateConversation({
      visitorId,
      animalId: 'bella',
      locale: 'es',
    });
    const again = await store.getOrCreateConversation({
      visitorId,
      animalId: 'bella',
      locale: 'en',
    });
    const otherAnimal = await store.getOrCreateConversation({
      visitorId,
      animalId: 'rio',
      locale: 'en',
    });
    const otherVisitor = await store.getOrCreateConversation({
      visitorId: randomUUID(),
      animalId: 'bella',
      locale: 'en',
    });
    expect(first.id).toMatch(/^c_[A-Za-z0-9_-]{16,}$/);
    expect(first).toMatchObject({ visitorId, animalId: 'bella', locale: 'es' });
    expect(first.updatedAt).toBe(first.createdAt);
    expect(again).toEqual(first);
    expect(new Set([first.id, otherAnimal.id, otherVisitor.id]).size).toBe(3);
    expect(await store.getConversation(first.id)).toEqual(first);
  });

  it('keeps visitor and animal ids apart even when they contain separators', async () => {
    const store = await open();
    const left = await store.getOrCreateConversation({
      visitorId: 'a:b',
      animalId: 'c',
      locale: 'en',
    });
    const right = await store.getOrCreateConversation({
      visitorId: 'a',
      animalId: 'b:c',
      locale: 'en',
    });
    expect(left.id).not.toBe(right.id);
    await Promise.all([store.deleteConversation(left.id), store.deleteConversation(right.id)]);
  });

  it('gives concurrent first joins the same conversation', async () => {
    const store = await open();
    const input = { visitorId: randomUUID(), animalId: 'bella', locale: 'en' } as const;
    const conversations = await Promise.all(
      Array.from({ length: 10 }, () => store.getOrCreateConversation(input)),
    );
    expect(new Set(conversations.map((conversation) => conversation.id)).size).toBe(1);
  });
}

function describeLookupsAndLocale(open: Open): void {
  it('returns null for an unknown conversation', async () => {
    const store = await open();
    expect(await store.getConversation('c_unknown')).toBeNull();
    expect(await store.listMessages('c_unknown')).toEqual([]);
    expect(await store.findClientMessage('c_unknown', 'client-1')).toBeNull();
  });

  it('changes the locale', async () => {
    const store = await open();
    const visitorId = randomUUID();
    const created = await store.getOrCreateConversation({
      visitorId,
      animalId: 'rio',
      locale: 'en',
    });
    await store.setLocale(created.id, 'zh');
    const updated = await store.getConversation(created.id);
    expect(updated?.locale).toBe('zh');
    expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(created.createdAt),
    );
    const joined = await store.getOrCreateConversation({
      visitorId,
      animalId: 'rio',
      locale: 'en',
    });
    expect(joined.locale).toBe('zh');
  });

  it('rejects writes to an unknown conversation', async () => {
    const store = await open();
    const notFound = { code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND' };
    await expect(store.setLocale('c_unknown', 'es')).rejects.toMatchObject(notFound);
    await expect(store.appendMessage('c_unknown', userMessage(1))).rejects.toMatchObject(notFound);
    await expect(
      store.claimClientMessage('c_unknown', 'client-1', { messageId: 'm1', replyId: 'r1' }),
    ).rejects.toMatchObject(notFound);
    expect(await store.listMessages('c_unknown')).toEqual([]);
  });

  it('answers ping', async () => {
    const store = await open();
    await expect(store.ping()).resolves.toBeUndefined();
  });
}

function describeHistory(open: Open, startConversation: StartConversation): void {
  it('lists appended messages oldest first, with every field kept', async () => {
    const store = await open();
    const conversation = await startConversation(store);
    const reply: ConversationMessage = {
      id: 'a1',
      role: 'assistant',
      text: 'Hola! 🐆 "quoted" \\ text',
      createdAt: new Date().toISOString(),
      status: 'complete',
      replyId: 'r1',
      citations: [{ cardId: 'card-1', title: 'Speed', text: 'Cheetahs are fast.' }],
    };
    await store.appendMessage(conversation.id, userMessage(1));
    await store.appendMessage(conversation.id, reply);
    await store.appendMessage(conversation.id, userMessage(2));
    expect(await store.listMessages(conversation.id)).toEqual([
      userMessage(1),
      reply,
      userMessage(2),
    ]);
  });
}

function describeHistoryLimits(open: Open, startConversation: StartConversation): void {
  it('keeps only the newest maxMessages', async () => {
    const store = await open({ maxMessages: 3 });
    const conversation = await startConversation(store);
    for (let index = 1; index <= 5; index++) {
      await store.appendMessage(conversation.id, userMessage(index));
    }
    const ids = (await store.listMessages(conversation.id)).map((message) => message.id);
    expect(ids).toEqual(['m3', 'm4', 'm5']);
  });

  it('returns the last N messages oldest first for a limit', async () => {
    const store = await open();
    const conversation = await startConversation(store);
    for (let index = 1; index <= 4; index++) {
      await store.appendMessage(conversation.id, userMessage(index));
    }
    const idsFor = async (limit: number) =>
      (await store.listMessages(conversation.id, limit)).map((message) => message.id);
    expect(await idsFor(2)).toEqual(['m3', 'm4']);
    expect(await idsFor(10)).toEqual(['m1', 'm2', 'm3', 'm4']);
    expect(await idsFor(0)).toEqual([]);
  });

  it('records the time of the last write', async () => {
    const store = await open();
    const conversation = await startConversation(store);
    await store.appendMessage(conversation.id, userMessage(1));
    const updated = await store.getConversation(conversation.id);
    expect(Date.parse(updated?.updatedAt ?? '')).toBeGreaterThanOrEqual(
      Date.parse(conversation.updatedAt),
    );
  });
}

function describeClaims(open: Open, startConversation: StartConversation): void {
  it('lets the first claim win and returns it to later ones', async () => {
    const store = await open();
    const conversation = await startConversation(store);
    expect(await store.findClientMessage(conversation.id, 'client-1')).toBeNull();
    const first = { messageId: 'm1', replyId: 'r1' };
    expect(await store.claimClientMessage(conversation.id, 'client-1', first)).toEqual({
      claimed: true,
    });
    const second = { messageId: 'm2', replyId: 'r2' };
    expect(await store.claimClientMessage(conversation.id, 'client-1', second)).toEqual({
      claimed: false,
      existing: first,
    });
    expect(await store.findClientMessage(conversation.id, 'client-1')).toEqual(first);
    expect(await store.findClientMessage(conversation.id, 'client-2')).toBeNull();
  });

  it('lets exactly one of many concurrent claims win', async () => {
    const store = await open();
    const conversation = await startConversation(store);
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, index) =>
        store.claimClientMessage(conversation.id, 'client-1', {
          messageId: `m${index}`,
          replyId: `r${index}`,
        }),
      ),
    );
    const winners = results.filter((result) => result.claimed);
    expect(winners).toHaveLength(1);
    const winner = await store.findClientMessage(conversation.id, 'client-1');
    for (const result of results) {
      if (!result.claimed) expect(result.existing).toEqual(winner);
    }
  });
}

function describeClaimScope(open: Open, startConversation: StartConversation): void {
  it('keeps claims per conversation', async () => {
    const store = await open();
    const first = await startConversation(store);
    const second = await startConversation(store);
    const value = { messageId: 'm1', replyId: 'r1' };
    expect(await store.claimClientMessage(first.id, 'client-1', value)).toEqual({ claimed: true });
    expect(await store.claimClientMessage(second.id, 'client-1', value)).toEqual({ claimed: true });
  });
}

function describeDeletion(open: Open, startConversation: StartConversation): void {
  it('deletes the conversation, its history, its claims and its visitor index', async () => {
    const store = await open();
    const conversation = await startConversation(store);
    await store.appendMessage(conversation.id, userMessage(1));
    await store.claimClientMessage(conversation.id, 'client-1', { messageId: 'm1', replyId: 'r1' });
    await store.deleteConversation(conversation.id);
    expect(await store.getConversation(conversation.id)).toBeNull();
    expect(await store.listMessages(conversation.id)).toEqual([]);
    expect(await store.findClientMessage(conversation.id, 'client-1')).toBeNull();
    const { visitorId, animalId } = conversation;
    const next = await store.getOrCreateConversation({ visitorId, animalId, locale: 'en' });
    expect(next.id).not.toBe(conversation.id);
    expect(await store.listMessages(next.id)).toEqual([]);
  });

  it('treats deleting an unknown conversation as done', async () => {
    const store = await open();
    await expect(store.deleteConversation('c_unknown')).resolves.toBeUndefined();
  });

  it('deletes every conversation of one visitor and nobody else’s', async () => {
    const store = await open();
    const visitorId = `erased-${Math.random()}`;
    const other = await store.getOrCreateConversation({
      visitorId: `${visitorId}-other`,
      animalId: 'bella',
      locale: 'en',
    });
    const created = await Promise.all(
      ['bella', 'leo'].map((animalId) =>
        store.getOrCreateConversation({ visitorId, animalId, locale: 'en' }),
      ),
    );
    for (const conversation of [...created, other]) {
      await store.appendMessage(conversation.id, userMessage(1));
      await store.claimClientMessage(conversation.id, 'c1', { messageId: 'm1', replyId: 'r1' });
    }
    const deleted = await store.deleteVisitor(visitorId);
    expect(deleted).toEqual(created.map((conversation) => conversation.id).sort());
    for (const conversation of created) {
      expect(await store.getConversation(conversation.id)).toBeNull();
      expect(await store.listMessages(conversation.id)).toEqual([]);
      expect(await store.findClientMessage(conversation.id, 'c1')).toBeNull();
    }
    expect(await store.listConversations(visitorId)).toEqual([]);
    expect(await store.listMessages(other.id)).toHaveLength(1);
    const again = await store.getOrCreateConversation({
      visitorId,
      animalId: 'bella',
      locale: 'en',
    });
    expect(created.map((conversation) => conversation.id)).not.toContain(again.id);
    expect(await store.deleteVisitor(`${visitorId}-never`)).toEqual([]);
  });
}
