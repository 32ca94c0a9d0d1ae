import { describe, expect, it, vi } from 'vitest';
import type { AnimalSummary, JoinAck, ReplyDeltaEvent, ReplyEndEvent } from '@cmz/engine/protocol';
import { ChatSession, ConversationState } from './conversation.svelte.ts';
import type { ChatSocket } from './socket-client.ts';

const animal: AnimalSummary = {
  id: 'bella',
  name: 'Bella',
  species: 'Bear',
  tagline: 'Sniff',
  emoji: '🐻',
  locales: ['en', 'es', 'zh'],
};
const conversationId = 'c_1';

function joinAck(overrides: Partial<JoinAck> = {}): JoinAck {
  return { ok: true, conversationId, animal, locale: 'en', history: [], ...overrides };
}
const delta = (seq: number, text: string, replyId = 'r_1'): ReplyDeltaEvent => ({
  conversationId,
  replyId,
  seq,
  text,
});
const end = (text: string, overrides: Partial<ReplyEndEvent> = {}): ReplyEndEvent => ({
  conversationId,
  replyId: 'r_1',
  text,
  citations: [],
  suggestions: [],
  usage: { promptTokens: 1, completionTokens: 1, totalTokens: 2 },
  finishReason: 'stop',
  lastSeq: 3,
  ...overrides,
});

function joined(ack: JoinAck = joinAck()): ConversationState {
  const state = new ConversationState();
  state.join(ack);
  return state;
}

describe('ConversationState: streaming replies', () => {
  it('assembles deltas in seq order and ignores duplicates (seq ≤ last seen)', () => {
    const state = joined();
    state.replyStart({ conversationId, replyId: 'r_1', messageId: 'm_1', animalId: 'bella' });
    expect(state.replyDelta(delta(1, 'Sniff… '))).toBe('applied');
    expect(state.replyDelta(delta(2, 'I '))).toBe('applied');
    expect(state.replyDelta(delta(2, 'I '))).toBe('ignored');
    expect(state.replyDelta(delta(1, 'Sniff… '))).toBe('ignored');
    expect(state.replyDelta(delta(3, 'eat.'))).toBe('applied');
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({
      role: 'assistant',
      text: 'Sniff… I eat.',
      status: 'streaming',
    });
    expect(state.activeReplyId).toBe('r_1');
    expect(state.lastSeq('r_1')).toBe(3);
  });

  it('reports a gap when deltas were missed and does not apply it (the resume fills it)', () => {
    const state = joined();
    state.replyDelta(delta(1, 'a '));
    expect(state.replyDelta(delta(4, 'd '))).toBe('gap');
    expect(state.messages[0]?.text).toBe('a ');
    expect(state.resumePoint()).toEqual({ replyId: 'r_1', seq: 1 });
  });

  it('applies coalesced deltas by fromSeq and treats a partial overlap as a gap', () => {
    const state = joined();
    expect(state.replyDelta({ ...delta(3, 'a b c '), fromSeq: 1 })).toBe('applied');
    expect(state.replyDelta({ ...delta(5, 'c d e '), fromSeq: 3 })).toBe('gap');
    expect(state.replyDelta({ ...delta(3, 'a b c '), fromSeq: 1 })).toBe('ignored');
    expect(state.replyDelta({ ...delta(5, 'd e '), fromSeq: 4 })).toBe('applied');
    expect(state.messages[0]?.text).toBe('a b c d e ');
    expect(state.lastSeq('r_1')).toBe(5);
  });

  it('replaces the text on reply:resync and goes on from its seq', () => {
    const state = joined();
    state.replyDelta(delta(1, 'a '));
    state.replyResync({ conversationId, replyId: 'r_1', text: 'a b c ', seq: 3 });
    expect(state.messages[0]?.text).toBe('a b c ');
    expect(state.replyDelta(delta(4, 'd '))).toBe('applied');
    state.replyResync({ conversationId, replyId: 'r_1', text: 'a ', seq: 1 });
    expect(state.messages[0]?.text).toBe('a b c d ');
  });

  it('replaces the assembled text with reply:end, shows citations and suggestions, announces once', () => {
    const state = joined();
    state.replyDelta(delta(1, 'Sniff '));
    state.replyDelta(delta(2, 'I eat fish'));
    expect(state.announcement).toBe('');
    state.replyEnd(
      end('Sniff… I eat fish.', {
        citations: [{ cardId: 'bella-diet', title: 'Diet', text: 'Bears eat fish.' }],
        suggestions: ['Where do you sleep?', 'Do you swim?'],
        lastSeq: 2,
      }),
    );
    expect(state.messages[0]).toMatchObject({ text: 'Sniff… I eat fish.', status: 'complete' });
    expect(state.messages[0]?.citations).toEqual([
      { cardId: 'bella-diet', title: 'Diet', text: 'Bears eat fish.' },
    ]);
    expect(state.suggestions).toEqual(['Where do you sleep?', 'Do you swim?']);
    expect(state.activeReplyId).toBeNull();
    expect(state.announcement).toBe('Bella: Sniff… I eat fish.');
    // Late deltas of a finished reply change nothing.
    expect(state.replyDelta(delta(3, ' extra'))).toBe('ignored');
    expect(state.messages[0]?.text).toBe('Sniff… I eat fish.');
  });

  it('marks a stopped reply and announces the same words again as a new announcement', () => {
    const state = joined();
    state.replyEnd(end('Hi.', { replyId: 'r_1', finishReason: 'aborted' }));
    expect(state.messages[0]?.status).toBe('stopped');
    const first = state.announcement;
    state.replyEnd(end('Hi.', { replyId: 'r_2' }));
    expect(state.announcement).not.toBe(first);
    expect(state.announcement.trim()).toBe(first);
  });

  it('ignores events of another conversation', () => {
    const state = joined();
    expect(state.replyDelta({ ...delta(1, 'x'), conversationId: 'c_other' })).toBe('ignored');
    state.replyEnd({ ...end('x'), conversationId: 'c_other' });
    expect(state.messages).toEqual([]);
  });
});

