import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ReplyEndEvent } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { connectAs, ok, openSockets, request, startRoomNode, until } from './room-test-kit.ts';

let node: RunningServer;

beforeAll(async () => {
  // The conversation keeps 2 messages (the model's context); the export must keep them all.
  node = await startRoomNode({ HISTORY_MAX_MESSAGES: '2', ROOM_QUESTIONS_PER_MINUTE: '30' });
});

afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

afterAll(async () => {
  await node.close();
});

describe('the class transcript', () => {
  it('exports the whole session, not only the messages the conversation keeps', async () => {
    const teacher = await connectAs(node, `educator:v_teacher_${Date.now().toString(36)}`);
    const opened = ok(
      await request(teacher, 'school:open', { animalId: 'bella', approvalRequired: false }),
    );
    const student = await connectAs(node);
    ok(await request(student, 'room:join', { joinCode: opened.host.joinCode, nickname: 'Maya' }));
    const ends: ReplyEndEvent[] = [];
    student.on('reply:end', (event: ReplyEndEvent) => ends.push(event));
    const questions = ['What do you eat?', 'Where do you sleep?', 'How fast can you run?'];
    for (const [index, text] of questions.entries()) {
      ok(
        await request(student, 'room:ask', {
          roomId: opened.room.roomId,
          clientQuestionId: `cq-${index}`,
          text,
        }),
      );
      await until(() => ends.length > index, 20_000);
    }
    // An answer is copied into the transcript once its reply has ended and been stored.
    const exportNow = async () =>
      ok(await request(teacher, 'room:export', { roomId: opened.room.roomId }));
    await expect.poll(async () => (await exportNow()).messages.length, { timeout: 10_000 }).toBe(6);
    const again = await exportNow();
    expect(again.messages.map((message) => message.role)).toEqual([
      'user',
      'assistant',
      'user',
      'assistant',
      'user',
      'assistant',
    ]);
    expect(again.messages.filter((message) => message.role === 'user').map((m) => m.text)).toEqual(
      questions,
    );
    expect(again.transcript.split('\n')[0]).toMatch(/^\[\d\d:\d\d\] Maya: What do you eat\?$/);
    expect(again.messages.map((message) => message.text).slice(-1)[0]).toBe(ends[2]?.text);
  });
});
