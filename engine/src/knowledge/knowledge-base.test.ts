import { describe, expect, it } from 'vitest';
import type { FactCard } from '../content/animal-types.ts';
import { loadAnimalContent } from '../content/load-content.ts';
import type { Locale } from '../protocol/events.ts';
import { englishHintsFor } from './cross-locale-hints.ts';
import { createKnowledgeBase } from './knowledge-base.ts';

const { animals, cards } = await loadAnimalContent();
const knowledge = createKnowledgeBase(cards);

/** The topic segment of a card id: `bella-diet-1` → `diet`. */
function topicOf(cardId: string | undefined): string | undefined {
  return cardId?.split('-').slice(1, -1).join('-');
}

function topTopic(animalId: string, locale: Locale, text: string): string | undefined {
  return topicOf(knowledge.search({ animalId, locale, text })[0]?.card.id);
}

const englishTable: [string, string][] = [
  ['what do you eat?', 'diet'],
  ['how old are you?', 'age'],
  ['where do you live?', 'home'],
  ['how fast can you run?', 'move'],
  ['tell me a fun fact', 'fun'],
  ['who takes care of you?', 'keepers'],
  ["what's your name?", 'name'],
  ['do you have babies?', 'family'],
];
const translatedTable: Record<'es' | 'zh', [string, string][]> = {
  es: [
    ['¿qué comes?', 'diet'],
    ['¿cuántos años tienes?', 'age'],
    ['¿dónde vives?', 'home'],
  ],
  zh: [
    ['你吃什么？', 'diet'],
    ['你几岁了？', 'age'],
    ['你住在哪里？', 'home'],
  ],
};

describe('knowledge search quality', () => {
  for (const animal of animals) {
    it.each(englishTable)(`${animal.id}: "%s" finds the %s card first`, (question, topic) => {
      expect(topTopic(animal.id, 'en', question)).toBe(topic);
    });
  }

  for (const locale of ['es', 'zh'] as const) {
    const translated = animals.filter((animal) => animal.locales.includes(locale));
    it(`has ${locale} animals to test`, () => expect(translated.length).toBeGreaterThanOrEqual(3));
    for (const animal of translated) {
      it.each(translatedTable[locale])(
        `${animal.id}: "%s" finds the %s card`,
        (question, topic) => {
          const [best] = knowledge.search({ animalId: animal.id, locale, text: question });
          expect(topicOf(best?.card.id)).toBe(topic);
          expect(best?.card.locale).toBe(locale);
        },
      );
    }
  }

  it.each([
    'what is the capital of France?',
    'can you do my math homework?',
    'what do you',
    'do you like pizza?',
  ])('returns nothing for the unrelated question "%s"', (question) => {
    for (const animal of animals) {
      expect(knowledge.search({ animalId: animal.id, locale: 'en', text: question })).toEqual([]);
    }
  });

  it('returns nothing for unrelated Spanish and Chinese questions', () => {
    expect(knowledge.search({ animalId: 'leo', locale: 'zh', text: '你会做数学题吗？' })).toEqual(
      [],
    );
    const capital = '¿cuál es la capital de Francia?';
    expect(knowledge.search({ animalId: 'bella', locale: 'es', text: capital })).toEqual([]);
  });

  it('understands typos and child spellings', () => {
    expect(topTopic('bella', 'en', 'wat do u eet?')).toBe('diet');
    expect(topTopic('charlie', 'en', 'how old r u')).toBe('age');
    expect(topTopic('leo', 'en', 'how loud is your roarr?')).toBe('sounds');
    expect(topTopic('pokey', 'en', 'how many quils do you have?')).toBe('body');
  });

  it('returns scores best first and honours the limit', () => {
    const results = knowledge.search({
      animalId: 'bella',
      locale: 'en',
      text: 'eat sleep',
      limit: 2,
    });
    expect(results).toHaveLength(2);
    expect(results[0]?.score ?? 0).toBeGreaterThanOrEqual(results[1]?.score ?? Infinity);
  });

  it('falls back to English cards when the animal has none in the locale', () => {
    const [spanish] = knowledge.search({ animalId: 'pokey', locale: 'es', text: '¿qué comes?' });
    expect(spanish?.card).toMatchObject({ id: 'pokey-diet-1', locale: 'en' });
    const [chinese] = knowledge.search({ animalId: 'nova', locale: 'zh', text: '你几岁了？' });
    expect(chinese?.card).toMatchObject({ id: 'nova-age-1', locale: 'en' });
  });

  it('returns nothing for an unknown animal, in any locale', () => {
    expect(
      knowledge.search({ animalId: 'unicorn', locale: 'en', text: 'what do you eat' }),
    ).toEqual([]);
    expect(knowledge.search({ animalId: 'unicorn', locale: 'es', text: '¿qué comes?' })).toEqual(
      [],
    );
  });
});

describe('knowledge base updates', () => {
  const otter = (id: string, text: string, locale: Locale = 'en'): FactCard => ({
    id,
    animalId: 'otto',
    locale,
    title: 'Otter fact',
    text,
    keywords: text.toLowerCase().replace('.', '').split(' '),
  });
  const others = [otter('otto-sleep-1', 'I sleep in a den.'), otter('otto-swim-1', 'I swim fast.')];

  it('lists cards per animal and locale', () => {
    expect(knowledge.cardsFor('leo', 'zh')).toHaveLength(15);
    expect(knowledge.cardsFor('leo', 'zh').every((card) => card.locale === 'zh')).toBe(true);
    expect(knowledge.cardsFor('pokey', 'es')).toEqual([]);
  });

  it('adds, replaces and removes cards at run time', () => {
    const base = createKnowledgeBase([otter('otto-diet-1', 'I eat crabs and fish.'), ...others]);
    expect(base.search({ animalId: 'otto', locale: 'en', text: 'crabs' })).toHaveLength(1);
    base.upsert([
      otter('otto-diet-1', 'I eat clams.'),
      otter('otto-diet-1', 'Como almejas.', 'es'),
    ]);
    expect(base.search({ animalId: 'otto', locale: 'en', text: 'crabs' })).toEqual([]);
    expect(base.search({ animalId: 'otto', locale: 'en', text: 'clams' })[0]?.card.text).toBe(
      'I eat clams.',
    );
    expect(base.cardsFor('otto', 'en')).toHaveLength(3);
    base.remove(['otto-diet-1', 'otto-missing-1']);
    expect(base.cardsFor('otto', 'en')).toEqual(others);
    expect(base.cardsFor('otto', 'es')).toEqual([]);
    expect(base.search({ animalId: 'otto', locale: 'en', text: 'clams' })).toEqual([]);
  });
});

describe('englishHintsFor', () => {
  it('translates topic words of Spanish and Chinese questions', () => {
    expect(englishHintsFor('¿Qué comes?', 'es')).toEqual(['eat']);
    expect(englishHintsFor('你住在哪里？', 'zh')).toEqual(['live']);
    expect(englishHintsFor('What do you eat?', 'en')).toEqual([]);
  });
});
