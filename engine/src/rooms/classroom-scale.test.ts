import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AssembledReply } from '../cluster/cluster-test-kit.ts';
import type { ReplyDeltaEvent, ReplyEndEvent, ReplyStartEvent } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import type { EngineClient } from '../testing/socket-client.ts';
import { connectAs, ok, openSockets, request, startRoomNode, until } from './room-test-kit.ts';

const students = 200;
let redis: TestRedisServer;
let nodes: RunningServer[] = [];

beforeAll(async () => {
  redis = await startRedisServer();
  for (let index = 0; index < 2; index += 1) {
    nodes.push(
      await startRoomNode({
        REDIS_URL: redis.url,
        ROOM_SCHOOL_MAX_MEMBERS: String(students),
        // Streamed word by word, so big-room coalescing merges deltas.
        OFFLINE_WORDS_PER_SECOND: '200',
      }),
    );
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

/** What one student saw: replies in the order they started, each assembled by `seq`. */
class StudentView {
  readonly order: string[] = [];
  readonly replies = new Map<string, AssembledReply>();
  readonly ends = new Map<string, ReplyEndEvent[]>();
  gaps = 0;

  constructor(socket: EngineClient) {
    socket.on('reply:start', (event: ReplyStartEvent) => {
      this.order.push(event.replyId);
      this.replies.set(event.replyId, new AssembledReply());
    });
    socket.on('reply:delta', (event: ReplyDeltaEvent) => {
      try {
        this.replies.get(event.replyId)?.apply(event);
      } catch {
        this.gaps += 1;
      }
    });
    socket.on('reply:end', (event) => {
      this.ends.set(event.replyId, [...(this.ends.get(event.replyId) ?? []), event]);
    });
  }
}

describe('a class of 200 students over two nodes', () => {
  it('delivers every answer to every student once, in approval order, without gaps', async () => {
    const teacher = await connectAs(nodes[0] as RunningServer, 'educator:v_scale_teacher');
    const opened = ok(await request(teacher, 'school:open', { animalId: 'bella' }));
    const { roomId } = opened.room;
    const views: StudentView[] = [];
    const sockets: EngineClient[] = [];
    // Joined in waves of 50, alternating nodes, like a class arriving.
    for (let wave = 0; wave < students / 50; wave += 1) {
      await Promise.all(
        Array.from({ length: 50 }, async (_, index) => {
          const socket = await connectAs(nodes[index % 2] as RunningServer);
          views.push(new StudentView(socket));
          sockets.push(socket);
          ok(await request(socket, 'room:join', { joinCode: opened.host.joinCode }));
        }),
      );
    }
    expect(await nodes[1]?.engine.rooms.store.memberCount(roomId)).toBe(students);
    const texts = ['What do sloths eat?', 'How do sloths sleep?', 'Where do sloths live?'];
    const questionIds: string[] = [];
    for (const [index, text] of texts.entries()) {
      const ack = ok(
        await request(sockets[index * 7] as EngineClient, 'room:ask', {
          roomId,
          clientQuestionId: `cq-${index}`,
          text,
        }),
      );
      questionIds.push(ack.question.questionId);
    }
    // Approved in reverse order, half on each node: answers must follow the approval order.
    for (const [index, questionId] of [...questionIds].reverse().entries()) {
      const host =
        index % 2 === 0
          ? teacher
          : await connectAs(nodes[1] as RunningServer, 'educator:v_scale_teacher');
      ok(await request(host, 'room:moderate', { roomId, action: 'approve', questionId }));
    }
    await until(() => views.every((view) => view.ends.size === 3), 30_000);
    const reference = views[0] as StudentView;
    // Each answer streamed as several deltas (so order and gaps were really tested).
    for (const replyId of reference.order) {
      expect(reference.replies.get(replyId)?.lastSeq).toBeGreaterThan(3);
    }
    for (const view of views) {
      expect(view.gaps).toBe(0);
      expect(view.order).toEqual(reference.order);
      for (const replyId of view.order) {
        const ends = view.ends.get(replyId) ?? [];
        expect(ends).toHaveLength(1);
        const assembled = view.replies.get(replyId) as AssembledReply;
        expect(assembled.duplicates).toBe(0);
        expect(assembled.lastSeq).toBe(ends[0]?.lastSeq);
        expect(assembled.text).toBe(ends[0]?.text);
      }
    }
    const history = ok(await request(teacher, 'room:export', { roomId })).messages;
    expect(
      history.filter((message) => message.role === 'user').map((message) => message.text),
    ).toEqual([...texts].reverse());
  }, 90_000);
});