describe('ConversationState: joining and resuming', () => {
  it('resumes a reply from the join snapshot and applies only later deltas', () => {
    const state = joined();
    state.replyDelta(delta(1, 'Sniff… '));
    // Disconnected here; deltas 2–5 were missed. The rejoin's snapshot holds them.
    state.join(
      joinAck({
        history: [
          {
            id: 'm_1',
            role: 'user',
            text: 'What do you eat?',
            createdAt: '2026-01-01T00:00:00Z',
            clientMessageId: 'k1',
          },
        ],
        activeReply: { replyId: 'r_1', text: 'Sniff… I eat fish and', seq: 5 },
      }),
    );
    expect(state.messages.map((message) => message.text)).toEqual([
      'What do you eat?',
      'Sniff… I eat fish and',
    ]);
    expect(state.messages[1]?.status).toBe('streaming');
    expect(state.activeReplyId).toBe('r_1');
    expect(state.replyDelta(delta(4, ' fish'))).toBe('ignored');
    expect(state.replyDelta(delta(5, ' and'))).toBe('ignored');
    expect(state.replyDelta(delta(6, ' berries.'))).toBe('applied');
    expect(state.messages[1]?.text).toBe('Sniff… I eat fish and berries.');
  });

  it('takes a reply that finished while away from the history', () => {
    const state = joined();
    state.replyDelta(delta(1, 'Sniff'));
    state.join(
      joinAck({
        history: [
          {
            id: 'm_2',
            role: 'assistant',
            text: 'Sniff. Done.',
            createdAt: '2026-01-01T00:00:00Z',
            replyId: 'r_1',
            status: 'complete',
          },
        ],
      }),
    );
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ text: 'Sniff. Done.', status: 'complete' });
    expect(state.activeReplyId).toBeNull();
    expect(state.replyDelta(delta(2, ' more'))).toBe('ignored');
  });
});

