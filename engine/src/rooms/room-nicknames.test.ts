import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../server/start-server.ts';
import { connectAs, ok, openSockets, request, startRoomNode } from './room-test-kit.ts';

let node: RunningServer;

beforeAll(async () => {
  node = await startRoomNode({});
});

afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

afterAll(async () => {
  await node.close();
});

describe('nicknames in a class', () => {
  it('gives every student a distinct name: generated ones avoid taken names, typed ones get a number', async () => {
    const teacher = await connectAs(node, `educator:v_teacher_${Date.now().toString(36)}`);
    const { joinCode } = ok(await request(teacher, 'school:open', { animalId: 'bella' })).host;
    const names: string[] = [];
    for (let index = 0; index < 40; index += 1) {
      names.push(ok(await request(await connectAs(node), 'room:join', { joinCode })).nickname);
    }
    for (let index = 0; index < 3; index += 1) {
      const typed = ok(
        await request(await connectAs(node), 'room:join', { joinCode, nickname: 'Maya' }),
      );
      names.push(typed.nickname);
    }
    expect(names.slice(-3)).toEqual(['Maya', 'Maya 2', 'Maya 3']);
    expect(new Set(names.map((name) => name.toLowerCase())).size).toBe(names.length);
  });
});
