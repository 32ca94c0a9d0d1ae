import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { MessageNewEvent, ReplyStartEvent } from '../protocol/events.ts';
import type {
  RoomReactionsEvent,
  RoomStateEvent,
  RoomVotesEvent,
} from '../protocol/room-events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import type { EngineClient } from '../testing/socket-client.ts';
import {
  codeOf,
  connectAs,
  ok,
  openSockets,
  request,
  startRoomNode,
  until,
} from './room-test-kit.ts';

let redis: TestRedisServer;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  for (let index = 0; index < 2; index += 1) {
    nodes.push(await startRoomNode({ REDIS_URL: redis.url, ROOM_QUESTIONS_PER_MINUTE: '30' }));
  }
}, 60_000);

afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

afterAll(async () => {
  for (const node of nodes) await node.close();
  nodes = [];
  await redis.stop();
});

const nodeAt = (index: number) => nodes[index % 2] as RunningServer;

async function openLive(pace?: { mode: 'auto' | 'manual'; intervalSeconds: number }) {
  const keeper = await connectAs(
    nodeAt(0),
    `zookeeper:v_keeper_${Math.random().toString(36).slice(2)}`,
  );
  const opened = ok(
    await request(keeper, 'live:open', { animalId: 'bella', ...(pace ? { pace } : {}) }),
  );
  return { keeper, roomId: opened.room.roomId, joinCode: opened.host.joinCode, opened };
}

async function viewers(
  joinCode: string,
  count: number,
): Promise<{ socket: EngineClient; memberId: string }[]> {
  return Promise.all(
    Array.from({ length: count }, async (_, index) => {
      const socket = await connectAs(nodeAt(index));
      const joined = ok(await request(socket, 'room:join', { joinCode }));
      return { socket, memberId: joined.memberId };
    }),
  );
}

async function ask(socket: EngineClient, roomId: string, text: string) {
  const clientQuestionId = `cq-${Math.random().toString(36).slice(2)}`;
  return ok(await request(socket, 'room:ask', { roomId, clientQuestionId, text })).question;
}

