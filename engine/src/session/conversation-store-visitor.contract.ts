/**
 * The part of the `ConversationStore` contract behind the visitor features: reactions and the
 * visitor's conversation list. Registered by `describeConversationStoreContract`.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { expect, it } from 'vitest';
import type { ConversationMessage, ReactionEmoji } from '../protocol/events.ts';
import type { ConversationStore, ConversationStoreOptions } from './conversation-store.ts';

type Open = (options?: Partial<ConversationStoreOptions>) => Promise<ConversationStore>;

/**
 * An assistant message with a predictable id, unicode text and a citation.
 *
 * @example
 * ```ts
 * await store.appendMessage(conversation.id, assistantMessage(1)); // id 'a1'
 * ```
 */
export function assistantMessage(index: number): ConversationMessage {
  return {
    id: `a${index}`,
    role: 'assistant',
    text: `Sniff! 🐻 "answer" ${index} \\ 你好`,
    createdAt: new Date(Date.UTC(2025, 0, 1, 0, 1, index)).toISOString(),
    status: 'complete',
    replyId: `r${index}`,
    citations: [{ cardId: 'card-1', title: 'Food', text: 'Bears eat berries {and} fish.' }],
  };
}

// Lets the wall clock move on, so two writes never share an `updatedAt` millisecond.
const nextMillisecond = () => new Promise((resolve) => setTimeout(resolve, 3));

/**
 * Registers the reaction and conversation-list contract tests.
 *
 * @example
 * ```ts
 * describeVisitorContract(open);
 * ```
 */
export function describeVisitorContract(open: Open): void {
  describeReactionToggles(open);
  describeReactionRules(open);
  describeConversationList(open);
}

async function conversationWithReply(store: ConversationStore) {
  const conversation = await store.getOrCreateConversation({
    visitorId: randomUUID(),
    animalId: 'bella',
    locale: 'en',
  });
  await store.appendMessage(conversation.id, {
    id: 'u1',
    role: 'user',
    text: 'hello',
    createdAt: new Date().toISOString(),
  });
  await store.appendMessage(conversation.id, assistantMessage(1));
  return conversation;
}

function describeReactionToggles(open: Open): void {
  it('toggles one reaction per visitor, message and emoji, keeping counts on the message', async () => {
    const store = await open();
    const { id } = await conversationWithReply(store);
    const toggle = (visitorId: string, emoji: ReactionEmoji) =>
      store.toggleReaction({ conversationId: id, messageId: 'a1', visitorId, emoji });
    expect(await toggle('v1', '👍')).toEqual({ reactions: { '👍': 1 }, reacted: true });
    expect(await toggle('v2', '👍')).toEqual({ reactions: { '👍': 2 }, reacted: true });
    expect(await toggle('v1', '❤️')).toEqual({ reactions: { '👍': 2, '❤️': 1 }, reacted: true });
    expect(await toggle('v1', '👍')).toEqual({ reactions: { '👍': 1, '❤️': 1 }, reacted: false });
    const [, reply] = await store.listMessages(id);
    expect(reply).toEqual({ ...assistantMessage(1), reactions: { '👍': 1, '❤️': 1 } });
    await toggle('v2', '👍');
    expect(await toggle('v1', '❤️')).toEqual({ reactions: {}, reacted: false });
    expect((await store.listMessages(id))[1]).toEqual(assistantMessage(1));
  });

  it('counts every one of many concurrent reactions exactly once', async () => {
    const store = await open();
    const { id } = await conversationWithReply(store);
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        store.toggleReaction({
          conversationId: id,
          messageId: 'a1',
          visitorId: `v${index}`,
          emoji: '🐾',
        }),
      ),
    );
    expect(results.every((result) => result.reacted)).toBe(true);
    expect((await store.listMessages(id))[1]?.reactions).toEqual({ '🐾': 12 });
  });

  it('ignores reactions passed to appendMessage', async () => {
    const store = await open();
    const { id } = await conversationWithReply(store);
    await store.appendMessage(id, { ...assistantMessage(2), reactions: { '⭐': 99 } });
    expect((await store.listMessages(id)).at(-1)).toEqual(assistantMessage(2));
    const result = await store.toggleReaction({
      conversationId: id,
      messageId: 'a2',
      visitorId: 'v1',
      emoji: '⭐',
    });
    expect(result.reactions).toEqual({ '⭐': 1 });
  });
}

