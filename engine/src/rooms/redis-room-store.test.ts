import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisClient } from '../session/create-redis-client.ts';
import { createRedisKeys } from '../session/redis-keys.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createRedisRoomStore } from './redis-room-store.ts';
import { describeRoomStoreContract, testRoom } from './room-store.contract.ts';

let server: TestRedisServer;
let redis: Redis;
let second: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = createRedisClient(server.url, { name: 'cmz-test' });
  second = createRedisClient(server.url, { name: 'cmz-test-2' });
});

afterAll(async () => {
  redis.disconnect();
  second.disconnect();
  await server.stop();
});

describeRoomStoreContract('redis room store', () => createRedisRoomStore(redis));

describe('redis room store across connections', () => {
  it('never loses or doubles votes cast through two nodes at once', async () => {
    const nodeA = createRedisRoomStore(redis);
    const nodeB = createRedisRoomStore(second);
    const room = await nodeA.createRoom(testRoom('live'));
    const asked = await nodeA.addQuestion(room.roomId, {
      questionId: 'q_1',
      memberId: 'rmm_asker',
      author: 'Viewer 1',
      text: 'Do sloths swim?',
      status: 'approved',
      mergedFrom: [],
      mergedAuthors: [],
      mergedMembers: [],
      clientQuestionId: 'cq',
      createdAt: new Date().toISOString(),
      queued: false,
    });
    const votes = Array.from({ length: 300 }, (_, index) =>
      (index % 2 === 0 ? nodeA : nodeB).vote(
        room.roomId,
        asked.question.questionId,
        `rmm_${index % 150}`,
      ),
    );
    const results = await Promise.all(votes);
    expect(results.filter((result) => result?.counted)).toHaveLength(150);
    expect((await nodeB.getQuestion(room.roomId, 'q_1'))?.votes).toBe(150);
  });

  it('expires every key of a room with the room', async () => {
    const store = createRedisRoomStore(redis, { ttlSeconds: 100 });
    const room = await store.createRoom(testRoom());
    await store.addMember(
      room.roomId,
      {
        memberId: 'rmm_1',
        nickname: 'Kid',
        visitorId: 'v_1',
        joinedAt: new Date().toISOString(),
      },
      null,
    );
    const keys = createRedisKeys();
    const memberTtl = await redis.ttl(`${keys.room(room.roomId)}:members`);
    expect(memberTtl).toBeGreaterThan(0);
    expect(memberTtl).toBeLessThanOrEqual(100);
    expect(await redis.ttl(keys.roomCode(room.joinCode))).toBeGreaterThan(0);
  });
});
