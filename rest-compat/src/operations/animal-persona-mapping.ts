/**
 * A stored animal as the engine's `AnimalPersona`, so keeper edits made through the REST layer
 * (name, personality, model settings, visibility) drive the engine's replies. The record has no
 * emoji, tagline, catch-phrases or locales: those come from the content persona when given.
 * The animal's effective guardrails and the zoo-wide guidance come from the guardrails table
 * (see `guardrails/effective-guardrails.ts`), never from the fallback, so a removed rule is gone.
 *
 * @module
 */
import type { AnimalPersona, Locale } from '@cmz/engine';
import type { ZooRules } from '../guardrails/effective-guardrails.ts';
import type { AnimalRecord } from '../persistence/animal-repository.ts';

/** The spec's Polly voices (lower case in `/animal_config`), by their Polly voice ids. */
const pollyVoices: Readonly<Record<string, string>> = {
  ruth: 'Ruth',
  joanna: 'Joanna',
  matthew: 'Matthew',
  amy: 'Amy',
};

const defaultMaxTokens = 400;
const defaultLocales: Locale[] = ['en'];

/**
 * Maps a record onto a persona, keeping from `fallback` what the record lacks; `zooRules` are the
 * animal's effective guardrails and guidance (none when not given).
 *
 * @example
 * ```ts
 * catalog.put(animalRecordToPersona(record, catalog.get(record.animalId), zooRules));
 * ```
 */
export function animalRecordToPersona(
  record: AnimalRecord,
  fallback?: AnimalPersona,
  zooRules?: ZooRules,
): AnimalPersona {
  const { configuration } = record;
  const systemPrompt = configuration.systemPrompt ?? fallback?.model.systemPrompt;
  return {
    id: record.animalId,
    name: record.name,
    species: record.species,
    scientificName: record.scientificName ?? fallback?.scientificName ?? '',
    emoji: fallback?.emoji ?? '🐾',
    tagline: fallback?.tagline ?? { en: record.description ?? '' },
    personality: record.personality.description || (fallback?.personality ?? ''),
    catchPhrases: [...(fallback?.catchPhrases ?? [])],
    voiceId: voiceIdOf(configuration.voice, fallback),
    locales: [...(fallback?.locales ?? defaultLocales)],
    // Every status but `active` keeps the animal away from visitors, as the spec says.
    status: record.status === 'active' ? 'active' : 'hidden',
    model: {
      model: configuration.aiModel,
      temperature: configuration.temperature,
      maxTokens: configuration.maxTokens ?? fallback?.model.maxTokens ?? defaultMaxTokens,
      ...(systemPrompt === undefined ? {} : { systemPrompt }),
    },
    ...(zooRules === undefined || zooRules.guardrails.length === 0
      ? {}
      : { guardrails: zooRules.guardrails }),
    ...(zooRules === undefined || zooRules.guidance.length === 0
      ? {}
      : { guidance: zooRules.guidance }),
  };
}

/**
 * The engine speaks with Polly: a Polly voice chosen in `/animal_config` wins; an OpenAI voice
 * (`alloy`, the stored default, among them) cannot be spoken, so the content persona's voice
 * stays, and only without one is the configured name passed on.
 */
function voiceIdOf(voice: string, fallback: AnimalPersona | undefined): string {
  const polly = pollyVoices[voice.toLowerCase()];
  if (polly !== undefined) return polly;
  return fallback?.voiceId ?? voice;
}
