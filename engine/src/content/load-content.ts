/**
 * Loads the animal ambassadors' personas and fact cards from `engine/content/animals/<id>/`.
 *
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { z } from 'zod';
import { EngineError } from '../errors/engine-error.ts';
import type { Locale } from '../protocol/events.ts';
import type { AnimalPersona, FactCard } from './animal-types.ts';
import {
  describeIssues,
  factsFileSchema,
  localeSchema,
  personaFileSchema,
  type FactCardFile,
} from './content-schema.ts';

/** Everything the content folder holds, validated. */
export interface AnimalContent {
  animals: AnimalPersona[];
  cards: FactCard[];
}

const defaultDirectory = fileURLToPath(new URL('../../content/animals/', import.meta.url));
const factsFilePattern = /^facts\.([^.]+)\.json$/;

/**
 * Reads and validates every animal folder (`persona.json` plus one `facts.<locale>.json` per
 * locale). Any problem throws `CMZ_ERR_CONTENT_INVALID` naming the file, so a bad edit fails at
 * start-up instead of confusing a child later.
 *
 * @example
 * ```ts
 * const { animals, cards } = await loadAnimalContent();
 * console.log(animals.map((animal) => animal.name), cards.length);
 * ```
 */
export async function loadAnimalContent(directory = defaultDirectory): Promise<AnimalContent> {
  const entries = await readdir(directory, { withFileTypes: true });
  const folders = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  const animals: AnimalPersona[] = [];
  const cards: FactCard[] = [];
  for (const folder of folders.sort()) {
    const animal = await loadAnimalFolder(path.join(directory, folder), folder);
    animals.push(animal.persona);
    cards.push(...animal.cards);
  }
  assertUniqueCardIds(cards);
  return { animals, cards };
}

async function loadAnimalFolder(
  folderPath: string,
  folder: string,
): Promise<{ persona: AnimalPersona; cards: FactCard[] }> {
  const personaFile = `${folder}/persona.json`;
  const persona = await readJsonFile(folderPath, personaFile, personaFileSchema);
  if (persona.id !== folder) invalid(personaFile, `id "${persona.id}" must match its folder`);
  if (!persona.locales.includes('en')) invalid(personaFile, 'locales must include "en"');
  const cards: FactCard[] = [];
  const fileNames = (await readdir(folderPath)).filter((name) => factsFilePattern.test(name));
  for (const fileName of fileNames.sort()) {
    const relativePath = `${folder}/${fileName}`;
    const locale = parseLocale(relativePath, fileName);
    if (!persona.locales.includes(locale)) {
      invalid(relativePath, `locale "${locale}" is not listed in persona.json`);
    }
    const rows = await readJsonFile(folderPath, relativePath, factsFileSchema);
    cards.push(...rows.map((row) => toFactCard(row, persona.id, locale, relativePath)));
  }
  for (const locale of persona.locales) {
    if (!cards.some((card) => card.locale === locale)) {
      invalid(personaFile, `locale "${locale}" has no facts.${locale}.json cards`);
    }
  }
  return { persona, cards };
}

async function readJsonFile<T>(
  folderPath: string,
  relativePath: string,
  schema: z.ZodType<T>,
): Promise<T> {
  const filePath = path.join(folderPath, path.basename(relativePath));
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(filePath, 'utf8'));
  } catch (error) {
    const reason = error instanceof SyntaxError ? 'not valid JSON' : 'cannot be read';
    throw new EngineError('CMZ_ERR_CONTENT_INVALID', {
      args: [relativePath, reason],
      cause: error,
    });
  }
  const result = schema.safeParse(raw);
  if (!result.success) invalid(relativePath, describeIssues(result.error));
  return result.data;
}

function parseLocale(relativePath: string, fileName: string): Locale {
  const result = localeSchema.safeParse(factsFilePattern.exec(fileName)?.[1]);
  if (!result.success) invalid(relativePath, 'unknown locale in file name');
  return result.data;
}

function toFactCard(
  row: FactCardFile,
  animalId: string,
  locale: Locale,
  relativePath: string,
): FactCard {
  if (row.animalId !== undefined && row.animalId !== animalId) {
    invalid(relativePath, `card ${row.id} belongs to "${row.animalId}", not "${animalId}"`);
  }
  if (row.locale !== undefined && row.locale !== locale) {
    invalid(relativePath, `card ${row.id} has locale "${row.locale}", not "${locale}"`);
  }
  // The id prefix keeps ids unique across animals, so citations can be traced to their animal.
  if (!row.id.startsWith(`${animalId}-`)) {
    invalid(relativePath, `card id ${row.id} must start with "${animalId}-"`);
  }
  const card: FactCard = { ...row, animalId, locale };
  return card;
}

function assertUniqueCardIds(cards: readonly FactCard[]): void {
  const seen = new Set<string>();
  for (const card of cards) {
    const key = `${card.locale}:${card.id}`;
    if (seen.has(key)) {
      invalid(`${card.animalId}/facts.${card.locale}.json`, `duplicate card id ${card.id}`);
    }
    seen.add(key);
  }
}

function invalid(relativePath: string, reason: string): never {
  throw new EngineError('CMZ_ERR_CONTENT_INVALID', { args: [relativePath, reason] });
}
