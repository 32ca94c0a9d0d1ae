import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/start-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import type { JoinAck, SendAck } from '../protocol/events.ts';

const answer =
  'Hello little one! I eat berries, nuts, grasses and sometimes fish. What else would you like to know?';
const model = createScriptedModel(
  (call) => (call.question.includes('slow') ? `${answer} ${answer} ${answer}` : answer),
  {
    delayMs: 15,
  },
);
let server: RunningServer;
const sockets: EngineClient[] = [];

async function connect(guestToken?: string) {
  const client = await connectClient(server.url, guestToken === undefined ? {} : { guestToken });
  sockets.push(client.socket);
  return client;
}

async function joined(guestToken?: string) {
  const client = await connect(guestToken);
  const ack = (await request(client.socket, 'conversation:join', { animalId: 'bella' })) as JoinAck;
  expect(ack.ok).toBe(true);
  return { ...client, ack, observer: observeReplies(client.socket) };
}

let counter = 0;
const send = (
  socket: EngineClient,
  conversationId: string,
  text: string,
  clientMessageId = `c${++counter}`,
) => request(socket, 'message:send', { conversationId, clientMessageId, text }) as Promise<SendAck>;

beforeAll(async () => {
  server = await startTestServer({ model, environment: { RATE_LIMIT_CAPACITY: '100' } });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
});

describe('streaming over Socket.IO', () => {
  it('streams gap-free deltas whose concatenation is the final text, then reply:end', async () => {
    const { socket, ack, observer } = await joined();
    const sent = await send(socket, ack.conversationId, 'What do you eat?');
    expect(sent).toMatchObject({ ok: true, duplicate: false });
    const reply = await observer.waitFor(sent.replyId);
    expect(reply.deltas.map((delta) => delta.seq)).toEqual(
      reply.deltas.map((_, index) => index + 1),
    );
    expect(reply.deltas.map((delta) => delta.text).join('')).toBe(answer);
    expect(reply.end).toMatchObject({
      text: answer,
      finishReason: 'stop',
      lastSeq: reply.deltas.length,
    });
    expect(reply.end?.usage.totalTokens).toBeGreaterThan(0);
    expect(reply.end?.citations.length).toBeGreaterThan(0);
    expect(reply.end?.suggestions.length).toBeGreaterThan(0);
  });

  it('gives every socket of the same visitor the same stream', async () => {
    const first = await joined();
    const second = await joined(first.session.guestToken);
    expect(second.session.visitorId).toBe(first.session.visitorId);
    expect(second.ack.conversationId).toBe(first.ack.conversationId);
    const sent = await send(first.socket, first.ack.conversationId, 'Where do you live?');
    const [a, b] = await Promise.all([
      first.observer.waitFor(sent.replyId),
      second.observer.waitFor(sent.replyId),
    ]);
    expect(b.deltas).toEqual(a.deltas);
    expect(b.end?.text).toBe(answer);
  });

  it('does not let another visitor join a conversation by id', async () => {
    const owner = await joined();
    const stranger = await connect();
    const ack = await request(stranger.socket, 'conversation:join', {
      conversationId: owner.ack.conversationId,
    });
    expect(ack).toMatchObject({ ok: false, code: 'CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND' });
  });

  it('is idempotent on clientMessageId: a retried send never produces a second reply', async () => {
    const { socket, ack, observer } = await joined();
    let starts = 0;
    socket.on('reply:start', () => (starts += 1));
    const [first, retry] = await Promise.all([
      send(socket, ack.conversationId, 'How old are you?', 'same-id'),
      send(socket, ack.conversationId, 'How old are you?', 'same-id'),
    ]);
    const original = first.duplicate ? retry : first;
    const duplicate = first.duplicate ? first : retry;
    expect(duplicate).toMatchObject({
      duplicate: true,
      replyId: original.replyId,
      messageId: original.messageId,
    });
    await observer.waitFor(original.replyId);
    const later = await send(socket, ack.conversationId, 'How old are you?', 'same-id');
    expect(later).toMatchObject({ duplicate: true, replyId: original.replyId });
    expect(starts).toBe(1);
    expect(model.calls.filter((call) => call.question === 'How old are you?')).toHaveLength(1);
  });

  it('stops a reply on reply:abort and keeps the partial text in history, marked stopped', async () => {
    const { socket, ack, observer, session } = await joined();
    const sent = await send(socket, ack.conversationId, 'Tell me something slow');
    await new Promise<void>((resolve) => socket.once('reply:delta', () => resolve()));
    const abortedAt = performance.now();
    const abortAck = await request(socket, 'reply:abort', { replyId: sent.replyId });
    expect(abortAck).toEqual({ ok: true, replyId: sent.replyId });
    const reply = await observer.waitFor(sent.replyId);
    expect(performance.now() - abortedAt).toBeLessThan(1_000);
    expect(reply.end?.finishReason).toBe('aborted');
    expect(reply.end?.text.length).toBeLessThan(answer.length * 3);
    const rejoin = await joined(session.guestToken);
    const stored = rejoin.ack.history.find((message) => message.replyId === sent.replyId);
    expect(stored?.id).toBe(reply.end?.assistantMessageId);
    expect(stored).toMatchObject({ role: 'assistant', status: 'stopped', text: reply.end?.text });
  });

  it('answers abort of an unknown or finished reply with a coded error', async () => {
    const { socket } = await joined();
    expect(await request(socket, 'reply:abort', { replyId: 'r_missing' })).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_SESSION_REPLY_NOT_FOUND',
      temporary: false,
    });
  });

  it('does not cancel a reply when the sending socket disconnects', async () => {
    const first = await joined();
    const watcher = await joined(first.session.guestToken);
    const sent = await send(
      first.socket,
      first.ack.conversationId,
      'Tell me something slow please',
    );
    await new Promise<void>((resolve) => first.socket.once('reply:delta', () => resolve()));
    first.socket.disconnect();
    const reply = await watcher.observer.waitFor(sent.replyId);
    expect(reply.end?.finishReason).toBe('stop');
    expect(reply.end?.text).toBe(`${answer} ${answer} ${answer}`);
  });

  it('shows a second tab joining mid-reply the text so far', async () => {
    const first = await joined();
    const sent = await send(
      first.socket,
      first.ack.conversationId,
      'Something slow for the new tab',
    );
    await new Promise<void>((resolve) => first.socket.once('reply:delta', () => resolve()));
    const late = await joined(first.session.guestToken);
    expect(late.ack.activeReply?.replyId).toBe(sent.replyId);
    expect(late.ack.activeReply?.seq).toBeGreaterThan(0);
    await first.observer.waitFor(sent.replyId);
  });
});
