import { describe, expect, it } from 'vitest';
import type { AnimalSummary } from '@cmz/engine/protocol';
import { MemberTokenStore } from './member-token-store.ts';
import type { RoomJoinAck, RoomSocket, RoomState } from './room-protocol.ts';
import { RoomSession } from './room-session.ts';

const animal: AnimalSummary = {
  id: 'bella',
  name: 'Bella',
  species: 'Bear',
  tagline: 'Sniff',
  emoji: '🐻',
  locales: ['en'],
};
const room: RoomState = {
  roomId: 'rm_1',
  kind: 'school',
  conversationId: 'c_1',
  animal,
  locale: 'en',
  approvalRequired: true,
  paused: false,
  ended: false,
  keeperTakeover: false,
  memberCount: 1,
  memberCountApproximate: false,
};

function joinAck(overrides: Partial<RoomJoinAck> = {}): RoomJoinAck {
  return {
    ok: true,
    room,
    memberId: 'rmm_1',
    memberToken: 'token-1',
    nickname: 'Brave Otter',
    history: [],
    questions: [],
    votedQuestionIds: [],
    ...overrides,
  };
}

/** A socket that records what was emitted and answers acks from a table. */
class FakeSocket {
  connected = true;
  listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  emitted: { event: string; payload: Record<string, unknown> }[] = [];
  answers = new Map<string, (payload: Record<string, unknown>) => unknown>();

  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  off(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((item) => item !== listener),
    );
    return this;
  }
  emit(event: string, payload: Record<string, unknown>) {
    this.emitted.push({ event, payload });
    return this;
  }
  timeout() {
    return {
      emitWithAck: (event: string, payload: Record<string, unknown>) => {
        this.emitted.push({ event, payload });
        return Promise.resolve(this.answers.get(event)?.(payload));
      },
    };
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  joins() {
    return this.emitted.filter((item) => item.event === 'room:join').map((item) => item.payload);
  }
  asSocket() {
    return this as unknown as RoomSocket;
  }
}

function memoryStorage() {
  const map = new Map<string, string>();
  return {
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
  };
}

/** A token store over its own in-memory storage (one per session under test). */
function freshTokens() {
  const storage = memoryStorage();
  return new MemberTokenStore(() => storage);
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('RoomSession: joining and reconnecting', () => {
  it('joins with the nickname first, then with the kept memberToken after a reconnect', async () => {
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck());
    const storage = memoryStorage();
    const tokens = new MemberTokenStore(() => storage);
    const session = new RoomSession({
      socket: socket.asSocket(),
      joinCode: 'k7qx2m',
      nickname: 'Brave Otter',
      tokens,
    });
    await flush();
    expect(socket.joins()).toEqual([{ joinCode: 'K7QX2M', nickname: 'Brave Otter' }]);
    expect(session.view.nickname).toBe('Brave Otter');
    expect(tokens.load('K7QX2M')).toEqual({ memberToken: 'token-1', nickname: 'Brave Otter' });

    socket.fire('disconnect', 'transport close');
    expect(session.chat.status).toBe('reconnecting');
    socket.fire('connect');
    await flush();
    expect(socket.joins()[1]).toEqual({ joinCode: 'K7QX2M', memberToken: 'token-1' });
    expect(session.chat.status).toBe('connected');
  });

  it('a new page in the same tab rejoins with the stored token, not a new nickname', async () => {
    const storage = memoryStorage();
    const tokens = new MemberTokenStore(() => storage);
    tokens.save('K7QX2M', { memberToken: 'token-kept', nickname: 'Kai' });
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck({ nickname: 'Kai', memberToken: 'token-kept' }));
    new RoomSession({ socket: socket.asSocket(), joinCode: 'K7QX2M', nickname: 'Other', tokens });
    await flush();
    expect(socket.joins()).toEqual([{ joinCode: 'K7QX2M', memberToken: 'token-kept' }]);
  });

  it('forgets the token and stops when the member was removed', async () => {
    const storage = memoryStorage();
    const tokens = new MemberTokenStore(() => storage);
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck());
    const session = new RoomSession({ socket: socket.asSocket(), joinCode: 'K7QX2M', tokens });
    await flush();
    socket.fire('room:removed', { roomId: 'rm_1' });
    expect(session.view.removed).toBe(true);
    expect(tokens.load('K7QX2M')).toBeNull();
    socket.fire('connect');
    await flush();
    expect(socket.joins()).toHaveLength(1);
  });

  it('reports a refused nickname once and does not retry by itself', async () => {
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => ({
      ok: false,
      code: 'CMZ_ERR_ROOM_NICKNAME_REJECTED',
      message: 'Please pick another nickname',
      temporary: false,
    }));
    const problems: unknown[] = [];
    const session = new RoomSession({
      socket: socket.asSocket(),
      joinCode: 'K7QX2M',
      nickname: 'Sam Smith',
      tokens: freshTokens(),
      onJoinProblem: (problem) => problems.push(problem),
    });
    await flush();
    expect(session.view.joinProblem?.code).toBe('CMZ_ERR_ROOM_NICKNAME_REJECTED');
    expect(problems).toHaveLength(1);
    socket.fire('connect');
    await flush();
    expect(socket.joins()).toHaveLength(1);
  });
});

