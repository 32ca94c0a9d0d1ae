import { performance } from 'node:perf_hooks';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, ReplyDeltaEvent, SendAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { AssembledReply, present, replyText } from './cluster-test-kit.ts';

let redis: TestRedisServer;
let fake: FakeOpenAiServer;
let nodes: RunningServer[] = [];
const sockets: EngineClient[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  fake = await startFakeOpenAiServer({ tokensPerSecond: 25 });
  for (let index = 0; index < 3; index += 1) {
    nodes.push(
      await startTestServer({
        environment: {
          REDIS_URL: redis.url,
          OPENAI_API_KEY: 'sk-test',
          OPENAI_BASE_URL: fake.url,
          RATE_LIMIT_CAPACITY: '50',
          // Small, so a long disconnect is caught up with a snapshot rather than deltas.
          REPLY_JOURNAL_RECENT_DELTAS: '8',
        },
      }),
    );
  }
}, 60_000);

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
  fake.reset();
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  nodes = [];
  await fake.close();
  await redis.stop();
});

async function connect(node: RunningServer, guestToken?: string) {
  const client = await connectClient(node.url, guestToken ? { guestToken } : {});
  sockets.push(client.socket);
  return client;
}

/** Three sockets of one visitor, on nodes 1, 2 and 3, all in the same conversation. */
async function visitorOnEveryNode() {
  const first = await connect(present(nodes[0]));
  const token = first.session.guestToken;
  const clients = [
    first,
    await connect(present(nodes[1]), token),
    await connect(present(nodes[2]), token),
  ];
  const joined = (await request(first.socket, 'conversation:join', {
    animalId: 'bella',
  })) as JoinAck;
  for (const client of clients.slice(1)) {
    await request(client.socket, 'conversation:join', { conversationId: joined.conversationId });
  }
  return { clients, conversationId: joined.conversationId, token };
}

async function sendFrom(socket: EngineClient, conversationId: string): Promise<SendAck> {
  fake.enqueueReply(replyText);
  const ack = await request(socket, 'message:send', {
    conversationId,
    clientMessageId: `m-${Math.random().toString(36).slice(2)}`,
    text: 'Tell me about leaves',
  });
  expect(ack.ok).toBe(true);
  return ack as SendAck;
}

