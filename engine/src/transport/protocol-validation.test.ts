import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, ProtocolErrorEvent } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { connectClient, request, type EngineClient } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';

let server: RunningServer;
const sockets: EngineClient[] = [];

async function connect() {
  const client = await connectClient(server.url);
  sockets.push(client.socket);
  return client.socket;
}

async function joinedSocket() {
  const socket = await connect();
  const ack = (await request(socket, 'conversation:join', { animalId: 'leo' })) as JoinAck;
  return { socket, conversationId: ack.conversationId };
}

function rawRequest(
  socket: EngineClient,
  event: string,
  ...args: unknown[]
): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    (socket.emit as (...values: unknown[]) => void)(event, ...args, resolve),
  );
}

beforeAll(async () => {
  server = await startTestServer({
    model: createScriptedModel('Roar! Hello.'),
    environment: {
      RATE_LIMIT_CAPACITY: '2',
      RATE_LIMIT_REFILL_PER_SECOND: '0.01',
      MAX_MESSAGE_LENGTH: '500',
    },
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('validation at the edge', () => {
  it.each([
    ['a missing animal', { locale: 'en' }],
    ['a wrong type', { animalId: 42 }],
    ['an unknown locale', { animalId: 'leo', locale: 'fr' }],
    ['an id with spaces', { animalId: 'leo the lion' }],
    ['a string instead of an object', 'leo'],
    ['null', null],
  ])(
    'answers conversation:join with %s with CMZ_ERR_PROTOCOL_INVALID_PAYLOAD',
    async (_, payload) => {
      const socket = await connect();
      const ack = await rawRequest(socket, 'conversation:join', payload);
      expect(ack).toMatchObject({
        ok: false,
        code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD',
        temporary: false,
      });
      expect(socket.connected).toBe(true);
    },
  );

  it('answers an unknown animal with CMZ_ERR_SESSION_ANIMAL_NOT_FOUND', async () => {
    const socket = await connect();
    expect(await rawRequest(socket, 'conversation:join', { animalId: 'unicorn' })).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_SESSION_ANIMAL_NOT_FOUND',
    });
  });

  it('answers an unknown event with a coded ack, or protocol:error without an ack', async () => {
    const socket = await connect();
    expect(await rawRequest(socket, 'hack:everything', { a: 1 })).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_PROTOCOL_UNKNOWN_EVENT',
    });
    const event = new Promise<ProtocolErrorEvent>((resolve) =>
      socket.once('protocol:error', resolve),
    );
    (socket.emit as (...values: unknown[]) => void)('no:ack', 'x');
    expect(await event).toMatchObject({ event: 'no:ack', code: 'CMZ_ERR_PROTOCOL_UNKNOWN_EVENT' });
  });

  it('reports a malformed send without an ack through protocol:error and keeps the socket', async () => {
    const { socket } = await joinedSocket();
    const event = new Promise<ProtocolErrorEvent>((resolve) =>
      socket.once('protocol:error', resolve),
    );
    (socket.emit as (...values: unknown[]) => void)('message:send', { text: 5 });
    expect(await event).toMatchObject({
      event: 'message:send',
      code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD',
    });
    expect(socket.connected).toBe(true);
  });

  it('rejects sending to a conversation the socket has not joined', async () => {
    const socket = await connect();
    const ack = await rawRequest(socket, 'message:send', {
      conversationId: 'c_x',
      clientMessageId: 'a',
      text: 'hi',
    });
    expect(ack).toMatchObject({ ok: false, code: 'CMZ_ERR_SESSION_NOT_JOINED' });
  });

  it('rejects over-long, oversized and empty messages with their codes', async () => {
    const { socket, conversationId } = await joinedSocket();
    const tooLong = await rawRequest(socket, 'message:send', {
      conversationId,
      clientMessageId: 'l1',
      text: 'a'.repeat(501),
    });
    expect(tooLong).toMatchObject({ ok: false, code: 'CMZ_ERR_MESSAGE_TOO_LONG' });
    const huge = await rawRequest(socket, 'message:send', {
      conversationId,
      clientMessageId: 'l2',
      text: 'a'.repeat(100_000),
    });
    expect(huge).toMatchObject({ ok: false, code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD' });
    const empty = await rawRequest(socket, 'message:send', {
      conversationId,
      clientMessageId: 'l3',
      text: '   ',
    });
    expect(empty).toMatchObject({ ok: false, code: 'CMZ_ERR_MESSAGE_EMPTY' });
    expect(socket.connected).toBe(true);
  });

  it('rate-limits sends per visitor with a retryAfter', async () => {
    const { socket, conversationId } = await joinedSocket();
    const results = [];
    for (const id of ['r1', 'r2', 'r3']) {
      results.push(
        await rawRequest(socket, 'message:send', {
          conversationId,
          clientMessageId: id,
          text: 'Hello Leo',
        }),
      );
    }
    expect(results[0]).toMatchObject({ ok: true });
    expect(results[1]).toMatchObject({ ok: true });
    expect(results[2]).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_MESSAGE_RATE_LIMITED',
      temporary: true,
    });
    expect(results[2]?.retryAfterMs).toBeGreaterThan(0);
  });

  it('blocks unkind input with CMZ_ERR_SAFETY_INPUT_BLOCKED and stores nothing', async () => {
    const { socket, conversationId } = await joinedSocket();
    const ack = await rawRequest(socket, 'message:send', {
      conversationId,
      clientMessageId: 'bad',
      text: 'you are a fucking idiot',
    });
    expect(ack).toMatchObject({ ok: false, code: 'CMZ_ERR_SAFETY_INPUT_BLOCKED' });
    expect(await server.stores.store.listMessages(conversationId)).toEqual([]);
  });

  it('refuses a handshake without a protocol version or with an unsupported one', async () => {
    await expect(connectClient(server.url, { protocolVersion: 99 })).rejects.toMatchObject({
      data: { code: 'CMZ_ERR_PROTOCOL_VERSION_UNSUPPORTED' },
    });
    await expect(connectClient(server.url, { protocolVersion: 0 })).rejects.toMatchObject({
      data: { code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD' },
    });
  });

  it('refuses a bearer token when no authenticator is configured, and replaces a forged guest token', async () => {
    await expect(connectClient(server.url, { token: 'not-a-jwt' })).rejects.toMatchObject({
      data: { code: 'CMZ_ERR_AUTH_INVALID_TOKEN' },
    });
    const forged = await connectClient(server.url, {
      guestToken: 'g1.v_00000000000000000000000000000000.forged',
    });
    sockets.push(forged.socket);
    expect(forged.session.visitorId).not.toBe('v_00000000000000000000000000000000');
  });
});
