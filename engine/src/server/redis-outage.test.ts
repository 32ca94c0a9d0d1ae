import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ErrorAck, JoinAck, SendAck } from '../protocol/events.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import type { RunningServer } from './start-server.ts';

let redis: TestRedisServer;
let server: RunningServer;

beforeAll(async () => {
  // Persisted, so the conversation joined before the outage still exists after the restart.
  redis = await startRedisServer({ persist: true });
  server = await startTestServer({
    model: createScriptedModel('Berries and honey, every single day.'),
    environment: { REDIS_URL: redis.url, RATE_LIMIT_CAPACITY: '50' },
  });
});
afterAll(async () => {
  await server.close();
  await redis.stop();
});

async function readiness() {
  const response = await fetch(`${server.url}/readyz`);
  return {
    status: response.status,
    body: (await response.json()) as { checks: { name: string; ok: boolean }[] },
  };
}

describe('Redis outage', () => {
  it('answers quickly with a temporary error while Redis is down and recovers by itself', async () => {
    const { socket } = await connectClient(server.url);
    const observer = observeReplies(socket);
    const join = (await request(socket, 'conversation:join', { animalId: 'bella' })) as JoinAck;
    const send = (id: string) =>
      request(socket, 'message:send', {
        conversationId: join.conversationId,
        clientMessageId: id,
        text: 'What do you eat?',
      });

    await redis.stop();
    const started = Date.now();
    const failed = (await send('during-outage')) as ErrorAck;
    // Not a speed goal: "does not hang" means well within the client's own ack timeout.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(failed).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_STORE_UNAVAILABLE',
      temporary: true,
    });
    const down = await readiness();
    expect(down.status).toBe(503);
    expect(down.body.checks).toContainEqual({ name: 'redis', ok: false });

    await redis.restart();
    await expect.poll(async () => (await readiness()).status, { timeout: 15_000 }).toBe(200);
    let sent: SendAck | ErrorAck = failed;
    for (let attempt = 0; attempt < 50 && !sent.ok; attempt += 1) {
      sent = (await send(`after-outage-${attempt}`)) as SendAck | ErrorAck;
      if (!sent.ok) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(sent).toMatchObject({ ok: true });
    const reply = await observer.waitFor((sent as SendAck).replyId);
    expect(reply.end?.text).toBe('Berries and honey, every single day.');
    socket.close();
  });
});
