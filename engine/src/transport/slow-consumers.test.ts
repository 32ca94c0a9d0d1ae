import { afterAll, describe, expect, it } from 'vitest';
import type { JoinAck, ReplyDeltaEvent, ReplyResyncEvent, SendAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { bufferedBytes, slowRoom } from './slow-consumers.ts';

const words = Array.from({ length: 300 }, (_, index) => `w${index + 1}`);
const replyText = words.join(' ');
const servers: RunningServer[] = [];
const redisServers: TestRedisServer[] = [];

afterAll(async () => {
  for (const server of servers) await server.close();
  for (const redis of redisServers) await redis.stop();
});

interface StallableTransport {
  writable: boolean;
  emit(event: string): void;
}

/**
 * Stalls a socket's transport the way a client that stopped reading does: engine.io keeps the
 * packets in its write buffer because the transport never becomes writable again.
 */
function stall(transport: StallableTransport): () => void {
  Object.defineProperty(transport, 'writable', { configurable: true, get: () => false, set() {} });
  return () => {
    delete (transport as Partial<StallableTransport>).writable;
    transport.writable = true;
    transport.emit('drain');
  };
}

type Received =
  { kind: 'delta'; event: ReplyDeltaEvent } | { kind: 'resync'; event: ReplyResyncEvent };

/** What a client following the protocol's rules shows for one reply, and the gaps it saw. */
function assemble(received: Received[]): { text: string; gaps: number } {
  let text = '';
  let lastSeq = 0;
  let gaps = 0;
  for (const { kind, event } of received) {
    if (kind === 'resync') {
      text = event.text;
      lastSeq = event.seq;
    } else if ((event.fromSeq ?? event.seq) === lastSeq + 1) {
      text += event.text;
      lastSeq = event.seq;
    } else if (event.seq > lastSeq) gaps += 1;
  }
  return { text, gaps };
}

describe('slow consumers', () => {
  it('stops deltas to a stalled socket and resyncs it once it drains; others are unaffected', async () => {
    const server = await startTestServer({
      model: createScriptedModel(replyText, { delayMs: 10 }),
      environment: { SOCKET_BUFFER_CAP_BYTES: '1024', COALESCE_ROOM_THRESHOLD: '1000' },
    });
    servers.push(server);
    const fast = await connectClient(server.url);
    const slow = await connectClient(server.url, { guestToken: fast.session.guestToken });
    const join = (await request(fast.socket, 'conversation:join', {
      animalId: 'bella',
    })) as JoinAck;
    await request(slow.socket, 'conversation:join', { conversationId: join.conversationId });

    const slowEvents: Received[] = [];
    slow.socket.on('reply:delta', (event) => slowEvents.push({ kind: 'delta', event }));
    slow.socket.on('reply:resync', (event) => slowEvents.push({ kind: 'resync', event }));
    const fastObserver = observeReplies(fast.socket);
    const slowObserver = observeReplies(slow.socket);
    const serverSocket = server.engine.io?.of('/').sockets.get(slow.socket.id ?? '');
    if (serverSocket === undefined) throw new Error('no server socket');
    const resume = stall(serverSocket.conn.transport as unknown as StallableTransport);

    const sent = (await request(fast.socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: 'slow-consumer',
      text: 'Tell me a long story',
    })) as SendAck;
    await expect.poll(() => serverSocket.rooms.has(slowRoom), { timeout: 10_000 }).toBe(true);
    expect(bufferedBytes(serverSocket)).toBeGreaterThan(1024);
    expect(server.engine.replies.active.get(sent.replyId)).toBeDefined();
    resume();

    const [fastReply, slowReply] = await Promise.all([
      fastObserver.waitFor(sent.replyId),
      slowObserver.waitFor(sent.replyId),
    ]);
    // The other member got every word, in order.
    expect(fastReply.deltas).toHaveLength(words.length);
    expect(fastReply.deltas.map((delta) => delta.text).join('')).toBe(replyText);
    // The stalled one skipped deltas while it was behind, got one snapshot, and caught up.
    const resyncs = slowEvents.filter((received) => received.kind === 'resync');
    expect(resyncs).toHaveLength(1);
    expect(resyncs[0]?.event).toMatchObject({ conversationId: join.conversationId });
    expect(slowReply.deltas.length).toBeLessThan(words.length);
    expect(assemble(slowEvents)).toEqual({ text: replyText, gaps: 0 });
    expect(slowReply.end?.text).toBe(replyText);
    expect(serverSocket.rooms.has(slowRoom)).toBe(false);
    fast.socket.close();
    slow.socket.close();
  });

  it('resyncs a slow socket from the shared journal when the reply streams from another node', async () => {
    const redis = await startRedisServer();
    redisServers.push(redis);
    const environment = {
      REDIS_URL: redis.url,
      SOCKET_BUFFER_CAP_BYTES: '1024',
      COALESCE_ROOM_THRESHOLD: '1000',
    };
    const model = createScriptedModel(replyText, { delayMs: 10 });
    const generating = await startTestServer({ model, environment });
    const serving = await startTestServer({ model, environment });
    servers.push(generating, serving);
    const fast = await connectClient(generating.url);
    const slow = await connectClient(serving.url, { guestToken: fast.session.guestToken });
    const join = (await request(fast.socket, 'conversation:join', {
      animalId: 'bella',
    })) as JoinAck;
    await request(slow.socket, 'conversation:join', { conversationId: join.conversationId });
    const slowEvents: Received[] = [];
    slow.socket.on('reply:delta', (event) => slowEvents.push({ kind: 'delta', event }));
    slow.socket.on('reply:resync', (event) => slowEvents.push({ kind: 'resync', event }));
    const serverSocket = serving.engine.io?.of('/').sockets.get(slow.socket.id ?? '');
    if (serverSocket === undefined) throw new Error('no server socket');
    const resume = stall(serverSocket.conn.transport as unknown as StallableTransport);

    const sent = (await request(fast.socket, 'message:send', {
      conversationId: join.conversationId,
      clientMessageId: 'slow-remote',
      text: 'Tell me a long story',
    })) as SendAck;
    await expect.poll(() => serverSocket.rooms.has(slowRoom), { timeout: 10_000 }).toBe(true);
    // The serving node does not generate the reply: its snapshot must come from the journal.
    expect(serving.engine.replies.active.get(sent.replyId)).toBeUndefined();
    resume();
    // Nothing else is written to the stalled socket while it is excluded, so nudge engine.io to
    // send what it holds, as the next write would.
    (serverSocket.conn as unknown as { flush(): void }).flush();
    await expect
      .poll(() => slowEvents.some((received) => received.kind === 'resync'), { timeout: 10_000 })
      .toBe(true);
    const resync = slowEvents.find((received) => received.kind === 'resync');
    expect(resync?.event).toMatchObject({
      conversationId: join.conversationId,
      replyId: sent.replyId,
    });
    // The snapshot is the reply's true beginning, as far as it had streamed.
    expect(replyText.startsWith(resync?.event.text ?? 'x')).toBe(true);
    expect(resync?.event.seq).toBeGreaterThan(0);
    fast.socket.close();
    slow.socket.close();
  });
});
