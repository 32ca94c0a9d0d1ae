import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { definePlugin } from '../plugins/plugin-types.ts';
import type { MessageNewEvent, ReplyEndEvent } from '../protocol/events.ts';
import type { RoomQuestionEvent, RoomRemovedEvent } from '../protocol/room-events.ts';
import type { RunningServer } from '../server/start-server.ts';
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

let node: RunningServer;

// A plugin rule the room's own ask-time checks do not know: it refuses at answering time.
const refuseZebras = definePlugin({
  name: 'test-refuse-zebras',
  version: '1.0.0',
  hooks: {
    inspectMessage: (message) => {
      if (message.text.includes('zebra')) throw new EngineError('CMZ_ERR_SAFETY_INPUT_BLOCKED');
    },
  },
});

beforeAll(async () => {
  node = await startRoomNode({ ROOM_SCHOOL_MAX_MEMBERS: '3' }, [refuseZebras]);
});

afterEach(() => {
  for (const socket of openSockets.splice(0)) socket.close();
});

afterAll(async () => {
  await node.close();
});

async function openClass(approvalRequired = true) {
  const teacher = await connectAs(
    node,
    `educator:v_teacher_${Math.random().toString(36).slice(2)}`,
  );
  const opened = ok(await request(teacher, 'school:open', { animalId: 'bella', approvalRequired }));
  return { teacher, opened, roomId: opened.room.roomId, joinCode: opened.host.joinCode };
}

async function joinStudent(joinCode: string, nickname?: string) {
  const socket = await connectAs(node);
  const joined = ok(
    await request(socket, 'room:join', { joinCode, ...(nickname ? { nickname } : {}) }),
  );
  return { socket, joined };
}

function recordRoom(socket: EngineClient) {
  const messages: MessageNewEvent[] = [];
  const ends: ReplyEndEvent[] = [];
  const questions: RoomQuestionEvent[] = [];
  const timeline: string[] = [];
  socket.on('message:new', (event) => {
    messages.push(event);
    timeline.push('question');
  });
  socket.on('reply:end', (event) => {
    ends.push(event);
    timeline.push('answer');
  });
  socket.on('room:question', (event) => questions.push(event));
  return { messages, ends, questions, timeline };
}

async function ask(socket: EngineClient, roomId: string, text: string) {
  const clientQuestionId = `cq-${Math.random().toString(36).slice(2)}`;
  return ok(await request(socket, 'room:ask', { roomId, clientQuestionId, text })).question;
}

