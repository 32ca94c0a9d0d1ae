import { describe, expect, it } from 'vitest';
import type { AnimalSummary } from '@cmz/engine/protocol';
import { sortQueue, withVotes } from './queue-order.ts';
import type { RoomHostView, RoomJoinAck, RoomQuestion, RoomState } from './room-protocol.ts';
import { RoomView } from './room-state.svelte.ts';

const animal: AnimalSummary = {
  id: 'bella',
  name: 'Bella',
  species: 'Bear',
  tagline: 'Sniff',
  emoji: '🐻',
  locales: ['en'],
};

function roomState(overrides: Partial<RoomState> = {}): RoomState {
  return {
    roomId: 'rm_1',
    kind: 'live',
    conversationId: 'c_1',
    animal,
    locale: 'en',
    approvalRequired: true,
    paused: false,
    ended: false,
    keeperTakeover: false,
    memberCount: 2,
    memberCountApproximate: false,
    ...overrides,
  };
}

const question = (
  questionId: string,
  votes: number,
  createdAt: string,
  status: RoomQuestion['status'] = 'approved',
): RoomQuestion => ({
  questionId,
  author: `Viewer ${questionId}`,
  text: `Question ${questionId}?`,
  status,
  votes,
  mergedFrom: [],
  createdAt,
});

function joinAck(overrides: Partial<RoomJoinAck> = {}): RoomJoinAck {
  return {
    ok: true,
    room: roomState(),
    memberId: 'rmm_1',
    memberToken: 'token-1',
    nickname: 'Viewer 1',
    history: [],
    questions: [],
    votedQuestionIds: [],
    ...overrides,
  };
}

const hostView = (queue: RoomQuestion[]): RoomHostView => ({
  joinCode: 'K7QX2M',
  joinPath: '/live/K7QX2M',
  qrSvg: '<svg></svg>',
  queue,
  members: [],
  pace: { mode: 'manual', intervalSeconds: 30 },
  moderators: [],
});

describe('queue order', () => {
  const older = question('a', 1, '2025-01-01T10:00:00.000Z');
  const newer = question('b', 3, '2025-01-01T10:01:00.000Z');
  const tie = question('c', 1, '2025-01-01T10:02:00.000Z');

  it('puts the most voted question first in a live room, ties by who asked first', () => {
    expect(sortQueue([tie, older, newer], 'live').map((item) => item.questionId)).toEqual([
      'b',
      'a',
      'c',
    ]);
  });

  it('keeps the order students asked in for a school session, whatever the votes', () => {
    expect(sortQueue([tie, newer, older], 'school').map((item) => item.questionId)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });

  it('applies a batch of vote counts without touching the other questions', () => {
    const updated = withVotes([older, newer], [{ questionId: 'a', votes: 7 }]);
    expect(updated.map((item) => item.votes)).toEqual([7, 3]);
    expect(updated[1]).toBe(newer);
  });
});

describe('RoomView: the moderator queue', () => {
  it('re-sorts the queue when batched votes change the order', () => {
    const view = new RoomView();
    view.applyJoin(
      joinAck({
        host: hostView([
          question('a', 2, '2025-01-01T10:00:00.000Z'),
          question('b', 1, '2025-01-01T10:01:00.000Z'),
          question('x', 9, '2025-01-01T10:02:00.000Z', 'answered'),
        ]),
      }),
    );
    expect(view.isHost).toBe(true);
    // Answered questions leave the queue.
    expect(view.queue.map((item) => item.questionId)).toEqual(['a', 'b']);
    view.applyVotes({ roomId: 'rm_1', votes: [{ questionId: 'b', votes: 5 }] });
    expect(view.queue.map((item) => item.questionId)).toEqual(['b', 'a']);
  });

  it('ignores queue and vote events of another room', () => {
    const view = new RoomView();
    view.applyJoin(joinAck({ host: hostView([question('a', 2, '2025-01-01T10:00:00.000Z')]) }));
    view.applyQueue({ roomId: 'rm_other', queue: [] });
    view.applyVotes({ roomId: 'rm_other', votes: [{ questionId: 'a', votes: 50 }] });
    expect(view.queue).toHaveLength(1);
    expect(view.queue[0]?.votes).toBe(2);
  });

  it('takes the school members from a queue event', () => {
    const view = new RoomView();
    view.applyJoin(joinAck({ room: roomState({ kind: 'school' }), host: hostView([]) }));
    view.applyQueue({
      roomId: 'rm_1',
      queue: [],
      members: [{ memberId: 'rmm_2', nickname: 'Brave Otter', connected: true }],
    });
    expect(view.host?.members.map((member) => member.nickname)).toEqual(['Brave Otter']);
  });
});

describe('RoomView: votes of a viewer', () => {
  it('remembers the votes of the join ack and records a new vote once', () => {
    const view = new RoomView();
    view.applyJoin(
      joinAck({
        questions: [
          question('a', 1, '2025-01-01T10:00:00.000Z'),
          question('b', 0, '2025-01-01T10:01:00.000Z'),
        ],
        votedQuestionIds: ['a'],
      }),
    );
    expect(view.hasVoted('a')).toBe(true);
    expect(view.hasVoted('b')).toBe(false);
    view.recordVote('b', 1);
    view.recordVote('b', 1);
    expect(view.votedQuestionIds).toEqual(['a', 'b']);
    expect(view.publicQuestions.map((item) => [item.questionId, item.votes])).toEqual([
      ['a', 1],
      ['b', 1],
    ]);
  });

  it('shows only approved questions to viewers, and drops one once hidden', () => {
    const view = new RoomView();
    view.applyJoin(
      joinAck({ questions: [question('a', 0, '2025-01-01T10:00:00.000Z', 'pending')] }),
    );
    expect(view.publicQuestions).toEqual([]);
    view.applyQuestion(question('a', 0, '2025-01-01T10:00:00.000Z', 'approved'));
    expect(view.publicQuestions.map((item) => item.questionId)).toEqual(['a']);
    view.applyQuestion(question('a', 0, '2025-01-01T10:00:00.000Z', 'hidden'));
    expect(view.publicQuestions).toEqual([]);
  });

  it('adds batched reaction counts to running totals', () => {
    const view = new RoomView();
    view.addReactions({ '👍': 3 });
    view.addReactions({ '👍': 2, '🐾': 1, '❤️': -4 });
    expect(view.reactions).toEqual({ '👍': 5, '🐾': 1 });
  });

  it('knows who wrote each message of the history', () => {
    const view = new RoomView();
    view.applyJoin(
      joinAck({
        history: [
          {
            id: 'm1',
            role: 'user',
            text: 'Hi?',
            createdAt: '',
            author: { kind: 'member', name: 'Kai' },
          },
          { id: 'm2', role: 'assistant', text: 'Hello', createdAt: '' },
        ],
      }),
    );
    expect(view.authorOf('m1')).toEqual({ kind: 'member', name: 'Kai' });
    expect(view.authorOf('m2')).toBeUndefined();
  });
});