describe('RoomSession: the shared conversation and questions', () => {
  it('streams answers into the conversation with the asker as author', async () => {
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck());
    const session = new RoomSession({
      socket: socket.asSocket(),
      joinCode: 'K7QX2M',
      tokens: freshTokens(),
    });
    await flush();
    socket.fire('message:new', {
      conversationId: 'c_1',
      message: {
        id: 'm1',
        role: 'user',
        text: 'What do you eat?',
        createdAt: '',
        author: { kind: 'member', name: 'Kai' },
      },
    });
    socket.fire('reply:start', {
      conversationId: 'c_1',
      replyId: 'r1',
      messageId: 'm1',
      animalId: 'bella',
    });
    socket.fire('reply:delta', { conversationId: 'c_1', replyId: 'r1', seq: 1, text: 'Berries ' });
    socket.fire('reply:delta', { conversationId: 'c_1', replyId: 'r1', seq: 2, text: 'and fish.' });
    expect(session.chat.messages.map((message) => message.text)).toEqual([
      'What do you eat?',
      'Berries and fish.',
    ]);
    expect(session.view.authorOf('m1')?.name).toBe('Kai');
  });

  it('asks with a clientQuestionId and shows the question as waiting', async () => {
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck());
    socket.answers.set('room:ask', (payload) => ({
      ok: true,
      question: {
        questionId: 'q1',
        author: 'Brave Otter',
        text: payload.text,
        status: 'pending',
        votes: 0,
        mergedFrom: [],
        createdAt: '',
      },
      sentToAnimal: false,
      duplicate: false,
    }));
    const session = new RoomSession({
      socket: socket.asSocket(),
      joinCode: 'K7QX2M',
      tokens: freshTokens(),
      newId: () => 'cq-1',
    });
    await flush();
    const result = await session.ask('  Do you sleep in winter?  ');
    expect(result.ok).toBe(true);
    expect(socket.emitted.at(-1)).toEqual({
      event: 'room:ask',
      payload: { roomId: 'rm_1', clientQuestionId: 'cq-1', text: 'Do you sleep in winter?' },
    });
    expect(session.view.questions.map((question) => question.status)).toEqual(['pending']);
    socket.fire('room:question', {
      roomId: 'rm_1',
      question: { ...session.view.questions[0], status: 'approved' },
    });
    expect(session.view.questions[0]?.status).toBe('approved');
  });

  it('votes once: a second vote is not sent', async () => {
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck({ room: { ...room, kind: 'live' } }));
    socket.answers.set('room:vote', (payload) => ({
      ok: true,
      questionId: payload.questionId,
      votes: 1,
      counted: true,
    }));
    const session = new RoomSession({
      socket: socket.asSocket(),
      joinCode: 'K7QX2M',
      tokens: freshTokens(),
    });
    await flush();
    expect((await session.vote('q1')).ok).toBe(true);
    expect((await session.vote('q1')).ok).toBe(false);
    expect(socket.emitted.filter((item) => item.event === 'room:vote')).toHaveLength(1);
    expect(session.view.hasVoted('q1')).toBe(true);
  });

  it('a live viewer joins again (same token) when votes name a question it does not know', async () => {
    const socket = new FakeSocket();
    socket.answers.set('room:join', () => joinAck({ room: { ...room, kind: 'live' } }));
    let now = 0;
    const session = new RoomSession({
      socket: socket.asSocket(),
      joinCode: 'K7QX2M',
      tokens: freshTokens(),
      now: () => now,
    });
    await flush();
    socket.fire('room:votes', { roomId: 'rm_1', votes: [{ questionId: 'q9', votes: 1 }] });
    await flush();
    socket.fire('room:votes', { roomId: 'rm_1', votes: [{ questionId: 'q9', votes: 2 }] });
    await flush();
    expect(socket.joins()).toEqual([
      { joinCode: 'K7QX2M' },
      { joinCode: 'K7QX2M', memberToken: 'token-1' },
    ]);
    now = 10_000;
    socket.fire('room:votes', { roomId: 'rm_1', votes: [{ questionId: 'q9', votes: 3 }] });
    await flush();
    expect(session.view.room?.kind).toBe('live');
    expect(socket.joins()).toHaveLength(3);
  });
});
