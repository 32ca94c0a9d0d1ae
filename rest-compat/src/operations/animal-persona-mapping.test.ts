import type { AnimalPersona } from '@cmz/engine';
import { describe, expect, it } from 'vitest';
import type { AnimalRecord } from '../persistence/animal-repository.ts';
import { animalRecordToPersona } from './animal-persona-mapping.ts';

const record: AnimalRecord = {
  animalId: 'bella',
  name: 'Bella the Bear',
  species: 'American black bear',
  description: 'A curious bear',
  status: 'active',
  personality: { description: 'Warm and playful' },
  configuration: {
    voice: 'alloy',
    aiModel: 'gpt-4o',
    temperature: 0.4,
    topP: 1,
    toolsEnabled: [],
    guardrails: {},
    maxTokens: 300,
    systemPrompt: 'Mention salmon.',
  },
  created: { at: '2025-01-01T00:00:00.000Z' },
  softDelete: false,
  version: 3,
};

const content: AnimalPersona = {
  id: 'bella',
  name: 'Bella',
  species: 'Bear',
  scientificName: 'Ursus americanus',
  emoji: '🐻',
  tagline: { en: 'The bear', es: 'La osa' },
  personality: 'Old personality',
  catchPhrases: ['sniff sniff!'],
  voiceId: 'Salli',
  locales: ['en', 'es'],
  status: 'active',
  model: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 400 },
};

describe('animalRecordToPersona', () => {
  it('takes edits from the record and the rest from the content persona', () => {
    expect(animalRecordToPersona(record, content)).toEqual({
      id: 'bella',
      name: 'Bella the Bear',
      species: 'American black bear',
      scientificName: 'Ursus americanus',
      emoji: '🐻',
      tagline: { en: 'The bear', es: 'La osa' },
      personality: 'Warm and playful',
      catchPhrases: ['sniff sniff!'],
      voiceId: 'Salli',
      locales: ['en', 'es'],
      status: 'active',
      model: { model: 'gpt-4o', temperature: 0.4, maxTokens: 300, systemPrompt: 'Mention salmon.' },
    });
  });

  it('uses a Polly voice chosen in the configuration', () => {
    const polly = { ...record, configuration: { ...record.configuration, voice: 'joanna' } };
    expect(animalRecordToPersona(polly, content).voiceId).toBe('Joanna');
  });

  it('hides every status but active', () => {
    expect(animalRecordToPersona({ ...record, status: 'hidden' }, content).status).toBe('hidden');
  });

  it('fills sensible defaults without a content persona', () => {
    const bare = {
      ...record,
      personality: { description: '' },
      configuration: { ...record.configuration, maxTokens: undefined, systemPrompt: undefined },
    };
    const persona = animalRecordToPersona(bare);
    expect(persona).toMatchObject({
      scientificName: '',
      emoji: '🐾',
      tagline: { en: 'A curious bear' },
      personality: '',
      catchPhrases: [],
      voiceId: 'alloy',
      locales: ['en'],
      model: { model: 'gpt-4o', temperature: 0.4, maxTokens: 400 },
    });
    expect(persona.model.systemPrompt).toBeUndefined();
  });

  it('keeps the content personality when the record has none', () => {
    const empty = { ...record, personality: { description: '' } };
    expect(animalRecordToPersona(empty, content).personality).toBe('Old personality');
  });
});
