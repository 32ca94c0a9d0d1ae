import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createConversationRepository,
  type ConversationRepository,
} from './conversation-repository.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { manualClock, startTestStore, type TestStore } from './test-store.ts';

let store: TestStore;
let conversations: ConversationRepository;
const clock = manualClock('2025-05-01T09:00:00.000Z');

beforeAll(async () => {
  store = await startTestStore();
  conversations = createConversationRepository({
    document: store.document,
    tableNames: { session: store.tableNames.session, conversation: store.tableNames.conversation },
    clock,
  });
});
afterAll(() => store.close());

/** Appends `count` user/assistant pairs, one second apart. */
async function chat(sessionId: string, userId: string, animalId: string, count: number) {
  for (let index = 0; index < count; index++) {
    await conversations.appendTurn({
      sessionId,
      userId,
      animalId,
      animalName: animalId.toUpperCase(),
      role: 'user',
      content: `question ${index}`,
    });
    // Same instant on purpose: the sequence number keeps the order.
    await conversations.appendTurn({
      sessionId,
      userId,
      animalId,
      animalName: animalId.toUpperCase(),
      role: 'assistant',
      content: `answer ${index}`,
      metadata: { tokensPrompt: 10, tokensCompletion: 5, latencyMs: 42 },
    });
    clock.advance(1_000);
  }
}

