import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationListAck, SendAck } from '../protocol/events.ts';
import { createMemoryConversationStore } from '../session/memory-conversation-store.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { request } from '../testing/socket-client.ts';
import { createTestEngine, type TestEngine } from '../testing/test-engine.ts';
import { chatOnce, createVisitorSockets, joinAnimal, nextEvent } from './visitor-test-kit.ts';

const longAnswer = `Sniff sniff! ${'I love berries and fish 🐟 and honey. '.repeat(8)}`.trim();
// The injected clock makes `updatedAt` (the list order) and expiry deterministic.
let clockMs = Date.UTC(2025, 5, 1);
const ttlSeconds = 3_600;
const store = createMemoryConversationStore({ now: () => clockMs, ttlSeconds });
let testEngine: TestEngine;
let url = '';
const visitors = createVisitorSockets(() => url);

beforeAll(async () => {
  testEngine = await createTestEngine({
    store,
    // A few milliseconds per word, so a reply is still streaming when a test deletes it.
    model: createScriptedModel((call) => (call.question.includes('long') ? longAnswer : 'Hello!'), {
      delayMs: 5,
    }),
  });
  const httpServer = createServer();
  testEngine.engine.attach(httpServer);
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(httpServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  visitors.closeAll();
  await testEngine.close();
  await store.close();
});

const list = async (socket: Parameters<typeof joinAnimal>[0]) =>
  (await request(socket, 'conversation:list', {})) as ConversationListAck;

describe('conversation:list', () => {
  it("lists the visitor's conversations newest first, with animal, preview and count", async () => {
    const { socket } = await visitors.connect();
    const bella = await joinAnimal(socket, 'bella');
    await chatOnce(socket, bella.conversationId, 'Tell me something long');
    clockMs += 1_000;
    const charlie = await joinAnimal(socket, 'charlie');
    await request(socket, 'conversation:join', {
      conversationId: charlie.conversationId,
      locale: 'es',
    });
    clockMs += 1_000;
    const listed = await list(socket);
    expect(listed.ok).toBe(true);
    expect(listed.conversations.map((entry) => entry.conversationId)).toEqual([
      charlie.conversationId,
      bella.conversationId,
    ]);
    const [charlieEntry, bellaEntry] = listed.conversations;
    expect(charlieEntry).toEqual({
      conversationId: charlie.conversationId,
      animal: { ...charlie.animal, tagline: expect.any(String) },
      updatedAt: new Date(clockMs - 1_000).toISOString(),
      messageCount: 0,
    });
    expect(bellaEntry).toMatchObject({ animal: bella.animal, messageCount: 2 });
    expect(bellaEntry?.lastMessage?.role).toBe('assistant');
    expect(bellaEntry?.lastMessage?.text.length).toBeLessThanOrEqual(120);
    expect(bellaEntry?.lastMessage?.text).toMatch(/^Sniff sniff! I love berries.*…$/u);
    await chatOnce(socket, bella.conversationId, 'Hi again');
    const reordered = await list(socket);
    expect(reordered.conversations.map((entry) => entry.conversationId)).toEqual([
      bella.conversationId,
      charlie.conversationId,
    ]);
    expect(reordered.conversations[0]).toMatchObject({
      messageCount: 4,
      lastMessage: { role: 'assistant', text: 'Hello!' },
    });
  });

  it('accepts a missing payload and lists nothing for a new visitor', async () => {
    const { socket } = await visitors.connect();
    const ack = await new Promise((resolve) =>
      (socket.emit as (...values: unknown[]) => void)('conversation:list', resolve),
    );
    expect(ack).toEqual({ ok: true, conversations: [] });
  });

  it('leaves out expired conversations', async () => {
    const { socket } = await visitors.connect();
    const expiring = await joinAnimal(socket, 'bella');
    clockMs += (ttlSeconds - 10) * 1000;
    const kept = await joinAnimal(socket, 'charlie');
    clockMs += 20_000;
    const ids = (await list(socket)).conversations.map((entry) => entry.conversationId);
    expect(ids).toEqual([kept.conversationId]);
    expect(ids).not.toContain(expiring.conversationId);
  });
});

describe('conversation:delete', () => {
  it("deletes the owner's conversation and tells the visitor's other sockets", async () => {
    const first = await visitors.connect();
    const second = await visitors.connect(first.session.guestToken);
    const stranger = await visitors.connect();
    let strangerEvents = 0;
    stranger.socket.on('conversation:deleted', () => (strangerEvents += 1));
    const join = await joinAnimal(first.socket, 'bella');
    await chatOnce(first.socket, join.conversationId, 'Hello there');
    const deleted = nextEvent(second.socket, 'conversation:deleted');
    expect(
      await request(first.socket, 'conversation:delete', { conversationId: join.conversationId }),
    ).toEqual({ ok: true, conversationId: join.conversationId });
    expect(await deleted).toEqual({ conversationId: join.conversationId });
    expect((await list(second.socket)).conversations).toEqual([]);
    expect(
      await request(second.socket, 'conversation:join', { conversationId: join.conversationId }),
    ).toMatchObject({ ok: false, code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND' });
    const sent = (await request(first.socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: 'after-delete',
      text: 'Are you there?',
    })) as unknown as { ok: boolean };
    expect(sent.ok).toBe(false);
    const fresh = await joinAnimal(first.socket, 'bella');
    expect(fresh.conversationId).not.toBe(join.conversationId);
    expect(fresh.history).toEqual([]);
    await list(stranger.socket);
    expect(strangerEvents).toBe(0);
  });

  it("answers someone else's or an unknown conversation with not found and keeps it", async () => {
    const owner = await visitors.connect();
    const stranger = await visitors.connect();
    const join = await joinAnimal(owner.socket, 'leo');
    const notFound = { ok: false, code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND' };
    expect(
      await request(stranger.socket, 'conversation:delete', {
        conversationId: join.conversationId,
      }),
    ).toMatchObject(notFound);
    expect(
      await request(owner.socket, 'conversation:delete', { conversationId: 'c_unknown' }),
    ).toMatchObject(notFound);
    expect(await request(owner.socket, 'conversation:delete', {} as never)).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD',
    });
    const ids = (await list(owner.socket)).conversations.map((entry) => entry.conversationId);
    expect(ids).toEqual([join.conversationId]);
  });

  it('stops a reply still streaming into the deleted conversation', async () => {
    const { socket } = await visitors.connect();
    const join = await joinAnimal(socket, 'bella');
    const firstDelta = nextEvent(socket, 'reply:delta');
    const sent = (await request(socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: 'long-then-delete',
      text: 'Tell me something long',
    })) as SendAck;
    await firstDelta;
    const active = testEngine.engine.replies.active.get(sent.replyId);
    expect(active).toBeDefined();
    await request(socket, 'conversation:delete', { conversationId: join.conversationId });
    await active?.done;
    expect(active?.controller.signal.aborted).toBe(true);
    expect(await store.getConversation(join.conversationId)).toBeNull();
  });
});
