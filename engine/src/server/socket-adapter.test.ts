import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, SendAck } from '../protocol/events.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { connectClient, observeReplies, request } from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';
import { conversationRoom } from '../transport/socket-types.ts';
import { buildSocketAdapter } from './socket-adapter.ts';
import type { RunningServer } from './start-server.ts';

let redis: TestRedisServer;
const servers: RunningServer[] = [];
const reply = 'Sniff sniff, I love berries and honey in the morning.';

beforeAll(async () => {
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const server of servers) await server.close();
  await redis.stop();
});

async function startNode(adapter: string): Promise<RunningServer> {
  const server = await startTestServer({
    model: createScriptedModel(reply),
    environment: { REDIS_URL: redis.url, SOCKET_ADAPTER: adapter, RATE_LIMIT_CAPACITY: '50' },
  });
  servers.push(server);
  return server;
}

/** Polls until `condition` holds (generous deadline: adapters subscribe asynchronously). */
async function eventually(condition: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe.each(['redis', 'redis-sharded', 'redis-streams'])('SOCKET_ADAPTER=%s', (adapter) => {
  it('delivers room emits and plugin broadcasts to sockets on both nodes', async () => {
    const [first, second] = [await startNode(adapter), await startNode(adapter)] as const;
    expect(first.stores.adapterKind).toBe(adapter);
    const one = await connectClient(first.url);
    const two = await connectClient(second.url, { guestToken: one.session.guestToken });
    const joinOne = (await request(one.socket, 'conversation:join', {
      animalId: 'bella',
    })) as JoinAck;
    const joinTwo = (await request(two.socket, 'conversation:join', {
      conversationId: joinOne.conversationId,
    })) as JoinAck;
    expect(joinTwo.conversationId).toBe(joinOne.conversationId);
    const room = conversationRoom(joinOne.conversationId);
    // Wait until the other node sees the remote member (dynamic subscriptions are asynchronous).
    await eventually(async () => (await first.engine.io?.in(room).fetchSockets())?.length === 2);

    const observers = [observeReplies(one.socket), observeReplies(two.socket)];
    const sent = (await request(one.socket, 'message:send', {
      conversationId: joinOne.conversationId,
      clientMessageId: `adapter-${adapter}`,
      text: 'What do you eat?',
    })) as SendAck;
    const replies = await Promise.all(observers.map((observer) => observer.waitFor(sent.replyId)));
    for (const observed of replies) {
      expect(observed.end?.text).toBe(reply);
      expect(observed.deltas.map((delta) => delta.text).join('')).toBe(reply);
    }

    // A plugin broadcast is an emit to the conversation room from whichever node runs the plugin.
    const received = [one, two].map(
      ({ socket }) =>
        new Promise<unknown>((resolve) =>
          (
            socket as unknown as {
              once: (event: string, listener: (value: unknown) => void) => void;
            }
          ).once('quiz:question', resolve),
        ),
    );
    (second.engine.io?.to(room).emit as unknown as (event: string, payload: unknown) => void)(
      'quiz:question',
      { id: 'q1' },
    );
    expect(await Promise.all(received)).toEqual([{ id: 'q1' }, { id: 'q1' }]);
    one.socket.close();
    two.socket.close();
  });
});

describe('buildSocketAdapter', () => {
  it('uses the in-process adapter without REDIS_URL', async () => {
    const setup = buildSocketAdapter({ REDIS_URL: undefined, SOCKET_ADAPTER: undefined });
    expect(setup.kind).toBe('memory');
    expect(setup.socketOptions).toEqual({});
    await setup.close();
  });

  it('refuses a Redis adapter without REDIS_URL with a coded config error', () => {
    expect(() =>
      buildSocketAdapter({ REDIS_URL: undefined, SOCKET_ADAPTER: 'redis-sharded' }),
    ).toThrow(expect.objectContaining({ code: 'CMZ_ERR_CONFIG_INVALID' }));
  });
});
