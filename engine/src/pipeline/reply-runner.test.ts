import { afterEach, describe, expect, it } from 'vitest';
import { definePlugin } from '../plugins/plugin-types.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import { createTestEngine, type TestEngine } from '../testing/test-engine.ts';

let testEngine: TestEngine | undefined;
async function engineWith(options: Parameters<typeof createTestEngine>[0]) {
  testEngine = await createTestEngine(options);
  return testEngine;
}
afterEach(async () => {
  await testEngine?.close();
  testEngine = undefined;
});

describe('the pipeline through the reply runner', () => {
  it('runs plugin hooks in order: intent, prompt, chunks, reply end', async () => {
    const seen: string[] = [];
    const model = createScriptedModel('one two three');
    const engine = await engineWith({
      model,
      plugins: [
        definePlugin({
          name: 'shout',
          version: '1.0.0',
          hooks: {
            resolveIntent: (message) =>
              message.text === 'quiz me' ? { text: 'Question one!', suggestions: ['A'] } : null,
            transformPrompt: (prompt) => ({ ...prompt, system: [...prompt.system, 'SHOUT'] }),
            transformChunk: (chunk) =>
              chunk.text.startsWith('two') ? null : { ...chunk, text: chunk.text.toUpperCase() },
            onReplyEnd: (reply) => void seen.push(`${reply.finishReason}:${reply.text}`),
          },
        }),
      ],
    });
    const { reply } = await engine.send({ text: 'hello' });
    expect(reply.text).toBe('ONE THREE');
    expect(reply.end?.text).toBe('ONE THREE');
    expect(reply.deltas.map((delta) => delta.seq)).toEqual([1, 2]);
    expect(model.calls[0]?.prompt.system.at(-1)).toBe('SHOUT');
    expect(model.calls[0]?.prompt.system[0]).toContain('You are Bella');
    const intent = await engine.send({ text: 'quiz me' });
    expect(intent.reply.end).toMatchObject({
      finishReason: 'intent',
      suggestions: ['A'],
      text: 'QUESTION ONE!',
    });
    expect(model.calls).toHaveLength(1);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(seen).toEqual(['stop:ONE THREE', 'intent:QUESTION ONE!']);
  });

  it('answers "are you real?" truthfully without calling the model', async () => {
    const model = createScriptedModel('I am a real bear typing!');
    const engine = await engineWith({ model });
    const { reply } = await engine.send({ text: 'Are you real or a robot?' });
    expect(reply.end?.finishReason).toBe('intent');
    expect(reply.end?.text.toLowerCase()).toContain('ai');
    expect(reply.end?.text).toContain('Bella');
    expect(model.calls).toHaveLength(0);
    const spanish = await engine.send({ text: '¿Eres real?', locale: 'es', animalId: 'leo' });
    expect(spanish.reply.end?.text).toContain('Leo');
    expect(spanish.reply.end?.text).toMatch(/IA|inteligencia artificial/i);
  });

  it('answers a self-harm signal with care and a trusted adult, not with the model', async () => {
    const model = createScriptedModel('unused');
    const engine = await engineWith({ model });
    const { reply } = await engine.send({ text: 'I want to kill myself' });
    expect(reply.end?.finishReason).toBe('intent');
    expect(reply.end?.text).toContain('988');
    expect(model.calls).toHaveLength(0);
  });

  it('masks blocked words the model streams', async () => {
    const engine = await engineWith({ model: createScriptedModel('You are a shit bear, friend.') });
    const { reply } = await engine.send({ text: 'hello' });
    expect(reply.end?.text).not.toContain('shit');
    expect(reply.end?.text).toContain('bear, friend.');
  });

  it('redacts personal details before storing and before the model sees them', async () => {
    const model = createScriptedModel('Nice to meet you!');
    const engine = await engineWith({ model });
    const { reply } = await engine.send({ text: 'My email is kid@example.com, call 425-555-0134' });
    expect(reply.messages[0]?.message.text).not.toContain('kid@example.com');
    expect(model.calls[0]?.question).not.toContain('425-555-0134');
    const conversationId = reply.start?.conversationId ?? '';
    const stored = await engine.store.listMessages(conversationId);
    expect(stored.map((message) => message.text).join(' ')).not.toContain('kid@example.com');
  });

  it('keeps partial text with status error when the model fails mid-stream', async () => {
    const engine = await engineWith({
      model: createScriptedModel('one two three four', {
        failAfterWords: { words: 2, code: 'CMZ_ERR_LLM_UNAVAILABLE' },
      }),
    });
    const { reply } = await engine.send({ text: 'hello' });
    expect(reply.error).toMatchObject({
      code: 'CMZ_ERR_LLM_UNAVAILABLE',
      temporary: true,
      partialText: 'one two ',
    });
    const stored = await engine.store.listMessages(reply.error?.conversationId ?? '');
    expect(stored.at(-1)).toMatchObject({ role: 'assistant', status: 'error', text: 'one two ' });
  });

  it('reports a model that cannot start as a temporary error with nothing stored for the reply', async () => {
    const engine = await engineWith({
      model: createScriptedModel('x', { failures: ['CMZ_ERR_LLM_RATE_LIMITED'] }),
    });
    const { reply } = await engine.send({ text: 'hello' });
    expect(reply.error).toMatchObject({
      code: 'CMZ_ERR_LLM_RATE_LIMITED',
      temporary: true,
      partialText: '',
    });
    const stored = await engine.store.listMessages(reply.error?.conversationId ?? '');
    expect(stored.map((message) => message.role)).toEqual(['user']);
  });

  it('finishes a reply in flight on the plugins it began with after a swap', async () => {
    const tag = (label: string) =>
      definePlugin({
        name: 'tagger',
        version: label,
        hooks: { transformChunk: (chunk) => ({ ...chunk, text: `${label}:${chunk.text}` }) },
      });
    const engine = await engineWith({
      model: createScriptedModel('a b c d e f', { delayMs: 10 }),
      plugins: [tag('v1')],
    });
    const swap = () => engine.engine.setPlugins([tag('v2')]);
    const inFlight = engine.send({ text: 'first', onAccepted: swap });
    const first = await inFlight;
    const second = await engine.send({ text: 'second' });
    expect(first.reply.deltas.every((delta) => delta.text.startsWith('v1:'))).toBe(true);
    expect(second.reply.deltas.every((delta) => delta.text.startsWith('v2:'))).toBe(true);
  });

  it('rejects an empty message and an over-long one before anything is stored', async () => {
    const engine = await engineWith({ engineOptions: { maxMessageLength: 10 } });
    await expect(engine.send({ text: '  ' })).rejects.toMatchObject({
      code: 'CMZ_ERR_MESSAGE_EMPTY',
    });
    await expect(engine.send({ text: 'x'.repeat(11) })).rejects.toMatchObject({
      code: 'CMZ_ERR_MESSAGE_TOO_LONG',
    });
  });

  it('drains replies in flight on close', async () => {
    const engine = await engineWith({ model: createScriptedModel('a b c d', { delayMs: 20 }) });
    let ended = false;
    void engine.send({ text: 'slow' }).then(() => (ended = true));
    await new Promise((resolve) => setTimeout(resolve, 10));
    await engine.engine.close({ deadlineMs: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(ended).toBe(true);
  });
});