describe('ConversationState: resuming by seq', () => {
  const question = {
    id: 'm_q',
    role: 'user' as const,
    text: 'What do you eat?',
    createdAt: '2025-01-01T00:00:00.000Z',
    clientMessageId: 'k-1',
  };

  it('applies exactly the missing deltas of a resumed reply to the text it held', () => {
    const state = joined();
    state.replyDelta(delta(1, 'a '));
    state.replyDelta(delta(2, 'b '));
    state.join(
      joinAck({
        history: [question],
        activeReply: { replyId: 'r_1', text: 'a b c d ', seq: 4 },
        resume: {
          replyId: 'r_1',
          status: 'streaming',
          lastSeq: 4,
          deltas: [
            { seq: 3, text: 'c ' },
            { seq: 4, text: 'd ' },
          ],
        },
      }),
    );
    expect(state.messages.at(-1)).toMatchObject({ text: 'a b c d ', status: 'streaming' });
    expect(state.activeReplyId).toBe('r_1');
    expect(state.replyDelta(delta(4, 'd '))).toBe('ignored');
    expect(state.replyDelta(delta(5, 'e'))).toBe('applied');
    expect(state.messages.at(-1)?.text).toBe('a b c d e');
  });

  it('replaces the text with the snapshot when the deltas were compacted', () => {
    const state = joined();
    state.replyDelta(delta(1, 'a '));
    state.join(
      joinAck({
        resume: {
          replyId: 'r_1',
          status: 'streaming',
          lastSeq: 9,
          snapshot: { text: 'a b c d e f g h i ', seq: 9 },
        },
      }),
    );
    expect(state.messages.at(-1)?.text).toBe('a b c d e f g h i ');
    expect(state.lastSeq('r_1')).toBe(9);
  });

  it('offers "Try again" for the question when the reply was lost with its node', () => {
    const state = joined();
    state.replyDelta(delta(1, 'Sniff '));
    const error = {
      code: 'CMZ_ERR_REPLY_NODE_LOST' as const,
      message: 'Please ask again!',
      temporary: true,
    };
    state.join(
      joinAck({
        history: [
          question,
          {
            id: 'm_a',
            role: 'assistant',
            text: 'Sniff I ',
            createdAt: question.createdAt,
            status: 'error',
            replyId: 'r_1',
          },
        ],
        resume: { replyId: 'r_1', status: 'error', lastSeq: 2, error },
      }),
    );
    expect(state.activeReplyId).toBeNull();
    expect(state.messages.at(-1)).toMatchObject({ text: 'Sniff I ', status: 'error' });
    expect(state.problem).toEqual({ ...error, retryText: 'What do you eat?' });
  });

  it('shows a lost reply whose partial text was empty, and a forgotten reply from history only', () => {
    const state = joined();
    state.replyStart({ conversationId, replyId: 'r_1', messageId: 'm_q', animalId: 'bella' });
    state.join(
      joinAck({
        history: [question],
        resume: {
          replyId: 'r_1',
          status: 'error',
          lastSeq: 0,
          error: { code: 'CMZ_ERR_REPLY_NODE_LOST', message: 'Again!', temporary: true },
        },
      }),
    );
    expect(state.messages.at(-1)).toMatchObject({ replyId: 'r_1', status: 'error', text: '' });
    expect(state.problem?.retryText).toBe('What do you eat?');
    expect(state.replyDelta(delta(1, 'late'))).toBe('ignored');
    state.join(
      joinAck({ history: [question], resume: { replyId: 'r_1', status: 'unknown', lastSeq: 0 } }),
    );
    expect(state.messages).toHaveLength(1);
    expect(state.activeReplyId).toBeNull();
  });
});