async function until(condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('three nodes sharing Redis', () => {
  it('delivers every delta of a reply generated on node 2 to sockets on nodes 1 and 3', async () => {
    const { clients, conversationId } = await visitorOnEveryNode();
    const observers = clients.map((client) => observeReplies(client.socket));
    const ack = await sendFrom(present(clients[1]).socket, conversationId);
    const replies = await Promise.all(observers.map((observer) => observer.waitFor(ack.replyId)));
    for (const reply of replies) {
      const assembled = new AssembledReply();
      for (const delta of reply.deltas) assembled.apply(delta);
      expect(assembled.duplicates).toBe(0);
      expect(assembled.text).toBe(reply.end?.text);
      expect(assembled.lastSeq).toBe(reply.end?.lastSeq);
    }
    expect(replies[0]?.end?.text.trim()).toBe(replyText);
  });

  it('shows a late joiner on another node the reply streaming on node 2', async () => {
    const { clients, conversationId, token } = await visitorOnEveryNode();
    const observer = observeReplies(present(clients[0]).socket);
    const ack = await sendFrom(present(clients[1]).socket, conversationId);
    await until(() => (observer.replies.get(ack.replyId)?.deltas.length ?? 0) >= 3);
    const late = await connect(present(nodes[2]), token);
    const joined = (await request(late.socket, 'conversation:join', {
      conversationId,
    })) as JoinAck;
    expect(joined.activeReply?.replyId).toBe(ack.replyId);
    expect(joined.activeReply?.seq).toBeGreaterThanOrEqual(1);
    expect(replyText.startsWith(joined.activeReply?.text.trim() ?? 'x')).toBe(true);
    await observer.waitFor(ack.replyId);
  });

  it.each([
    ['deltas', 0],
    ['a snapshot', 1_500],
  ])(
    'resumes on node 3 after a dropped connection on node 1 (catch-up by %s)',
    async (kind, awayMs) => {
      const { clients, conversationId, token } = await visitorOnEveryNode();
      const dropped = present(clients[0]).socket;
      const assembled = new AssembledReply();
      let replyId = '';
      dropped.on('reply:delta', (delta) => {
        if (delta.replyId === replyId) assembled.apply(delta);
      });
      const ack = await sendFrom(present(clients[1]).socket, conversationId);
      replyId = ack.replyId;
      await until(() => assembled.lastSeq >= 4);
      dropped.disconnect();
      if (awayMs > 0) await new Promise((resolve) => setTimeout(resolve, awayMs));
      const back = await connect(present(nodes[2]), token);
      // Live deltas may arrive before the ack (the socket joins the room first): held back.
      const live: ReplyDeltaEvent[] = [];
      back.socket.on('reply:delta', (delta) => live.push(delta));
      const observer = observeReplies(back.socket);
      const joined = (await request(back.socket, 'conversation:join', {
        conversationId,
        resume: { replyId, seq: assembled.lastSeq },
      })) as JoinAck;
      const resume = present(joined.resume);
      expect(resume.replyId).toBe(replyId);
      if (kind === 'a snapshot') expect(resume.snapshot).toBeDefined();
      else expect(resume.deltas).toBeDefined();
      assembled.resume(resume);
      const end = present((await observer.waitFor(replyId)).end);
      for (const delta of live) assembled.apply(delta);
      expect(assembled.lastSeq).toBe(end.lastSeq);
      expect(assembled.text).toBe(end.text);
      const history = (
        (await request(back.socket, 'conversation:join', { conversationId })) as JoinAck
      ).history;
      expect(history.at(-1)).toMatchObject({ role: 'assistant', replyId, text: end.text });
    },
  );

  it('answers a resume of a reply that already ended with its status and the missing deltas', async () => {
    const { clients, conversationId, token } = await visitorOnEveryNode();
    const observer = observeReplies(present(clients[1]).socket);
    const ack = await sendFrom(present(clients[1]).socket, conversationId);
    const end = present((await observer.waitFor(ack.replyId)).end);
    const back = await connect(present(nodes[0]), token);
    const joined = (await request(back.socket, 'conversation:join', {
      conversationId,
      resume: { replyId: ack.replyId, seq: end.lastSeq - 2 },
    })) as JoinAck;
    expect(joined.resume).toMatchObject({ status: 'complete', lastSeq: end.lastSeq });
    expect(joined.resume?.deltas?.map((delta) => delta.seq)).toEqual([
      end.lastSeq - 1,
      end.lastSeq,
    ]);
    expect(joined.activeReply).toBeUndefined();
    const unknown = (await request(back.socket, 'conversation:join', {
      conversationId,
      resume: { replyId: 'r_unknown', seq: 3 },
    })) as JoinAck;
    expect(unknown.resume).toEqual({ replyId: 'r_unknown', status: 'unknown', lastSeq: 0 });
  });

  it('stops a reply generated on node 2 when node 1 is asked, and the model sees the abort', async () => {
    const { clients, conversationId } = await visitorOnEveryNode();
    const observer = observeReplies(present(clients[0]).socket);
    const ack = await sendFrom(present(clients[1]).socket, conversationId);
    await until(() => (observer.replies.get(ack.replyId)?.deltas.length ?? 0) >= 3);
    const stranger = await connect(present(nodes[0]));
    expect(await request(stranger.socket, 'reply:abort', { replyId: ack.replyId })).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_SESSION_REPLY_NOT_FOUND',
    });
    const asked = performance.now();
    expect(
      await request(present(clients[0]).socket, 'reply:abort', { replyId: ack.replyId }),
    ).toEqual({
      ok: true,
      replyId: ack.replyId,
    });
    const reply = await observer.waitFor(ack.replyId);
    const elapsedMs = performance.now() - asked;
    expect(reply.end?.finishReason).toBe('aborted');
    expect(present(reply.end).text.trim().length).toBeLessThan(replyText.length);
    await until(() => fake.clientAborts >= 1);
    // A measurement for the record, not a goal: abort on node 1 → reply:end from node 2.
    console.info(`cross-node abort to reply:end: ${elapsedMs.toFixed(1)} ms`);
    const history = (
      (await request(present(clients[2]).socket, 'conversation:join', {
        conversationId,
      })) as JoinAck
    ).history;
    expect(history.at(-1)).toMatchObject({ replyId: ack.replyId, status: 'stopped' });
  });

  it('stops a reply streaming from node 2 when the conversation is deleted on node 1', async () => {
    const { clients, conversationId } = await visitorOnEveryNode();
    const observer = observeReplies(present(clients[1]).socket);
    const ack = await sendFrom(present(clients[1]).socket, conversationId);
    await until(() => (observer.replies.get(ack.replyId)?.deltas.length ?? 0) >= 3);
    const aborts = fake.clientAborts;
    expect(
      await request(present(clients[0]).socket, 'conversation:delete', { conversationId }),
    ).toEqual({ ok: true, conversationId });
    // The model call on node 2 is cut: the deleted conversation is not written to any more.
    await until(() => fake.clientAborts > aborts);
    const deltas = () => observer.replies.get(ack.replyId)?.deltas.length ?? 0;
    const afterAbort = deltas();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(deltas()).toBe(afterAbort);
    expect(deltas()).toBeLessThan(replyText.split(' ').length);
  });

  it('ends, on a surviving node, the reply of a node whose heartbeat expired', async () => {
    const { clients, conversationId } = await visitorOnEveryNode();
    const watchers = clients.map((client) => observeReplies(client.socket));
    const journal = present(nodes[0]).engine.replies.journal;
    const replyId = `r_dead_${Date.now()}`;
    const visitorId = present(clients[0]).session.visitorId;
    // A node that started a reply and then went silent (as after kill -9).
    await journal.heartbeat('n_gone', 50);
    await journal.start({ replyId, conversationId, visitorId, nodeId: 'n_gone' });
    await journal.append(replyId, { seq: 1, text: 'Half an ' });
    await journal.append(replyId, { seq: 2, text: 'answer' });
    const ended = await Promise.all(watchers.map((watcher) => watcher.waitFor(replyId)));
    for (const reply of ended) {
      expect(reply.error).toMatchObject({
        code: 'CMZ_ERR_REPLY_NODE_LOST',
        temporary: true,
        partialText: 'Half an answer',
      });
    }
    const history = (
      (await request(present(clients[2]).socket, 'conversation:join', {
        conversationId,
      })) as JoinAck
    ).history;
    expect(history.filter((message) => message.replyId === replyId)).toEqual([
      expect.objectContaining({ status: 'error', text: 'Half an answer' }),
    ]);
  });
});
