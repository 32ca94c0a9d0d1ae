import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, ReplyDeltaEvent, RoomPresenceEvent, SendAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';

const words = Array.from({ length: 40 }, (_, index) => `word${index + 1}`);
const replyText = words.join(' ');
let redis: TestRedisServer;
const servers: RunningServer[] = [];
const sockets: EngineClient[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const server of servers) await server.close();
  await redis.stop();
});

async function startNode(environment: Record<string, string> = {}): Promise<RunningServer> {
  const server = await startTestServer({
    // A few milliseconds per word, so a reply spans several coalescing windows.
    model: createScriptedModel(replyText, { delayMs: 5 }),
    environment: {
      REDIS_URL: redis.url,
      RATE_LIMIT_CAPACITY: '50',
      COALESCE_ROOM_THRESHOLD: '3',
      COALESCE_WINDOW_MS: '50',
      ...environment,
    },
  });
  servers.push(server);
  return server;
}

async function connect(url: string, guestToken?: string) {
  const client = await connectClient(url, guestToken ? { guestToken } : {});
  sockets.push(client.socket);
  return client;
}

/** Checks the client rule: each delta starts right after the previous one, without gaps. */
function expectGapFree(deltas: ReplyDeltaEvent[]): void {
  let lastSeq = 0;
  for (const delta of deltas) {
    expect(delta.fromSeq ?? delta.seq).toBe(lastSeq + 1);
    lastSeq = delta.seq;
  }
  expect(lastSeq).toBe(words.length);
}

describe('coalescing', () => {
  it('merges deltas for a big room and sends every word at once in a 1:1 chat', async () => {
    const server = await startNode();
    const owner = await connect(server.url);
    const join = (await request(owner.socket, 'conversation:join', {
      animalId: 'bella',
    })) as JoinAck;
    const send = async (id: string) =>
      (await request(owner.socket, 'message:send', {
        conversationId: join.conversationId,
        clientMessageId: id,
        text: 'Tell me everything',
      })) as SendAck;

    // 1:1: one member, below the threshold.
    const alone = observeReplies(owner.socket);
    const first = await alone.waitFor((await send('one-to-one')).replyId);
    expect(first.deltas).toHaveLength(words.length);
    expect(first.deltas.every((delta) => delta.fromSeq === undefined)).toBe(true);
    expect(first.deltas.map((delta) => delta.text).join('')).toBe(replyText);

    // Big room: two more sockets of the same visitor reach the threshold of 3.
    const others = [
      await connect(server.url, owner.session.guestToken),
      await connect(server.url, owner.session.guestToken),
    ];
    for (const other of others) {
      await request(other.socket, 'conversation:join', { conversationId: join.conversationId });
    }
    const observers = [owner, ...others].map((client) => observeReplies(client.socket));
    const sent = await send('big-room');
    const replies = await Promise.all(observers.map((observer) => observer.waitFor(sent.replyId)));
    for (const reply of replies) {
      expect(reply.deltas.length).toBeLessThan(words.length);
      expect(reply.deltas.some((delta) => delta.fromSeq !== undefined)).toBe(true);
      expect(reply.deltas.map((delta) => delta.text).join('')).toBe(replyText);
      expectGapFree(reply.deltas);
      expect(reply.end?.text).toBe(replyText);
    }
  });
});

describe('presence across nodes', () => {
  it('counts members on both nodes in the join ack and in room:presence', async () => {
    const [first, second] = [await startNode(), await startNode()] as const;
    const one = await connect(first.url);
    const seen: RoomPresenceEvent[] = [];
    one.socket.on('room:presence', (event) => seen.push(event));
    const joinOne = (await request(one.socket, 'conversation:join', {
      animalId: 'bella',
    })) as JoinAck;
    expect(joinOne.presence).toBe(1);
    // Node one has written its own count once the room hears about it.
    await expect.poll(() => seen.at(-1)?.count, { timeout: 10_000 }).toBe(1);

    const two = await connect(second.url, one.session.guestToken);
    const joinTwo = (await request(two.socket, 'conversation:join', {
      conversationId: joinOne.conversationId,
    })) as JoinAck;
    expect(joinTwo.presence).toBe(2);
    await expect.poll(() => seen.at(-1)?.count, { timeout: 10_000 }).toBe(2);
    expect(seen.at(-1)?.conversationId).toBe(joinOne.conversationId);

    two.socket.close();
    await expect.poll(() => seen.at(-1)?.count, { timeout: 10_000 }).toBe(1);
  });
});
