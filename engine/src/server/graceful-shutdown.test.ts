import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, ReplyDeltaEvent, SendAck, ServerDrainingEvent } from '../protocol/events.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { spawnEngineNode, type EngineNode } from '../testing/spawn-engine-node.ts';
import { startTestServer } from '../testing/start-test-server.ts';

let redis: TestRedisServer;
const nodes: EngineNode[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const node of nodes) node.kill('SIGKILL');
  await redis.stop();
});

async function startSlowNode(deadlineMs: number, wordsPerSecond: number): Promise<EngineNode> {
  const node = await spawnEngineNode({
    environment: {
      REDIS_URL: redis.url,
      SHUTDOWN_DEADLINE_MS: String(deadlineMs),
      OFFLINE_WORDS_PER_SECOND: String(wordsPerSecond),
    },
  });
  nodes.push(node);
  return node;
}

/** Connects, joins, sends, and resolves once the first delta of the reply arrived. */
async function startSlowReply(node: EngineNode) {
  const { socket, session } = await connectClient(node.url);
  const drainingEvents: ServerDrainingEvent[] = [];
  socket.on('server:draining', (event) => drainingEvents.push(event));
  const observer = observeReplies(socket);
  const join = (await request(socket, 'conversation:join', { animalId: 'bella' })) as JoinAck;
  const firstDelta = new Promise<ReplyDeltaEvent>((resolve) => socket.once('reply:delta', resolve));
  const sent = (await request(socket, 'message:send', {
    conversationId: join.conversationId,
    clientMessageId: `shutdown-${Date.now()}`,
    text: 'What do you like to eat?',
  })) as SendAck;
  expect(sent.ok).toBe(true);
  await firstDelta;
  return { socket, session, join, sent, observer, drainingEvents };
}

describe('graceful shutdown (SIGTERM)', () => {
  it('refuses new work, lets the reply in flight finish, then exits 0', async () => {
    const node = await startSlowNode(30_000, 8);
    const client = await startSlowReply(node);
    node.kill('SIGTERM');

    const reply = await client.observer.waitFor(client.sent.replyId);
    expect(reply.error).toBeUndefined();
    expect(reply.end?.finishReason).not.toBe('aborted');
    expect(reply.deltas.map((delta) => delta.text).join('')).toBe(reply.end?.text);
    expect(client.drainingEvents).toHaveLength(1);
    expect(client.drainingEvents[0]?.reconnectInMs).toBeGreaterThanOrEqual(0);

    const exited = await node.exited;
    expect(exited).toEqual({ code: 0, signal: null });
    client.socket.close();
  });

  it('answers /readyz 503 draining and refuses new connections while draining', async () => {
    const node = await startSlowNode(30_000, 8);
    const client = await startSlowReply(node);
    node.kill('SIGTERM');
    // The drain has begun once this socket was told.
    await expect.poll(() => client.drainingEvents.length, { timeout: 10_000 }).toBe(1);

    const readiness = await fetch(`${node.url}/readyz`);
    expect(readiness.status).toBe(503);
    expect(await readiness.json()).toMatchObject({ status: 'draining' });
    const other = await fetch(`${node.url}/engine/animals`);
    expect(other.status).toBe(503);
    expect(await other.json()).toMatchObject({ code: 'CMZ_ERR_ENGINE_SHUTTING_DOWN' });
    await expect(connectClient(node.url)).rejects.toThrow();

    await client.observer.waitFor(client.sent.replyId);
    expect((await node.exited).code).toBe(0);
    client.socket.close();
  });

  it('ends a reply still running at the deadline with a temporary error and keeps it as stopped', async () => {
    const node = await startSlowNode(300, 2);
    const client = await startSlowReply(node);
    node.kill('SIGTERM');

    const reply = await client.observer.waitFor(client.sent.replyId);
    expect(reply.error).toMatchObject({
      code: 'CMZ_ERR_ENGINE_SHUTTING_DOWN',
      temporary: true,
    });
    expect(reply.error?.partialText.length).toBeGreaterThan(0);
    expect((await node.exited).code).toBe(0);
    client.socket.close();

    // Another node sharing the store sees the partial reply, marked as stopped.
    const survivor = await startTestServer({ environment: { REDIS_URL: redis.url } });
    try {
      const again = await connectClient(survivor.url, { guestToken: client.session.guestToken });
      const join = (await request(again.socket, 'conversation:join', {
        conversationId: client.join.conversationId,
      })) as JoinAck;
      const stored = join.history.find((message) => message.replyId === client.sent.replyId);
      expect(stored).toMatchObject({ status: 'stopped', text: reply.error?.partialText });
      again.socket.close();
    } finally {
      await survivor.close();
    }
  });
});