function describeReactionRules(open: Open): void {
  it('refuses user messages, unknown messages and unknown conversations', async () => {
    const store = await open();
    const { id } = await conversationWithReply(store);
    const react = (conversationId: string, messageId: string) =>
      store.toggleReaction({ conversationId, messageId, visitorId: 'v1', emoji: '😂' });
    await expect(react(id, 'u1')).rejects.toMatchObject({ code: 'CMZ_ERR_REACTION_NOT_ALLOWED' });
    await expect(react(id, 'missing')).rejects.toMatchObject({
      code: 'CMZ_ERR_SESSION_MESSAGE_NOT_FOUND',
    });
    await expect(react('c_unknown', 'a1')).rejects.toMatchObject({
      code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND',
    });
    expect((await store.listMessages(id))[0]?.reactions).toBeUndefined();
  });

  it('forgets reactions of messages dropped past maxMessages', async () => {
    const store = await open({ maxMessages: 2 });
    const { id } = await conversationWithReply(store);
    const toggle = { conversationId: id, messageId: 'a1', visitorId: 'v1', emoji: '😮' } as const;
    await store.toggleReaction(toggle);
    await store.appendMessage(id, assistantMessage(2));
    await store.appendMessage(id, assistantMessage(3));
    await expect(store.toggleReaction(toggle)).rejects.toMatchObject({
      code: 'CMZ_ERR_SESSION_MESSAGE_NOT_FOUND',
    });
  });
}

function describeConversationList(open: Open): void {
  it("lists only the visitor's conversations, newest first", async () => {
    const store = await open();
    const visitorId = randomUUID();
    const start = (animalId: string) =>
      store.getOrCreateConversation({ visitorId, animalId, locale: 'en' });
    const bella = await start('bella');
    await nextMillisecond();
    const rio = await start('rio');
    await nextMillisecond();
    const leo = await start('leo');
    await store.getOrCreateConversation({
      visitorId: randomUUID(),
      animalId: 'bella',
      locale: 'en',
    });
    const ids = async () => (await store.listConversations(visitorId)).map(({ id }) => id);
    expect(await ids()).toEqual([leo.id, rio.id, bella.id]);
    await nextMillisecond();
    await store.appendMessage(bella.id, assistantMessage(1));
    await nextMillisecond();
    await store.setLocale(rio.id, 'es');
    expect(await ids()).toEqual([rio.id, bella.id, leo.id]);
    const listed = await store.listConversations(visitorId);
    expect(listed[1]).toEqual(await store.getConversation(bella.id));
  });

  it('leaves deleted conversations out and lists nothing for an unknown visitor', async () => {
    const store = await open();
    const visitorId = randomUUID();
    const bella = await store.getOrCreateConversation({
      visitorId,
      animalId: 'bella',
      locale: 'en',
    });
    const rio = await store.getOrCreateConversation({ visitorId, animalId: 'rio', locale: 'en' });
    await store.deleteConversation(bella.id);
    expect((await store.listConversations(visitorId)).map(({ id }) => id)).toEqual([rio.id]);
    await store.deleteConversation(rio.id);
    expect(await store.listConversations(visitorId)).toEqual([]);
    expect(await store.listConversations(randomUUID())).toEqual([]);
  });

  it('does not move a conversation up the list for a reaction', async () => {
    const store = await open();
    const older = await conversationWithReply(store);
    const { visitorId } = older;
    await nextMillisecond();
    const newer = await store.getOrCreateConversation({ visitorId, animalId: 'rio', locale: 'en' });
    await nextMillisecond();
    await store.toggleReaction({
      conversationId: older.id,
      messageId: 'a1',
      visitorId,
      emoji: '⭐',
    });
    expect((await store.listConversations(visitorId)).map(({ id }) => id)).toEqual([
      newer.id,
      older.id,
    ]);
  });
}
