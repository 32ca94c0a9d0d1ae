import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReactionUpdateEvent } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { chatOnce, createVisitorSockets, joinAnimal, nextEvent } from './visitor-test-kit.ts';

let server: RunningServer;
const visitors = createVisitorSockets(() => server.url);

beforeAll(async () => {
  server = await startTestServer({
    model: createScriptedModel('Sniff sniff! I love berries.'),
    environment: { RATE_LIMIT_CAPACITY: '100' },
  });
});
afterAll(async () => {
  visitors.closeAll();
  await server.close();
});

async function visitorWithReply() {
  const { socket, session } = await visitors.connect();
  const join = await joinAnimal(socket);
  const reply = await chatOnce(socket, join.conversationId, 'What do you eat?');
  return { socket, session, conversationId: join.conversationId, reply };
}

describe('reaction:add', () => {
  it('toggles a reaction and tells every socket of the conversation', async () => {
    const first = await visitorWithReply();
    const second = await visitors.connect(first.session.guestToken);
    await request(second.socket, 'conversation:join', { conversationId: first.conversationId });
    const payload = { conversationId: first.conversationId, messageId: first.reply.id };
    const updates = Promise.all([
      nextEvent(first.socket, 'reaction:update'),
      nextEvent(second.socket, 'reaction:update'),
    ]);
    expect(await request(first.socket, 'reaction:add', { ...payload, emoji: '👍' })).toEqual({
      ok: true,
      ...payload,
      reactions: { '👍': 1 },
      reacted: true,
    });
    const expected: ReactionUpdateEvent = { ...payload, reactions: { '👍': 1 } };
    expect(await updates).toEqual([expected, expected]);
    const pawUpdate = nextEvent(second.socket, 'reaction:update');
    await request(first.socket, 'reaction:add', { ...payload, emoji: '🐾' });
    expect((await pawUpdate).reactions).toEqual({ '👍': 1, '🐾': 1 });
    const removal = nextEvent(second.socket, 'reaction:update');
    expect(await request(second.socket, 'reaction:add', { ...payload, emoji: '👍' })).toMatchObject(
      { ok: true, reactions: { '🐾': 1 }, reacted: false },
    );
    expect((await removal).reactions).toEqual({ '🐾': 1 });
    const rejoin = await joinAnimal(second.socket);
    const stored = rejoin.history.find((message) => message.id === first.reply.id);
    expect(stored?.reactions).toEqual({ '🐾': 1 });
  });

  it('accepts ❤ and ⭐ with or without the variation selector, storing one form', async () => {
    const { socket, conversationId, reply } = await visitorWithReply();
    const react = (emoji: string) =>
      request(socket, 'reaction:add', { conversationId, messageId: reply.id, emoji } as never);
    expect(await react('\u2764')).toMatchObject({ ok: true, reactions: { '❤️': 1 } });
    expect(await react('\u2764\uFE0F')).toMatchObject({ ok: true, reactions: {}, reacted: false });
    expect(await react('\u2B50\uFE0F')).toMatchObject({ ok: true, reactions: { '⭐': 1 } });
  });

  it.each(['🔫', 'thumbs up', '', '👍👍', 42])(
    'answers the emoji %j with CMZ_ERR_PROTOCOL_INVALID_PAYLOAD',
    async (emoji) => {
      const { socket, conversationId, reply } = await visitorWithReply();
      const ack = await request(socket, 'reaction:add', {
        conversationId,
        messageId: reply.id,
        emoji,
      } as never);
      expect(ack).toMatchObject({ ok: false, code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD' });
    },
  );

  it("refuses the visitor's own messages and unknown messages", async () => {
    const { socket, conversationId, reply } = await visitorWithReply();
    const join = await joinAnimal(socket);
    const own = join.history.find((message) => message.role === 'user');
    const react = (messageId: string) =>
      request(socket, 'reaction:add', { conversationId, messageId, emoji: '😂' });
    expect(await react(own?.id ?? '')).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_REACTION_NOT_ALLOWED',
    });
    expect(await react('m_unknown')).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_SESSION_MESSAGE_NOT_FOUND',
    });
    expect(reply.reactions).toBeUndefined();
  });

  it("does not let another visitor react to someone else's message", async () => {
    const owner = await visitorWithReply();
    const stranger = await visitors.connect();
    let updates = 0;
    owner.socket.on('reaction:update', () => (updates += 1));
    const ack = await request(stranger.socket, 'reaction:add', {
      conversationId: owner.conversationId,
      messageId: owner.reply.id,
      emoji: '😮',
    });
    expect(ack).toMatchObject({ ok: false, code: 'CMZ_ERR_SESSION_NOT_JOINED' });
    const join = await request(stranger.socket, 'conversation:join', {
      conversationId: owner.conversationId,
    });
    expect(join).toMatchObject({ ok: false, code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND' });
    const history = (await joinAnimal(owner.socket)).history;
    expect(history.find((message) => message.id === owner.reply.id)?.reactions).toBeUndefined();
    expect(updates).toBe(0);
  });
});
