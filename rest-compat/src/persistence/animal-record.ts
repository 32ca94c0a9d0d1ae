/**
 * The stored animal record (`quest-dev-animal`): the API's Animal plus the `personality` map and
 * the `configuration` map that `/animal_config` edits (API facts §4.1), and a `version` counter
 * for optimistic concurrency.
 *
 * @module
 */
import type { AnimalPersona } from '@cmz/engine';
import type { AuditStamp } from './audit.ts';

/** Model and behaviour settings, stored as `animal.configuration`. */
export interface AnimalConfiguration {
  voice: string;
  aiModel: string;
  temperature: number;
  topP: number;
  toolsEnabled: string[];
  guardrails: Record<string, unknown>;
  systemPrompt?: string;
  maxTokens?: number;
  responseFormat?: string;
  /** Older records and the assistant integration add more keys (e.g. `vectorStoreId`). */
  [extra: string]: unknown;
}

/** An animal as stored. */
export interface AnimalRecord {
  animalId: string;
  name: string;
  species: string;
  scientificName?: string;
  description?: string;
  status: 'active' | 'hidden';
  personality: { description: string };
  configuration: AnimalConfiguration;
  imageUrl?: string;
  habitat?: string;
  created: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
  /** Starts at 1; every write adds one. */
  version: number;
}

/** Input of `create`; `animalId` only when seeding. */
export interface NewAnimal {
  animalId?: string;
  name: string;
  species: string;
  scientificName?: string;
  description?: string;
  status?: AnimalRecord['status'];
  personality?: string;
  configuration?: Partial<AnimalConfiguration>;
  imageUrl?: string;
  habitat?: string;
}

/** Partial update; `configuration` keys merge into the stored map, `null` clears a field. */
export interface AnimalChanges {
  name?: string;
  species?: string;
  scientificName?: string | null;
  description?: string | null;
  status?: AnimalRecord['status'];
  personality?: string;
  configuration?: Partial<AnimalConfiguration>;
  imageUrl?: string | null;
  habitat?: string | null;
}

/** The persona fields seeding needs (the engine's `AnimalPersona` satisfies it). */
export type SeedPersona = Pick<
  AnimalPersona,
  'id' | 'name' | 'species' | 'scientificName' | 'tagline' | 'personality' | 'status' | 'model'
>;

/** Defaults of the original `/animal_config` (API facts §1.6). */
export const defaultConfiguration: AnimalConfiguration = {
  voice: 'alloy',
  aiModel: 'gpt-4o-mini',
  temperature: 0.7,
  topP: 1,
  toolsEnabled: ['facts', 'media_lookup'],
  guardrails: {},
};

/**
 * The create input for an engine persona: same id, tagline as description, the persona's model
 * settings as configuration.
 *
 * @example
 * ```ts
 * const input = personaToAnimal(persona); // input.animalId === persona.id
 * ```
 */
export function personaToAnimal(persona: SeedPersona): NewAnimal & { animalId: string } {
  return {
    animalId: persona.id,
    name: persona.name,
    species: persona.species,
    scientificName: persona.scientificName,
    description: persona.tagline.en,
    status: persona.status,
    personality: persona.personality,
    configuration: {
      aiModel: persona.model.model,
      temperature: persona.model.temperature,
      maxTokens: persona.model.maxTokens,
      ...(persona.model.systemPrompt === undefined
        ? {}
        : { systemPrompt: persona.model.systemPrompt }),
    },
  };
}