describe('live rooms over two nodes', () => {
  it('shows an approved question to every viewer on both nodes (pending ones only to the asker)', async () => {
    const { keeper, roomId, joinCode } = await openLive();
    const crowd = await viewers(joinCode, 4);
    const seen = crowd.map(() => [] as { questionId: string; status: string }[]);
    crowd.forEach((viewer, index) =>
      viewer.socket.on(
        'room:question',
        (event: { question: { questionId: string; status: string } }) =>
          seen[index]?.push(event.question),
      ),
    );
    const asker = crowd[0] as { socket: EngineClient };
    const question = await ask(asker.socket, roomId, 'Do you like honey?');
    ok(
      await request(keeper, 'room:moderate', {
        roomId,
        action: 'approve',
        questionId: question.questionId,
      }),
    );
    await until(() =>
      seen.every((events) =>
        events.some(
          (event) => event.questionId === question.questionId && event.status === 'approved',
        ),
      ),
    );
    // Before approval nobody but the asker heard of it.
    for (const events of seen.slice(1)) {
      expect(events.filter((event) => event.status === 'pending')).toEqual([]);
    }
  });

  it('counts concurrent upvotes from many viewers on both nodes exactly once each', async () => {
    const { keeper, roomId, joinCode, opened } = await openLive();
    expect(opened.room).toMatchObject({ kind: 'live', approvalRequired: true });
    expect(opened.host.joinPath).toBe(`/live/${joinCode}`);
    const crowd = await viewers(joinCode, 40);
    const asker = crowd[0] as { socket: EngineClient };
    const question = await ask(asker.socket, roomId, 'How long do sloths sleep?');
    ok(
      await request(keeper, 'room:moderate', {
        roomId,
        action: 'approve',
        questionId: question.questionId,
      }),
    );
    const batches: RoomVotesEvent[] = [];
    asker.socket.on('room:votes', (event) => batches.push(event));
    // Every viewer votes twice at once, half of them through each node.
    const acks = await Promise.all(
      [...crowd, ...crowd].map((viewer) =>
        request(viewer.socket, 'room:vote', { roomId, questionId: question.questionId }),
      ),
    );
    const counted = acks.filter((ack) => ok(ack).counted);
    expect(counted).toHaveLength(40);
    await until(() => batches.some((batch) => batch.votes.some((entry) => entry.votes === 40)));
    // Batched: far fewer events than votes.
    expect(batches.length).toBeLessThan(10);
    const rejoined = ok(await request(await connectAs(nodeAt(1)), 'room:join', { joinCode }));
    expect(
      rejoined.questions.find((entry) => entry.questionId === question.questionId)?.votes,
    ).toBe(40);
    expect(
      codeOf(await request(asker.socket, 'room:vote', { roomId, questionId: 'q_missing' })),
    ).toBe('CMZ_ERR_ROOM_QUESTION_NOT_FOUND');
  });

  it('names viewers, batches reactions and lets named moderators moderate but not end', async () => {
    const { keeper, roomId, joinCode } = await openLive();
    const crowd = await viewers(joinCode, 6);
    const moderator = await connectAs(nodeAt(1), 'zookeeper:v_moderator');
    expect(codeOf(await request(moderator, 'room:control', { roomId, action: 'pause' }))).toBe(
      'CMZ_ERR_ROOM_FORBIDDEN',
    );
    ok(
      await request(keeper, 'room:control', {
        roomId,
        action: 'add-moderator',
        userId: 'v_moderator',
      }),
    );
    const asModerator = ok(await request(moderator, 'room:join', { joinCode }));
    expect(asModerator.host?.moderators).toEqual(['v_moderator']);
    const first = crowd[0]?.socket as EngineClient;
    const reactions: RoomReactionsEvent[] = [];
    const onOtherNode: RoomReactionsEvent[] = [];
    first.on('room:reactions', (event) => reactions.push(event));
    crowd[1]?.socket.on('room:reactions', (event) => onOtherNode.push(event));
    for (const viewer of crowd) {
      for (let index = 0; index < 5; index += 1)
        viewer.socket.emit('room:react', { roomId, emoji: '👍' });
    }
    await until(() => reactions.reduce((sum, event) => sum + (event.counts['👍'] ?? 0), 0) === 30);
    // Batched per window: never one event per reaction.
    expect(reactions.length).toBeLessThan(30);
    // One total per window for everyone, not one partial count per node.
    await until(() => onOtherNode.length === reactions.length);
    expect(onOtherNode).toEqual(reactions);
    const question = await ask(first, roomId, 'Can sloths swim?');
    ok(
      await request(moderator, 'room:moderate', {
        roomId,
        action: 'hide',
        questionId: question.questionId,
      }),
    );
    expect(codeOf(await request(moderator, 'room:control', { roomId, action: 'end' }))).toBe(
      'CMZ_ERR_ROOM_FORBIDDEN',
    );
    expect(
      codeOf(
        await request(keeper, 'room:moderate', {
          roomId,
          action: 'approve',
          questionId: question.questionId,
        }),
      ),
    ).toBe('CMZ_ERR_ROOM_QUESTION_NOT_FOUND');
  });

  it('answers the top question automatically, stops during a keeper takeover and resumes after hand-back', async () => {
    const { keeper, roomId, joinCode } = await openLive();
    const crowd = await viewers(joinCode, 4);
    const watcher = crowd[1]?.socket as EngineClient;
    const starts: ReplyStartEvent[] = [];
    const messages: MessageNewEvent[] = [];
    const states: RoomStateEvent[] = [];
    watcher.on('reply:start', (event) => starts.push(event));
    watcher.on('message:new', (event) => messages.push(event));
    watcher.on('room:state', (event) => states.push(event));
    const low = await ask(crowd[0]?.socket as EngineClient, roomId, 'Do sloths have teeth?');
    const high = await ask(crowd[2]?.socket as EngineClient, roomId, 'Why are sloths slow?');
    for (const id of [low.questionId, high.questionId]) {
      ok(await request(keeper, 'room:moderate', { roomId, action: 'approve', questionId: id }));
    }
    await request(crowd[3]?.socket as EngineClient, 'room:vote', {
      roomId,
      questionId: high.questionId,
    });
    // Automatic from now on (set after the votes, so the tick cannot pick before them).
    const auto = { mode: 'auto', intervalSeconds: 2 } as const;
    ok(await request(keeper, 'room:control', { roomId, action: 'pace', pace: auto }));
    // The top-voted question goes first.
    await until(() => starts.length === 1, 8_000);
    expect(messages[0]?.message.text).toBe('Why are sloths slow?');
    const takeover = ok(await request(keeper, 'room:control', { roomId, action: 'takeover' }));
    expect(takeover.room.keeperTakeover).toBe(true);
    const said = ok(
      await request(keeper, 'room:say', {
        roomId,
        clientMessageId: 'say-1',
        text: 'Hi, I am the keeper!',
      }),
    );
    await until(() => messages.some((event) => event.message.id === said.messageId));
    const resent = ok(
      await request(keeper, 'room:say', {
        roomId,
        clientMessageId: 'say-1',
        text: 'Hi, I am the keeper!',
      }),
    );
    expect(resent.messageId).toBe(said.messageId);
    expect(messages.find((event) => event.message.id === said.messageId)?.message.author).toEqual({
      kind: 'keeper',
      name: 'Keeper',
    });
    // Nothing is answered while the keeper has the room (more than one interval).
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    expect(starts).toHaveLength(1);
    ok(await request(keeper, 'room:control', { roomId, action: 'handback' }));
    await until(() => starts.length === 2, 8_000);
    expect(messages.at(-1)?.message.text).toBe('Do sloths have teeth?');
    // room:state after the pace change, the takeover and the hand-back.
    expect(states.map((event) => event.room.keeperTakeover)).toEqual([false, true, false]);
    expect(
      codeOf(
        await request(keeper, 'room:say', { roomId, clientMessageId: 'say-2', text: 'Too late' }),
      ),
    ).toBe('CMZ_ERR_ROOM_FORBIDDEN');
    const manual = ok(
      await request(keeper, 'room:control', {
        roomId,
        action: 'pace',
        pace: { mode: 'manual', intervalSeconds: 60 },
      }),
    );
    expect(manual.room.keeperTakeover).toBe(false);
    expect(ok(await request(keeper, 'room:join', { joinCode })).host?.pace).toEqual({
      mode: 'manual',
      intervalSeconds: 60,
    });
  }, 30_000);
});
