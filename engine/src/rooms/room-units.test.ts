import { describe, expect, it } from 'vitest';
import { isRoomInboundEvent, parseRoomInbound } from '../protocol/room-schema.ts';
import { AnswerQueue } from './answer-queue.ts';
import { createMemoryRoomStore } from './memory-room-store.ts';
import { testRoom } from './room-store.contract.ts';
import { until } from './room-test-kit.ts';
import { approximateCount } from './room-views.ts';

describe('room payload validation', () => {
  it('normalizes join codes and refuses malformed payloads with a coded error', () => {
    expect(parseRoomInbound('room:join', { joinCode: ' k7qx2m ' }).joinCode).toBe('K7QX2M');
    expect(isRoomInboundEvent('room:ask')).toBe(true);
    expect(isRoomInboundEvent('message:send')).toBe(false);
    expect(() => parseRoomInbound('room:join', { joinCode: 'K7-QX' })).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD' }),
    );
    expect(() => parseRoomInbound('room:moderate', { roomId: 'rm_1', action: 'explode' })).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD' }),
    );
    expect(() =>
      parseRoomInbound('live:open', {
        animalId: 'bella',
        pace: { mode: 'auto', intervalSeconds: 1 },
      }),
    ).toThrow(expect.objectContaining({ code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD' }));
    expect(parseRoomInbound('room:nickname', undefined)).toBeUndefined();
  });
});

describe('approximate member counts', () => {
  it('is exact up to the threshold and rounded to two significant digits above', () => {
    expect(approximateCount(100, 100)).toEqual({ count: 100, approximate: false });
    expect(approximateCount(1234, 100)).toEqual({ count: 1200, approximate: true });
    expect(approximateCount(10_456, 100)).toEqual({ count: 10_000, approximate: true });
    expect(approximateCount(7, 0)).toEqual({ count: 7, approximate: true });
  });
});

describe('the answer queue', () => {
  async function queued(count: number) {
    const store = createMemoryRoomStore();
    const room = await store.createRoom(testRoom());
    for (let index = 0; index < count; index += 1) {
      const { question } = await store.addQuestion(room.roomId, {
        questionId: `q_${index}`,
        memberId: 'rmm_1',
        author: 'Kid',
        text: `question ${index}`,
        status: 'pending',
        mergedFrom: [],
        mergedAuthors: [],
        mergedMembers: [],
        clientQuestionId: `cq-${index}`,
        createdAt: new Date().toISOString(),
        queued: false,
      });
      await store.transitionQuestion(room.roomId, question.questionId, {
        from: ['pending'],
        to: 'approved',
        enqueue: true,
      });
    }
    return { store, roomId: room.roomId };
  }

  it('answers one question at a time, in order, on one of two racing nodes', async () => {
    const { store, roomId } = await queued(4);
    const log: string[] = [];
    let running = 0;
    const make = (nodeId: string) =>
      new AnswerQueue({
        store,
        nodeId,
        leaseMs: 5_000,
        canAnswer: () => Promise.resolve(true),
        answer: (_roomId, questionId) => {
          running += 1;
          expect(running).toBe(1);
          log.push(`${nodeId}:${questionId}`);
          return Promise.resolve({
            ended: new Promise<void>((resolve) =>
              setTimeout(() => {
                running -= 1;
                resolve();
              }, 10),
            ),
          });
        },
      });
    const nodes = [make('a'), make('b')];
    for (const node of nodes) node.pump(roomId);
    nodes[0]?.pump(roomId);
    await until(() => log.length === 4 && running === 0);
    await Promise.all(nodes.map((node) => node.close()));
    expect(log.map((entry) => entry.split(':')[1])).toEqual(['q_0', 'q_1', 'q_2', 'q_3']);
    expect(new Set(log.map((entry) => entry.split(':')[0])).size).toBe(1);
  });

  it('waits while the room may not answer and survives a failing answer', async () => {
    const { store, roomId } = await queued(2);
    let open = false;
    const warnings: unknown[] = [];
    const queue = new AnswerQueue({
      store,
      nodeId: 'a',
      leaseMs: 5_000,
      canAnswer: () => Promise.resolve(open),
      answer: () => Promise.reject(new Error('model setup failed')),
      logger: { warn: (entry: unknown) => warnings.push(entry) } as never,
    });
    queue.pump(roomId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await store.queueLength(roomId)).toBe(2);
    open = true;
    queue.pump(roomId);
    await new Promise((resolve) => setTimeout(resolve, 20));
    await queue.close();
    expect(warnings).toHaveLength(1);
    // The lease was released, so another node can go on.
    expect(await store.acquireLease(roomId, 'answer', 'b', 1_000)).toBe(true);
  });
});