describe('ConversationState: sending', () => {
  it('shows a pending message, then the stored (redacted) one without duplicating it', () => {
    const state = joined();
    state.addPending('k1', 'My name is Sam');
    state.confirmSent(
      'k1',
      { ok: true, messageId: 'm_1', replyId: 'r_1', duplicate: false },
      'My name is Sam',
    );
    state.messageNew({
      conversationId,
      message: {
        id: 'm_1',
        role: 'user',
        text: 'My name is [name]',
        createdAt: '2026-01-01T00:00:00Z',
        clientMessageId: 'k1',
      },
    });
    expect(state.messages).toHaveLength(1);
    expect(state.messages[0]).toMatchObject({ text: 'My name is [name]', status: 'sent' });
  });

  it('offers a retry of the question when a reply fails temporarily', () => {
    const state = joined();
    state.addPending('k1', 'Why?');
    state.confirmSent(
      'k1',
      { ok: true, messageId: 'm_1', replyId: 'r_1', duplicate: false },
      'Why?',
    );
    state.replyDelta(delta(1, 'Be'));
    state.replyError({
      conversationId,
      replyId: 'r_1',
      code: 'CMZ_ERR_LLM_UNAVAILABLE' as never,
      message: 'The animal is napping.',
      temporary: true,
      partialText: 'Be',
    });
    expect(state.messages[1]).toMatchObject({ text: 'Be', status: 'error' });
    expect(state.problem).toMatchObject({ temporary: true, retryText: 'Why?' });
    expect(state.problem?.retryClientMessageId).toBeUndefined();
    expect(state.activeReplyId).toBeNull();
  });

  it('takes a refused message back and shows a non-temporary error without a retry', () => {
    const state = joined();
    state.addPending('k1', 'bad words');
    state.rejectSent(
      'k1',
      {
        ok: false,
        code: 'CMZ_ERR_SAFETY_INPUT_BLOCKED' as never,
        message: 'Let’s talk about animals!',
        temporary: false,
      },
      'bad words',
    );
    expect(state.messages).toEqual([]);
    expect(state.problem).toEqual({
      code: 'CMZ_ERR_SAFETY_INPUT_BLOCKED',
      message: 'Let’s talk about animals!',
      temporary: false,
    });
  });
});

/** A stand-in for the Socket.IO client: records emits, lets the test play server events. */
class FakeSocket {
  connected = false;
  listeners = new Map<string, ((...args: unknown[]) => void)[]>();
  emitted: { event: string; payload: Record<string, unknown> }[] = [];
  answers = new Map<string, (payload: Record<string, unknown>) => unknown>();
  pending: { event: string; resolve: (value: unknown) => void }[] = [];
  manual = new Set<string>();

  on(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(event, [...(this.listeners.get(event) ?? []), listener]);
    return this;
  }
  off(event: string, listener: (...args: unknown[]) => void) {
    this.listeners.set(
      event,
      (this.listeners.get(event) ?? []).filter((candidate) => candidate !== listener),
    );
    return this;
  }
  connect() {
    return this;
  }
  timeout() {
    return {
      emitWithAck: (event: string, payload: Record<string, unknown>) => {
        this.emitted.push({ event, payload });
        if (this.manual.has(event)) {
          return new Promise((resolve) => this.pending.push({ event, resolve }));
        }
        return Promise.resolve(this.answers.get(event)?.(payload));
      },
    };
  }
  fire(event: string, ...args: unknown[]) {
    for (const listener of this.listeners.get(event) ?? []) listener(...args);
  }
  asSocket() {
    return this as unknown as ChatSocket;
  }
}