describe('school sessions', () => {
  it('lets only educators and admins open, and only hosts moderate', async () => {
    const guest = await connectAs(node);
    expect(codeOf(await request(guest, 'school:open', { animalId: 'bella' }))).toBe(
      'CMZ_ERR_ROOM_FORBIDDEN',
    );
    const keeper = await connectAs(node, 'zookeeper:v_keeper');
    expect(codeOf(await request(keeper, 'school:open', { animalId: 'bella' }))).toBe(
      'CMZ_ERR_ROOM_FORBIDDEN',
    );
    const admin = await connectAs(node, 'admin:v_admin');
    ok(await request(admin, 'school:open', { animalId: 'bella' }));
    const { opened, roomId, joinCode } = await openClass();
    expect(opened.host.joinPath).toBe(`/join/${joinCode}`);
    expect(opened.host.qrSvg).toContain('<svg');
    expect(opened.room).toMatchObject({ kind: 'school', approvalRequired: true, memberCount: 0 });
    const { socket: student, joined } = await joinStudent(joinCode, 'Tiger fan');
    const question = await ask(student, roomId, 'Do sloths sleep a lot?');
    expect(
      codeOf(
        await request(student, 'room:moderate', {
          roomId,
          action: 'approve',
          questionId: question.questionId,
        }),
      ),
    ).toBe('CMZ_ERR_ROOM_FORBIDDEN');
    expect(codeOf(await request(student, 'room:control', { roomId, action: 'pause' }))).toBe(
      'CMZ_ERR_ROOM_FORBIDDEN',
    );
    expect(codeOf(await request(student, 'room:export', { roomId }))).toBe(
      'CMZ_ERR_ROOM_FORBIDDEN',
    );
    expect(
      codeOf(
        await request(student, 'room:control', {
          roomId,
          action: 'remove',
          memberId: joined.memberId,
        }),
      ),
    ).toBe('CMZ_ERR_ROOM_FORBIDDEN');
    expect(
      codeOf(await request(guest, 'room:ask', { roomId, clientQuestionId: 'x', text: 'hi' })),
    ).toBe('CMZ_ERR_ROOM_NOT_FOUND');
  });

  it('refuses nicknames that are rude or personal and suggests a friendly one', async () => {
    const { joinCode } = await openClass();
    const socket = await connectAs(node);
    for (const nickname of ['Emma Stone', 'kid@example.com', 'fuck']) {
      expect(codeOf(await request(socket, 'room:join', { joinCode, nickname }))).toBe(
        'CMZ_ERR_ROOM_NICKNAME_REJECTED',
      );
    }
    const suggestion = ok(await request(socket, 'room:nickname', { locale: 'en' })).nickname;
    const joined = ok(await request(socket, 'room:join', { joinCode, nickname: suggestion }));
    expect(joined.nickname).toBe(suggestion);
    const generated = ok(await request(await connectAs(node), 'room:join', { joinCode }));
    expect(generated.nickname).toMatch(/^\p{Lu}\p{Ll}+ \p{Lu}\p{Ll}+$/u);
    expect(codeOf(await request(socket, 'room:join', { joinCode: 'ZZZZZZ' }))).toBe(
      'CMZ_ERR_ROOM_NOT_FOUND',
    );
  });

  it('answers approved questions one at a time in approval order: approve, edit, merge, reject, answer-all', async () => {
    const { teacher, roomId, joinCode } = await openClass();
    const maya = await joinStudent(joinCode, 'Maya');
    const leo = await joinStudent(joinCode, 'Leo');
    const seen = recordRoom(maya.socket);
    const leoSeen = recordRoom(leo.socket);
    const first = await ask(maya.socket, roomId, 'What do sloths eat?');
    const duplicate = await ask(leo.socket, roomId, 'what do sloths eat');
    const rejected = await ask(leo.socket, roomId, 'Can sloths fly?');
    expect(first.status).toBe('pending');
    const merged = ok(
      await request(teacher, 'room:moderate', {
        roomId,
        action: 'merge',
        questionId: first.questionId,
        mergeIds: [duplicate.questionId],
      }),
    );
    expect(merged.queue.map((question) => question.questionId)).toEqual([
      first.questionId,
      rejected.questionId,
    ]);
    ok(
      await request(teacher, 'room:moderate', {
        roomId,
        action: 'reject',
        questionId: rejected.questionId,
      }),
    );
    ok(
      await request(teacher, 'room:moderate', {
        roomId,
        action: 'approve',
        questionId: first.questionId,
        text: 'What do sloths like to eat?',
      }),
    );
    await until(() => seen.ends.length === 1);
    const later = await ask(maya.socket, roomId, 'How fast is a sloth?');
    const last = await ask(leo.socket, roomId, 'Where do sloths live?');
    ok(await request(teacher, 'room:moderate', { roomId, action: 'answer-all' }));
    await until(() => seen.ends.length === 3);
    const asked = seen.messages.filter((event) => event.message.role === 'user');
    expect(asked.map((event) => [event.message.text, event.message.author])).toEqual([
      ['What do sloths like to eat?', { kind: 'member', name: 'Maya, Leo' }],
      ['How fast is a sloth?', { kind: 'member', name: 'Maya' }],
      ['Where do sloths live?', { kind: 'member', name: 'Leo' }],
    ]);
    // One at a time: each question is posted only after the previous answer ended.
    expect(seen.timeline).toEqual([
      'question',
      'answer',
      'question',
      'answer',
      'question',
      'answer',
    ]);
    expect(
      leoSeen.questions.some(
        (event) =>
          event.question.questionId === rejected.questionId && event.question.status === 'rejected',
      ),
    ).toBe(true);
    await until(() =>
      leoSeen.questions.some(
        (event) =>
          event.question.questionId === last.questionId && event.question.status === 'answered',
      ),
    );
    expect(
      seen.questions
        .filter((event) => event.question.questionId === later.questionId)
        .map((event) => event.question.status),
    ).toEqual(['approved', 'answering', 'answered']);
    const exported = ok(await request(teacher, 'room:export', { roomId }));
    expect(exported.messages).toHaveLength(6);
    expect(exported.transcript.split('\n')[0]).toMatch(
      /^\[\d\d:\d\d\] Maya, Leo: What do sloths like to eat\?$/,
    );
    expect(exported.transcript.split('\n')[1]).toMatch(/^\[\d\d:\d\d\] Bella: /);
  });

  it('sends questions straight to the animal when approval is off, and refuses them while paused', async () => {
    const { teacher, roomId, joinCode } = await openClass(false);
    const student = await joinStudent(joinCode);
    const seen = recordRoom(student.socket);
    const ack = ok(
      await request(student.socket, 'room:ask', {
        roomId,
        clientQuestionId: 'cq-1',
        text: 'Are sloths slow?',
      }),
    );
    expect(ack.sentToAnimal).toBe(true);
    const again = ok(
      await request(student.socket, 'room:ask', {
        roomId,
        clientQuestionId: 'cq-1',
        text: 'Are sloths slow?',
      }),
    );
    expect(again).toMatchObject({
      duplicate: true,
      question: { questionId: ack.question.questionId },
    });
    await until(() => seen.ends.length === 1);
    ok(await request(teacher, 'room:control', { roomId, action: 'pause' }));
    expect(
      codeOf(
        await request(student.socket, 'room:ask', {
          roomId,
          clientQuestionId: 'cq-2',
          text: 'Hi?',
        }),
      ),
    ).toBe('CMZ_ERR_ROOM_PAUSED');
    const resumed = ok(await request(teacher, 'room:control', { roomId, action: 'resume' }));
    expect(resumed.room.paused).toBe(false);
    expect(
      codeOf(
        await request(student.socket, 'room:ask', {
          roomId,
          clientQuestionId: 'cq-3',
          text: 'you are stupid, fuck',
        }),
      ),
    ).toBe('CMZ_ERR_SAFETY_INPUT_BLOCKED');
    // Approval back on: a question a plugin refuses when it is answered ends rejected.
    const approval = ok(
      await request(teacher, 'room:control', {
        roomId,
        action: 'approval',
        approvalRequired: true,
      }),
    );
    expect(approval.room.approvalRequired).toBe(true);
    const zebra = await ask(student.socket, roomId, 'Is a zebra faster than a sloth?');
    ok(
      await request(teacher, 'room:moderate', {
        roomId,
        action: 'answer',
        questionId: zebra.questionId,
      }),
    );
    await until(() =>
      seen.questions.some(
        (event) =>
          event.question.questionId === zebra.questionId && event.question.status === 'rejected',
      ),
    );
    expect(seen.ends).toHaveLength(1);
  });

  it('removes a student for good and refuses a full class', async () => {
    const { teacher, roomId, joinCode } = await openClass();
    const student = await joinStudent(joinCode, 'Maya');
    const removedEvents: RoomRemovedEvent[] = [];
    student.socket.on('room:removed', (event) => removedEvents.push(event));
    const hostView = ok(await request(teacher, 'room:join', { joinCode }));
    expect(hostView.host?.members).toEqual([
      { memberId: student.joined.memberId, nickname: 'Maya', connected: true },
    ]);
    ok(
      await request(teacher, 'room:control', {
        roomId,
        action: 'remove',
        memberId: student.joined.memberId,
      }),
    );
    await until(() => removedEvents.length === 1);
    expect(
      codeOf(
        await request(student.socket, 'room:ask', {
          roomId,
          clientQuestionId: 'cq',
          text: 'Hello?',
        }),
      ),
    ).toBe('CMZ_ERR_ROOM_MEMBER_REMOVED');
    const returning = await connectAs(node);
    expect(
      codeOf(
        await request(returning, 'room:join', {
          joinCode,
          memberToken: student.joined.memberToken,
        }),
      ),
    ).toBe('CMZ_ERR_ROOM_MEMBER_REMOVED');
    // The cap (3 in this test) counts current members.
    await joinStudent(joinCode);
    await joinStudent(joinCode);
    const third = await joinStudent(joinCode, 'Leo');
    expect(codeOf(await request(await connectAs(node), 'room:join', { joinCode }))).toBe(
      'CMZ_ERR_ROOM_FULL',
    );
    // A member rejoining with its token (after a reconnect) is not a new member.
    const rejoin = ok(
      await request(await connectAs(node), 'room:join', {
        joinCode,
        memberToken: third.joined.memberToken,
      }),
    );
    expect(rejoin).toMatchObject({ memberId: third.joined.memberId, nickname: 'Leo' });
    expect(hostView.host).toBeDefined();
    const ended = ok(await request(teacher, 'room:control', { roomId, action: 'end' }));
    expect(ended.room.ended).toBe(true);
    expect(codeOf(await request(await connectAs(node), 'room:join', { joinCode }))).toBe(
      'CMZ_ERR_ROOM_NOT_FOUND',
    );
  });
});
