import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationListAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { chatOnce, createVisitorSockets, joinAnimal, nextEvent } from './visitor-test-kit.ts';

// Two engine nodes on one Redis: a visitor's sockets on different nodes still see each other's
// reactions and deletions (the Socket.IO Redis adapter carries the room events).
let redis: TestRedisServer;
const nodes: RunningServer[] = [];
const onNode = (index: number) => createVisitorSockets(() => nodes[index]?.url ?? '');
const nodeA = onNode(0);
const nodeB = onNode(1);

beforeAll(async () => {
  redis = await startRedisServer();
  for (let index = 0; index < 2; index++) {
    nodes.push(
      await startTestServer({
        model: createScriptedModel('Roar! Hello there.'),
        environment: { REDIS_URL: redis.url, RATE_LIMIT_CAPACITY: '100' },
      }),
    );
  }
});
afterAll(async () => {
  nodeA.closeAll();
  nodeB.closeAll();
  for (const node of nodes) await node.close();
  await redis.stop();
});

describe('visitor events across two nodes on Redis', () => {
  it('reacts, lists and deletes with the sockets of one visitor on different nodes', async () => {
    const first = await nodeA.connect();
    const second = await nodeB.connect(first.session.guestToken);
    const join = await joinAnimal(first.socket, 'leo');
    const reply = await chatOnce(first.socket, join.conversationId, 'Hello lion');
    await request(second.socket, 'conversation:join', { conversationId: join.conversationId });

    const update = nextEvent(second.socket, 'reaction:update');
    const reacted = await request(first.socket, 'reaction:add', {
      conversationId: join.conversationId,
      messageId: reply.id,
      emoji: '⭐',
    });
    expect(reacted).toMatchObject({ ok: true, reactions: { '⭐': 1 }, reacted: true });
    expect(await update).toEqual({
      conversationId: join.conversationId,
      messageId: reply.id,
      reactions: { '⭐': 1 },
    });

    const listed = (await request(second.socket, 'conversation:list', {})) as ConversationListAck;
    expect(listed.conversations).toEqual([
      expect.objectContaining({
        conversationId: join.conversationId,
        messageCount: 2,
        lastMessage: { role: 'assistant', text: 'Roar! Hello there.' },
      }),
    ]);

    const deleted = nextEvent(second.socket, 'conversation:deleted');
    await request(first.socket, 'conversation:delete', { conversationId: join.conversationId });
    expect(await deleted).toEqual({ conversationId: join.conversationId });
    const after = (await request(second.socket, 'conversation:list', {})) as ConversationListAck;
    expect(after.conversations).toEqual([]);
  });
});
