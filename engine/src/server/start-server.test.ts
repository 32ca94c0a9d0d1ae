import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, SendAck } from '../protocol/events.ts';
import { createLogger } from '../telemetry/logger.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import type { RunningServer } from './start-server.ts';

const logLines: string[] = [];
const destination = new Writable({
  write(chunk, _encoding, callback) {
    logLines.push(...String(chunk).split('\n').filter(Boolean));
    callback();
  },
});
let server: RunningServer;

beforeAll(async () => {
  // The real product path: offline responder, in-memory stores, no keys.
  server = await startTestServer({ logger: createLogger({ level: 'info', destination }) });
});
afterAll(async () => {
  await server.close();
});

describe('the product server on embedded defaults', () => {
  it('answers liveness and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });

  it('lists at least six active animals with localized taglines', async () => {
    const { animals } = (await (await fetch(`${server.url}/engine/animals?locale=es`)).json()) as {
      animals: { id: string; tagline: string }[];
    };
    expect(animals.length).toBeGreaterThanOrEqual(6);
    expect(animals.map((animal) => animal.id)).toEqual(
      expect.arrayContaining(['leo', 'charlie', 'bella', 'pokey']),
    );
    const fallback = (await (await fetch(`${server.url}/engine/animals?locale=xx`)).json()) as {
      animals: unknown[];
    };
    expect(fallback.animals.length).toBe(animals.length);
  });

  it('serves the minimal chat page and the Socket.IO client', async () => {
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('Talk with the animals');
    expect((await fetch(`${server.url}/socket.io/socket.io.min.js`)).status).toBe(200);
    expect((await fetch(`${server.url}/chat.js`)).status).toBe(200);
  });

  it('answers a child with the offline responder, citing fact cards, and logs no message text', async () => {
    const { socket, session } = await connectClient(server.url);
    const observer = observeReplies(socket);
    const join = (await request(socket, 'conversation:join', {
      animalId: 'bella',
      locale: 'en',
    })) as JoinAck;
    const secret = 'What do you eat, my name is Zebulon-Quartz?';
    const sent = (await request(socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: 'offline-1',
      text: secret,
    })) as SendAck;
    const reply = await observer.waitFor(sent.replyId);
    socket.close();
    expect(reply.end?.citations.length).toBeGreaterThan(0);
    expect(reply.end?.citations.some((citation) => citation.cardId.includes('diet'))).toBe(true);
    const replyLine = logLines
      .map((line) => JSON.parse(line))
      .find((line) => line.operation === 'reply');
    expect(replyLine).toMatchObject({
      status: 'ok',
      conversationId: join.conversationId,
      replyId: sent.replyId,
    });
    expect(typeof replyLine.time).toBe('string');
    expect(typeof replyLine.durationMs).toBe('number');
    expect(replyLine.user).toMatch(/^[a-f0-9]{16}$/);
    const everything = logLines.join('\n');
    expect(everything).not.toContain('Zebulon');
    expect(everything).not.toContain('What do you eat');
    expect(everything).not.toContain(session.visitorId);
  });
});
