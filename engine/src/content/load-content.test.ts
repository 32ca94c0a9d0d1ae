import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { loadAnimalContent } from './load-content.ts';

const persona = {
  id: 'otto',
  name: 'Otto',
  species: 'River otter',
  scientificName: 'Lontra canadensis',
  emoji: '🦦',
  tagline: { en: 'A playful otter.' },
  personality: 'Playful and kind.',
  catchPhrases: ['Splash!'],
  voiceId: 'Ivy',
  locales: ['en'],
  status: 'active',
  model: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 400 },
};
const card = {
  id: 'otto-diet-1',
  title: 'What I eat',
  text: 'I eat fish.',
  keywords: ['eat', 'fish'],
  followUp: 'Can you swim?',
};

const temporaryFolders: string[] = [];

async function writeAnimal(files: Record<string, unknown>): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), 'cmz-content-'));
  temporaryFolders.push(root);
  await mkdir(path.join(root, 'otto'));
  for (const [name, value] of Object.entries(files)) {
    const body = typeof value === 'string' ? value : JSON.stringify(value);
    await writeFile(path.join(root, 'otto', name), body);
  }
  return root;
}

async function expectInvalid(root: string, fragment: string): Promise<void> {
  const error: unknown = await loadAnimalContent(root).catch((caught: unknown) => caught);
  expect(EngineError.isInstance(error)).toBe(true);
  expect((error as EngineError).code).toBe('CMZ_ERR_CONTENT_INVALID');
  expect((error as EngineError).message).toContain(fragment);
}

afterEach(async () => {
  await Promise.all(temporaryFolders.splice(0).map((folder) => rm(folder, { recursive: true })));
});

describe('loadAnimalContent with the shipped content', () => {
  it('loads at least seven active animals, each with 15 or more English cards', async () => {
    const { animals, cards } = await loadAnimalContent();
    expect(animals.length).toBeGreaterThanOrEqual(7);
    for (const animal of animals) {
      expect(animal.status).toBe('active');
      const english = cards.filter((c) => c.animalId === animal.id && c.locale === 'en');
      expect(english.length, animal.id).toBeGreaterThanOrEqual(15);
    }
    expect(animals.map((animal) => animal.id)).toEqual(
      expect.arrayContaining(['leo', 'charlie', 'bella', 'pokey']),
    );
  });

  it('has at least three animals with 15 or more Spanish and Chinese cards', async () => {
    const { animals, cards } = await loadAnimalContent();
    const translated = animals.filter((animal) =>
      (['es', 'zh'] as const).every(
        (locale) =>
          cards.filter((c) => c.animalId === animal.id && c.locale === locale).length >= 15,
      ),
    );
    expect(translated.length).toBeGreaterThanOrEqual(3);
  });

  it('fills in animalId and locale and keeps the same ids across translations', async () => {
    const { cards } = await loadAnimalContent();
    const spanish = cards.find((c) => c.id === 'leo-diet-1' && c.locale === 'es');
    expect(spanish).toMatchObject({ animalId: 'leo', locale: 'es' });
    const englishIds = cards.filter((c) => c.animalId === 'leo' && c.locale === 'en');
    const chineseIds = cards.filter((c) => c.animalId === 'leo' && c.locale === 'zh');
    expect(chineseIds.map((c) => c.id).sort()).toEqual(englishIds.map((c) => c.id).sort());
  });
});

describe('loadAnimalContent with invalid files', () => {
  it('loads a small valid folder, accepting matching animalId and locale', async () => {
    const root = await writeAnimal({
      'persona.json': persona,
      'facts.en.json': [{ ...card, animalId: 'otto', locale: 'en' }],
    });
    const { animals, cards } = await loadAnimalContent(root);
    expect(animals).toHaveLength(1);
    expect(cards[0]).toMatchObject({ id: 'otto-diet-1', animalId: 'otto', locale: 'en' });
  });

  it('rejects a persona missing a field', async () => {
    const withoutName: Partial<typeof persona> = { ...persona };
    delete withoutName.name;
    const root = await writeAnimal({ 'persona.json': withoutName, 'facts.en.json': [card] });
    await expectInvalid(root, 'otto/persona.json');
  });

  it('rejects a file that is not JSON', async () => {
    const root = await writeAnimal({ 'persona.json': persona, 'facts.en.json': '[{' });
    await expectInvalid(root, 'not valid JSON');
  });

  it('rejects a folder without persona.json', async () => {
    const root = await writeAnimal({ 'facts.en.json': [card] });
    await expectInvalid(root, 'cannot be read');
  });

  it('rejects duplicate card ids in one locale', async () => {
    const root = await writeAnimal({ 'persona.json': persona, 'facts.en.json': [card, card] });
    await expectInvalid(root, 'duplicate card id otto-diet-1');
  });

  it('rejects a listed locale without cards', async () => {
    const root = await writeAnimal({
      'persona.json': { ...persona, locales: ['en', 'es'] },
      'facts.en.json': [card],
    });
    await expectInvalid(root, 'locale "es" has no');
  });

  it('rejects cards in a locale the persona does not list', async () => {
    const root = await writeAnimal({
      'persona.json': persona,
      'facts.en.json': [card],
      'facts.zh.json': [card],
    });
    await expectInvalid(root, 'not listed');
  });

  it('rejects an unknown locale file name', async () => {
    const root = await writeAnimal({
      'persona.json': persona,
      'facts.en.json': [card],
      'facts.fr.json': [card],
    });
    await expectInvalid(root, 'unknown locale');
  });

  it('rejects a persona whose id differs from its folder or lacks English', async () => {
    const renamed = await writeAnimal({ 'persona.json': { ...persona, id: 'ottie' } });
    await expectInvalid(renamed, 'must match its folder');
    const noEnglish = await writeAnimal({ 'persona.json': { ...persona, locales: ['es'] } });
    await expectInvalid(noEnglish, 'must include "en"');
  });

  it('rejects cards whose animal, locale or id prefix disagree with the path', async () => {
    const wrongAnimal = await writeAnimal({
      'persona.json': persona,
      'facts.en.json': [{ ...card, animalId: 'leo' }],
    });
    await expectInvalid(wrongAnimal, 'belongs to "leo"');
    const wrongLocale = await writeAnimal({
      'persona.json': persona,
      'facts.en.json': [{ ...card, locale: 'es' }],
    });
    await expectInvalid(wrongLocale, 'has locale "es"');
    const wrongPrefix = await writeAnimal({
      'persona.json': persona,
      'facts.en.json': [{ ...card, id: 'leo-diet-1' }],
    });
    await expectInvalid(wrongPrefix, 'must start with "otto-"');
  });
});