const flush = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ChatSession', () => {
  it('joins in the visitor’s language on connect and rejoins (resuming the reply) after a reconnect', async () => {
    const socket = new FakeSocket();
    const server: { snapshot?: JoinAck['activeReply'] } = {};
    socket.answers.set('conversation:join', () =>
      joinAck(server.snapshot ? { activeReply: server.snapshot } : {}),
    );
    const session = new ChatSession({ socket: socket.asSocket(), animalId: 'bella', locale: 'es' });
    expect(session.state.status).toBe('connecting');
    socket.connected = true;
    socket.fire('connect');
    await flush();
    expect(socket.emitted[0]).toEqual({
      event: 'conversation:join',
      payload: { animalId: 'bella', locale: 'es' },
    });
    expect(session.state.status).toBe('connected');

    socket.fire('reply:delta', delta(1, 'Hola '));
    socket.connected = false;
    socket.fire('disconnect', 'transport close');
    expect(session.state.status).toBe('reconnecting');

    server.snapshot = { replyId: 'r_1', text: 'Hola soy Bella', seq: 3 };
    socket.connected = true;
    socket.fire('connect');
    await flush();
    expect(socket.emitted.at(-1)?.payload).toEqual({
      animalId: 'bella',
      locale: 'es',
      resume: { replyId: 'r_1', seq: 1 },
    });
    expect(session.state.status).toBe('connected');
    expect(session.state.messages[0]?.text).toBe('Hola soy Bella');
    socket.fire('reply:delta', delta(3, ' Bella'));
    socket.fire('reply:delta', delta(4, ' 🐻'));
    expect(session.state.messages[0]?.text).toBe('Hola soy Bella 🐻');
  });

  it('holds events that arrive during a join and applies them after the snapshot', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    socket.manual.add('conversation:join');
    const session = new ChatSession({ socket: socket.asSocket(), animalId: 'bella', locale: 'en' });
    // The room already streams while the join's acknowledgement is on its way.
    socket.fire('reply:delta', delta(2, 'b '));
    socket.fire('reply:delta', delta(3, 'c '));
    socket.pending[0]?.resolve(joinAck({ activeReply: { replyId: 'r_1', text: 'a b ', seq: 2 } }));
    await flush();
    expect(session.state.messages[0]?.text).toBe('a b c ');
  });

  it('sends with a new clientMessageId each time, retries temporary failures with a NEW id', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    socket.answers.set('conversation:join', () => joinAck());
    let failNext = true;
    socket.answers.set('message:send', () =>
      failNext
        ? {
            ok: false,
            code: 'CMZ_ERR_MESSAGE_RATE_LIMITED',
            message: 'Slow down!',
            temporary: true,
          }
        : { ok: true, messageId: 'm_1', replyId: 'r_1', duplicate: false },
    );
    let n = 0;
    const session = new ChatSession({
      socket: socket.asSocket(),
      animalId: 'bella',
      locale: 'en',
      newId: () => `id-${++n}`,
    });
    await flush();
    await session.send('  What do you eat?  ');
    expect(session.state.problem).toMatchObject({ temporary: true, retryText: 'What do you eat?' });
    expect(session.state.messages).toEqual([]);
    failNext = false;
    await session.retry();
    const sends = socket.emitted.filter((item) => item.event === 'message:send');
    expect(sends.map((item) => item.payload)).toEqual([
      { conversationId, clientMessageId: 'id-1', text: 'What do you eat?' },
      { conversationId, clientMessageId: 'id-2', text: 'What do you eat?' },
    ]);
    expect(session.state.problem).toBeNull();
    expect(session.state.messages[0]).toMatchObject({ id: 'm_1', status: 'sent' });
  });

  it('reuses the clientMessageId only when a send got no acknowledgement (outcome unknown)', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    socket.answers.set('conversation:join', () => joinAck());
    const session = new ChatSession({
      socket: socket.asSocket(),
      animalId: 'bella',
      locale: 'en',
      newId: () => 'fresh',
    });
    await flush();
    socket.answers.set('message:send', () => {
      throw new Error('operation has timed out');
    });
    await session.send('Hello', 'k-1').catch(() => undefined);
    expect(session.state.problem).toMatchObject({ retryClientMessageId: 'k-1' });
  });

  it('stops the active reply and switches language with a new join', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    socket.answers.set('conversation:join', () => joinAck());
    socket.answers.set('reply:abort', (payload) => ({ ok: true, replyId: payload.replyId }));
    const session = new ChatSession({ socket: socket.asSocket(), animalId: 'bella', locale: 'en' });
    await flush();
    socket.fire('reply:start', {
      conversationId,
      replyId: 'r_9',
      messageId: 'm_1',
      animalId: 'bella',
    });
    await session.stop();
    expect(socket.emitted.at(-1)).toEqual({ event: 'reply:abort', payload: { replyId: 'r_9' } });
    session.setLocale('zh');
    await flush();
    // The reply is still streaming (the abort ends it with reply:end): the join resumes it.
    expect(socket.emitted.at(-1)).toEqual({
      event: 'conversation:join',
      payload: { animalId: 'bella', locale: 'zh', resume: { replyId: 'r_9', seq: 0 } },
    });
    session.dispose();
    expect([...socket.listeners.values()].every((list) => list.length === 0)).toBe(true);
  });

  it('rejoins with resume when it notices a gap in the deltas, and applies the catch-up', async () => {
    const socket = new FakeSocket();
    socket.connected = true;
    const join = vi.fn((payload: Record<string, unknown>) =>
      payload.resume
        ? joinAck({
            resume: {
              replyId: 'r_1',
              status: 'streaming',
              lastSeq: 3,
              deltas: [
                { seq: 2, text: 'b' },
                { seq: 3, text: 'c' },
              ],
            },
          })
        : joinAck(),
    );
    socket.answers.set('conversation:join', join);
    const session = new ChatSession({ socket: socket.asSocket(), animalId: 'bella', locale: 'en' });
    await flush();
    socket.fire('reply:delta', delta(1, 'a'));
    socket.fire('reply:delta', delta(3, 'c'));
    await flush();
    expect(join).toHaveBeenCalledTimes(2);
    expect(join.mock.calls[1]?.[0]).toMatchObject({ resume: { replyId: 'r_1', seq: 1 } });
    expect(session.state.messages[0]?.text).toBe('abc');
    socket.fire('reply:resync', { conversationId, replyId: 'r_1', text: 'abcd', seq: 4 });
    expect(session.state.messages[0]?.text).toBe('abcd');
  });
});

