import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, ReplyErrorEvent, SendAck } from '../protocol/events.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { spawnEngineNode, type EngineNode } from '../testing/spawn-engine-node.ts';
import { present, replyText } from './cluster-test-kit.ts';

let redis: TestRedisServer;
let fake: FakeOpenAiServer;
const nodes: EngineNode[] = [];
const sockets: EngineClient[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  // Slow enough that the reply is still streaming when its node is killed.
  fake = await startFakeOpenAiServer({ tokensPerSecond: 10 });
  const environment = {
    REDIS_URL: redis.url,
    OPENAI_API_KEY: 'sk-test',
    OPENAI_BASE_URL: fake.url,
    RATE_LIMIT_CAPACITY: '50',
  };
  nodes.push(...(await Promise.all([0, 1, 2].map(() => spawnEngineNode({ environment })))));
}, 90_000);

afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const node of nodes) {
    node.kill('SIGKILL');
    await node.exited;
  }
  await fake.close();
  await redis.stop();
});

async function connect(node: EngineNode, guestToken?: string) {
  const client = await connectClient(node.url, guestToken ? { guestToken } : {});
  sockets.push(client.socket);
  return client;
}

describe('a node killed mid-reply', () => {
  it('ends the reply for every member within 10 s, keeps the message, and a retry works', async () => {
    const [first, second, third] = nodes as [EngineNode, EngineNode, EngineNode];
    const one = await connect(first);
    const token = one.session.guestToken;
    const two = await connect(second, token);
    const three = await connect(third, token);
    const { conversationId } = (await request(one.socket, 'conversation:join', {
      animalId: 'bella',
    })) as JoinAck;
    await request(two.socket, 'conversation:join', { conversationId });
    await request(three.socket, 'conversation:join', { conversationId });
    const watchers = [one, three].map((client) => observeReplies(client.socket));
    fake.enqueueReply(replyText);
    const sent = (await request(two.socket, 'message:send', {
      conversationId,
      clientMessageId: 'killed-1',
      text: 'Tell me about leaves',
    })) as SendAck;
    expect(sent.ok).toBe(true);
    const deadline = Date.now() + 10_000;
    while ((watchers[0]?.replies.get(sent.replyId)?.deltas.length ?? 0) < 3) {
      if (Date.now() > deadline) throw new Error('the reply did not start streaming');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }

    second.kill('SIGKILL');
    const killedAt = Date.now();
    await second.exited;
    const ended = await Promise.all(watchers.map((watcher) => watcher.waitFor(sent.replyId)));
    const elapsedMs = Date.now() - killedAt;
    expect(elapsedMs).toBeLessThan(10_000);
    console.info(`node killed → reply:error on the other nodes: ${elapsedMs} ms`);
    for (const reply of ended) {
      expect(reply.end).toBeUndefined();
      expect(reply.error).toMatchObject<Partial<ReplyErrorEvent>>({
        code: 'CMZ_ERR_REPLY_NODE_LOST',
        temporary: true,
      });
      expect(replyText.startsWith(present(reply.error).partialText.trim())).toBe(true);
    }

    // The socket of the dead node comes back on node 3 and resumes: the reply is over.
    const back = await connect(third, token);
    const rejoined = (await request(back.socket, 'conversation:join', {
      conversationId,
      resume: { replyId: sent.replyId, seq: 1 },
    })) as JoinAck;
    expect(rejoined.resume).toMatchObject({
      status: 'error',
      error: { code: 'CMZ_ERR_REPLY_NODE_LOST', temporary: true },
    });
    expect(rejoined.activeReply).toBeUndefined();
    const user = rejoined.history.find((message) => message.clientMessageId === 'killed-1');
    expect(user).toMatchObject({ role: 'user', id: sent.messageId });
    const partial = rejoined.history.find((message) => message.replyId === sent.replyId);
    if (present(present(ended[0]).error).partialText.length > 0) {
      expect(partial).toMatchObject({
        status: 'error',
        text: present(present(ended[0]).error).partialText,
      });
    }

    // "Try again" on a surviving node: the web app sends the same text as a new message.
    fake.enqueueReply('Leaves are tasty.');
    const retryWatcher = observeReplies(one.socket);
    const retried = (await request(one.socket, 'message:send', {
      conversationId,
      clientMessageId: 'killed-1-retry',
      text: 'Tell me about leaves',
    })) as SendAck;
    expect(retried.ok).toBe(true);
    const retry = await retryWatcher.waitFor(retried.replyId);
    expect(retry.end?.text).toBe('Leaves are tasty.');
  }, 60_000);
});