describe('conversation repository', () => {
  it('appends turns, keeps their order and counts them on the session', async () => {
    await chat('session_a', 'user_1', 'bella', 3);
    const session = await conversations.getSession('session_a');
    expect(session).toEqual({
      sessionId: 'session_a',
      userId: 'user_1',
      animalId: 'bella',
      animalName: 'BELLA',
      startTime: '2025-05-01T09:00:00.000Z',
      lastMessageTime: '2025-05-01T09:00:02.000Z',
      messageCount: 6,
      duration: 2,
    });
    const history = await conversations.getHistory('session_a');
    expect(history?.totalTurns).toBe(6);
    expect(history?.turns.map((turn) => turn.content)).toEqual([
      'question 0',
      'answer 0',
      'question 1',
      'answer 1',
      'question 2',
      'answer 2',
    ]);
    expect(history?.turns[1]).toMatchObject({
      sessionId: 'session_a',
      role: 'assistant',
      metadata: { tokensPrompt: 10, tokensCompletion: 5, latencyMs: 42 },
    });
    expect(history?.turns[0]?.turnId).toMatch(/^turn_[0-9a-f]{16}$/);
    expect(await conversations.getHistory('session_missing')).toBeUndefined();
  });

  it('pages history with offset/limit and filters by date', async () => {
    const page = await conversations.getHistory('session_a', { offset: 2, limit: 2 });
    expect(page?.turns.map((turn) => turn.content)).toEqual(['question 1', 'answer 1']);
    const ranged = await conversations.getHistory('session_a', {
      startDate: '2025-05-01T09:00:01.000Z',
      endDate: '2025-05-01T11:00:01+02:00',
    });
    expect(ranged?.totalTurns).toBe(2);
    expect(ranged?.turns.map((turn) => turn.content)).toEqual(['question 1', 'answer 1']);
    await expect(
      conversations.getHistory('session_a', { startDate: 'not a date' }),
    ).rejects.toThrow(RangeError);
  });

  it('refuses a turn for a session owned by another user', async () => {
    await expect(
      conversations.appendTurn({
        sessionId: 'session_a',
        userId: 'user_intruder',
        animalId: 'bella',
        animalName: 'BELLA',
        role: 'user',
        content: 'hi',
      }),
    ).rejects.toBeInstanceOf(ConditionFailed);
    expect((await conversations.getSession('session_a'))?.messageCount).toBe(6);
  });

  it('stores summaries', async () => {
    await conversations.setSummary('session_a', 'Talked about bears.');
    expect((await conversations.getSession('session_a'))?.summary).toBe('Talked about bears.');
    await expect(conversations.setSummary('session_missing', 'x')).rejects.toBeInstanceOf(NotFound);
  });

  it('lists sessions with filters, sorting and a stable cursor', async () => {
    await chat('session_b', 'user_1', 'leo', 1);
    await chat('session_c', 'user_2', 'bella', 4);
    await chat('session_d', 'user_1', 'bella', 2);
    const byUser = await conversations.listSessions({ userId: 'user_1' });
    expect(byUser.totalCount).toBe(3);
    // Default: most recent last message first.
    expect(byUser.sessions.map((session) => session.sessionId)).toEqual([
      'session_d',
      'session_b',
      'session_a',
    ]);
    const byAnimal = await conversations.listSessions({
      animalId: 'bella',
      sortBy: 'messageCount',
    });
    expect(byAnimal.sessions.map((session) => session.sessionId)).toEqual([
      'session_c',
      'session_a',
      'session_d',
    ]);
    const both = await conversations.listSessions({ userId: 'user_1', animalId: 'bella' });
    expect(both.totalCount).toBe(2);

    const first = await conversations.listSessions({
      sortBy: 'duration',
      sortOrder: 'asc',
      limit: 2,
    });
    expect(first.totalCount).toBe(4);
    expect(first.sessions.map((session) => session.duration)).toEqual([0, 1]);
    expect(first.lastEvaluatedKey).toBeDefined();
    // A session created between pages does not shift the next page.
    await chat('session_e', 'user_3', 'leo', 1);
    const second = await conversations.listSessions({
      sortBy: 'duration',
      sortOrder: 'asc',
      limit: 2,
      cursor: first.lastEvaluatedKey ?? '',
    });
    expect(second.sessions.map((session) => session.sessionId)).toEqual(['session_a', 'session_c']);
    expect(second.lastEvaluatedKey).toBeUndefined();

    const dated = await conversations.listSessions({
      startDate: '2025-05-01T09:00:03.000Z',
      endDate: '2025-05-01T09:00:07.999Z',
    });
    expect(dated.sessions.map((session) => session.sessionId).sort()).toEqual([
      'session_b',
      'session_c',
    ]);
    await expect(conversations.listSessions({ cursor: 'garbage' })).rejects.toThrow(RangeError);
    await expect(
      conversations.listSessions({ cursor: Buffer.from('[1]').toString('base64url') }),
    ).rejects.toThrow(RangeError);
    const beyond = await conversations.listSessions({
      cursor: Buffer.from(JSON.stringify(['0000', 'z'])).toString('base64url'),
    });
    expect(beyond).toEqual({ sessions: [], totalCount: 5 });
  });

  it('deletes history by session, animal, age and user, turns included', async () => {
    await expect(conversations.deleteHistory({})).rejects.toThrow(RangeError);
    expect(await conversations.deleteHistory({ sessionId: 'session_b' })).toBe(1);
    expect(await conversations.getSession('session_b')).toBeUndefined();
    expect(await conversations.getHistory('session_b')).toBeUndefined();
    expect(await conversations.deleteHistory({ sessionId: 'session_b' })).toBe(0);
    // A session id with a non-matching user filter is left alone.
    expect(await conversations.deleteHistory({ sessionId: 'session_c', userId: 'user_1' })).toBe(0);

    expect(await conversations.deleteHistory({ olderThan: '2025-05-01T09:00:03.000Z' })).toBe(1);
    expect(await conversations.getSession('session_a')).toBeUndefined();

    expect(await conversations.deleteHistory({ animalId: 'leo' })).toBe(1);
    expect(await conversations.getSession('session_e')).toBeUndefined();

    expect(await conversations.deleteAllForUser('user_1')).toBe(1);
    const left = await conversations.listSessions();
    expect(left.sessions.map((session) => session.sessionId)).toEqual(['session_c']);
    // Re-creating a deleted session id starts from scratch: no old turns come back.
    await chat('session_d', 'user_1', 'bella', 1);
    expect((await conversations.getHistory('session_d'))?.totalTurns).toBe(2);
  });

  it('deletes more turns than one batch holds', async () => {
    await chat('session_big', 'user_9', 'nova', 20);
    expect((await conversations.getHistory('session_big', { limit: 500 }))?.turns).toHaveLength(40);
    expect(await conversations.deleteAllForUser('user_9')).toBe(1);
    expect(await conversations.getHistory('session_big')).toBeUndefined();
  });
});