describe('ConversationState: reactions', () => {
  it('takes the stored id from reply:end and the counts from reaction:update', () => {
    const state = joined();
    state.replyStart({ conversationId, replyId: 'r_1', messageId: 'm_1', animalId: 'bella' });
    state.replyEnd(end('Hello!', { assistantMessageId: 'm_2' }));
    expect(state.messages[0]?.id).toBe('m_2');
    state.reactionUpdate({ conversationId, messageId: 'm_2', reactions: { '👍': 2 } });
    expect(state.messages[0]?.reactions).toEqual({ '👍': 2 });
    // Another conversation's update changes nothing.
    state.reactionUpdate({ conversationId: 'other', messageId: 'm_2', reactions: {} });
    expect(state.messages[0]?.reactions).toEqual({ '👍': 2 });
  });

  it('keeps the counts from history and remembers this visitor’s own reactions', () => {
    const state = joined(
      joinAck({
        history: [
          {
            id: 'm_9',
            role: 'assistant',
            text: 'Hi',
            createdAt: '2026-01-01T00:00:00Z',
            replyId: 'r_9',
            reactions: { '⭐': 1 },
          },
        ],
      }),
    );
    expect(state.messages[0]?.reactions).toEqual({ '⭐': 1 });
    state.reactionUpdate(
      { conversationId, messageId: 'm_9', reactions: { '⭐': 2 } },
      { emoji: '⭐', reacted: true },
    );
    expect(state.messages[0]?.myReactions).toEqual(['⭐']);
    state.reactionUpdate(
      { conversationId, messageId: 'm_9', reactions: { '⭐': 1 } },
      { emoji: '⭐', reacted: false },
    );
    expect(state.messages[0]).toMatchObject({ reactions: { '⭐': 1 }, myReactions: [] });
  });
});
