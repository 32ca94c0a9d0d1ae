import { describe, expect, it } from 'vitest';
import type { FactCard } from '../content/animal-types.ts';
import { loadAnimalContent } from '../content/load-content.ts';
import { createKnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { Locale } from '../protocol/events.ts';
import type { LlmCall, LlmModel, LlmStreamPart } from './llm-model.ts';
import { createOfflineModel } from './offline-model.ts';
import { delayForPace, splitIntoDeltas } from './offline-stream.ts';

const { animals, cards } = await loadAnimalContent();
const knowledge = createKnowledgeBase(cards);
const model = createOfflineModel({ knowledge, wordsPerSecond: Infinity });

function makeCall(
  animalId: string,
  locale: Locale,
  question: string,
  options: { facts?: FactCard[]; signal?: AbortSignal } = {},
): LlmCall {
  const animal = animals.find((candidate) => candidate.id === animalId);
  if (animal === undefined) throw new Error(`no animal ${animalId}`);
  return {
    animal,
    locale,
    question,
    abortSignal: options.signal ?? new AbortController().signal,
    prompt: {
      system: ['You are an animal.'],
      messages: [{ role: 'user', content: question }],
      facts: options.facts ?? [],
      settings: animal.model,
    },
  };
}

async function collect(call: LlmCall, offline: LlmModel = model) {
  const { stream } = await offline.doStream(call);
  const parts: LlmStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  const deltas = parts.flatMap((part) => (part.type === 'text-delta' ? [part.text] : []));
  const citations = parts.flatMap((part) => (part.type === 'citations' ? part.citations : []));
  const suggestions = parts.flatMap((part) =>
    part.type === 'suggestions' ? part.suggestions : [],
  );
  const finish = parts.find((part) => part.type === 'finish');
  return { parts, deltas, text: deltas.join(''), citations, suggestions, finish };
}

describe('offline model answers', () => {
  it('describes itself', () => {
    expect(model).toMatchObject({ provider: 'offline', modelId: 'grounded-responder-v1' });
    return expect(model.checkHealth?.()).resolves.toBeUndefined();
  });

  it('streams an in-character, grounded answer word by word and cites its card', async () => {
    const reply = await collect(makeCall('bella', 'en', 'What do you eat?'));
    expect(reply.deltas.length).toBeGreaterThan(10);
    expect(reply.deltas.slice(0, -1).every((delta) => /^\S+\s+$/.test(delta))).toBe(true);
    expect(reply.text).toContain('berries, nuts, grasses, insects');
    expect(bellaPhrases.some((phrase) => reply.text.startsWith(phrase))).toBe(true);
    expect(reply.text).toContain('How do you get ready for your long winter sleep?');
    expect(reply.citations.map((citation) => citation.cardId)).toEqual(['bella-diet-1']);
    expect(reply.suggestions.length).toBeGreaterThanOrEqual(2);
    expect(reply.suggestions.length).toBeLessThanOrEqual(3);
    expect(reply.parts.at(-1)).toEqual(reply.finish);
    expect(reply.finish).toMatchObject({ finishReason: 'stop' });
  });

  it('estimates usage at about four characters per token', async () => {
    const reply = await collect(makeCall('leo', 'en', 'How old are you?'));
    if (reply.finish?.type !== 'finish') throw new Error('no finish');
    expect(reply.finish.usage.completionTokens).toBe(Math.ceil(reply.text.length / 4));
    const { promptTokens, completionTokens, totalTokens } = reply.finish.usage;
    expect(promptTokens).toBeGreaterThan(0);
    expect(totalTokens).toBe(promptTokens + completionTokens);
  });

  it('answers in Spanish and Chinese from the cards of that language', async () => {
    const spanish = await collect(makeCall('leo', 'es', '¿Qué comes?'));
    expect(spanish.text).toContain('Soy carnívoro');
    expect(spanish.citations[0]?.cardId).toBe('leo-diet-1');
    expect(spanish.suggestions.every((suggestion) => suggestion.startsWith('¿'))).toBe(true);
    const chinese = await collect(makeCall('charlie', 'zh', '你几岁了？'));
    expect(chinese.text).toContain('我今年38岁');
    expect(chinese.text).not.toMatch(/[a-z]{3,}/);
    expect(chinese.deltas.length).toBeGreaterThan(5);
    expect(chinese.citations[0]?.cardId).toBe('charlie-age-1');
  });

  it('says it only knows English facts when the locale has no cards yet', async () => {
    const spanish = await collect(makeCall('pokey', 'es', '¿Qué comes?'));
    expect(spanish.text).toContain('Por ahora solo sé esto en inglés');
    expect(spanish.text).toContain('sweet potatoes and corn');
    expect(spanish.citations[0]?.cardId).toBe('pokey-diet-1');
    const chinese = await collect(makeCall('nova', 'zh', '你住在哪里？'));
    expect(chinese.text).toContain('这个我现在只会用英语说');
    expect(chinese.suggestions.every((suggestion) => /\p{Script=Han}/u.test(suggestion))).toBe(
      true,
    );
  });

  it('admits not knowing and suggests asking a keeper, with no citations', async () => {
    const english = await collect(makeCall('chase', 'en', 'Can you do my math homework?'));
    expect(english.text).toContain("I don't know");
    expect(english.text).toContain('keepers here at Cougar Mountain Zoo');
    expect(english.citations).toEqual([]);
    expect(english.parts.some((part) => part.type === 'citations')).toBe(false);
    const spanish = await collect(makeCall('bella', 'es', '¿Cuál es la capital de Francia?'));
    expect(spanish.text).toContain('cuidador');
    const chinese = await collect(makeCall('leo', 'zh', '你会做数学题吗？'));
    expect(chinese.text).toContain('饲养员');
  });

  it('greets in character and says who it is', async () => {
    const english = await collect(makeCall('pokey', 'en', 'hi!'));
    expect(english.text).toContain("I'm Pokey, the zoo's prehensile-tailed porcupine");
    expect(english.citations).toEqual([]);
    const lion = await collect(makeCall('leo', 'en', 'Hello there, Leo'));
    expect(lion.text).toContain("I'm Leo, the zoo's African lion");
    expect((await collect(makeCall('leo', 'es', '¡Hola!'))).text).toContain('Soy Leo');
    expect((await collect(makeCall('charlie', 'zh', '你好'))).text).toContain('我是Charlie');
    const question = await collect(makeCall('leo', 'en', 'hi, what do you eat?'));
    expect(question.citations[0]?.cardId).toBe('leo-diet-1');
  });

  it('gives the same answer to the same question', async () => {
    const first = await collect(makeCall('charlie', 'en', 'Where do you live?'));
    const second = await collect(makeCall('charlie', 'en', 'Where do you live?'));
    expect(second.parts).toEqual(first.parts);
  });
});

describe('offline model fact sources', () => {
  const leoCards = knowledge.cardsFor('leo', 'en');
  const card = (topic: string): FactCard => {
    const found = leoCards.find((candidate) => candidate.id === `leo-${topic}-1`);
    if (found === undefined) throw new Error(topic);
    return found;
  };

  it('prefers the facts in the prompt over its own search', async () => {
    const call = makeCall('leo', 'en', 'Tell me about you', { facts: [card('sleep')] });
    const reply = await collect(call);
    expect(reply.citations.map((citation) => citation.cardId)).toEqual(['leo-sleep-1']);
  });

  it('adds a second relevant card but skips an off-topic one', async () => {
    const facts = [card('sounds'), card('fun'), card('diet')];
    const reply = await collect(makeCall('leo', 'en', 'Is your roar loud?', { facts }));
    expect(reply.citations.map((citation) => citation.cardId)).toEqual([
      'leo-sounds-1',
      'leo-fun-1',
    ]);
    const single = await collect(
      makeCall('leo', 'en', 'Is your roar loud?', { facts: [card('sounds'), card('diet')] }),
    );
    expect(single.citations).toHaveLength(1);
  });

  it('never says the same card twice', async () => {
    const facts = [card('diet'), card('diet')];
    const reply = await collect(makeCall('leo', 'en', 'What do you eat?', { facts }));
    expect(reply.citations).toHaveLength(1);
  });

  it('works without a knowledge base', async () => {
    const bare = createOfflineModel({ wordsPerSecond: 0 });
    const grounded = await collect(
      makeCall('leo', 'en', 'Roar?', { facts: [card('sounds')] }),
      bare,
    );
    expect(grounded.citations[0]?.cardId).toBe('leo-sounds-1');
    const unknown = await collect(makeCall('leo', 'en', 'What do you eat?'), bare);
    expect(unknown.text).toContain("I don't know");
    expect(unknown.suggestions).toEqual(
      ['What do you eat?', 'How old are you?', 'Where do you live?'].filter(
        (s) => s !== 'What do you eat?',
      ),
    );
  });
});

describe('offline model pacing and abort', () => {
  it('waits between words at the requested pace', async () => {
    const paced = createOfflineModel({ knowledge, wordsPerSecond: 1000 });
    const reply = await collect(makeCall('bella', 'en', 'How old are you?'), paced);
    expect(reply.finish).toMatchObject({ finishReason: 'stop' });
    expect(delayForPace(12)).toBeCloseTo(83.33, 1);
    expect(delayForPace(Infinity)).toBe(0);
  });

  it('stops promptly when aborted mid-stream and finishes with aborted', async () => {
    const slow = createOfflineModel({ knowledge, wordsPerSecond: 0.5 });
    const controller = new AbortController();
    const { stream } = await slow.doStream(
      makeCall('bella', 'en', 'What do you eat?', { signal: controller.signal }),
    );
    const parts: LlmStreamPart[] = [];
    let abortedAt = 0;
    for await (const part of stream) {
      parts.push(part);
      if (part.type === 'text-delta' && parts.length === 1) {
        abortedAt = performance.now();
        setTimeout(() => controller.abort(), 5);
      }
    }
    // The next word was two seconds away; ending well before it proves the timer was cleared.
    expect(performance.now() - abortedAt).toBeLessThan(1000);
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(1);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'aborted' });
  });

  it('yields only an aborted finish when aborted before it starts', async () => {
    const controller = new AbortController();
    controller.abort();
    const reply = await collect(
      makeCall('leo', 'en', 'What do you eat?', { signal: controller.signal }),
    );
    expect(reply.parts).toHaveLength(1);
    expect(reply.finish).toMatchObject({ finishReason: 'aborted' });
  });
});

describe('splitIntoDeltas', () => {
  it('keeps every character, so deltas concatenate to the text', () => {
    expect(splitIntoDeltas('  I eat berries.', 'en')).toEqual(['  I ', 'eat ', 'berries.']);
    const chinese = '我是食肉动物，也就是说我吃肉。';
    const deltas = splitIntoDeltas(chinese, 'zh');
    expect(deltas.join('')).toBe(chinese);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.every((delta) => !/^[，。]/.test(delta))).toBe(true);
  });
});

const bellaPhrases = animals.find((animal) => animal.id === 'bella')?.catchPhrases ?? [];
