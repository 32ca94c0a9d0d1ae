import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, SendAck } from '../protocol/events.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import type { RunningServer } from './start-server.ts';

let redis: TestRedisServer;
let messageCounter = 0;
const servers: RunningServer[] = [];

async function startEngine(
  model = createScriptedModel('I remember you! Berries are my favourite.'),
) {
  const server = await startTestServer({
    model,
    environment: { REDIS_URL: redis.url, RATE_LIMIT_CAPACITY: '50' },
  });
  servers.push(server);
  return { server, model };
}

async function chat(url: string, guestToken: string | undefined, text: string) {
  const { socket, session } = await connectClient(url, guestToken ? { guestToken } : {});
  const observer = observeReplies(socket);
  const join = (await request(socket, 'conversation:join', { animalId: 'bella' })) as JoinAck;
  const sent = (await request(socket, 'message:send', {
    conversationId: join.conversationId,
    clientMessageId: `m-${++messageCounter}`,
    text,
  })) as SendAck;
  expect(sent.ok).toBe(true);
  const reply = await observer.waitFor(sent.replyId);
  socket.close();
  return { session, join, reply };
}

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await redis.stop();
});

describe('conversation state in Redis', () => {
  it('continues with context when a visitor comes back on a new socket', async () => {
    const { server, model } = await startEngine();
    const first = await chat(server.url, undefined, 'My favourite colour is green');
    const second = await chat(server.url, first.session.guestToken, 'Do you remember my colour?');
    expect(second.join.conversationId).toBe(first.join.conversationId);
    expect(second.join.history.map((message) => message.text)).toContain(
      'My favourite colour is green',
    );
    const lastCall = model.calls.at(-1);
    const promptTexts = lastCall?.prompt.messages.map((message) => message.content) ?? [];
    expect(promptTexts).toContain('My favourite colour is green');
    expect(promptTexts.at(-1)).toBe('Do you remember my colour?');
  });

  it('keeps history across an engine restart', async () => {
    const before = await startEngine();
    const first = await chat(before.server.url, undefined, 'I visited you on my birthday');
    await before.server.close();
    const after = await startEngine();
    const second = await chat(after.server.url, first.session.guestToken, 'What did I tell you?');
    expect(second.join.conversationId).toBe(first.join.conversationId);
    expect(second.join.history.map((message) => message.text)).toEqual(
      expect.arrayContaining([
        'I visited you on my birthday',
        'I remember you! Berries are my favourite.',
      ]),
    );
    expect(after.model.calls[0]?.prompt.messages.map((message) => message.content)).toContain(
      'I visited you on my birthday',
    );
  });

  it('reports not-ready while Redis is down and ready again when it returns', async () => {
    const { server } = await startEngine();
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    await redis.stop();
    const down = await fetch(`${server.url}/readyz`);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ status: 'not-ready' });
    await redis.restart();
    let status = 0;
    for (let attempt = 0; attempt < 50 && status !== 200; attempt += 1) {
      status = (await fetch(`${server.url}/readyz`)).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
  });
});
