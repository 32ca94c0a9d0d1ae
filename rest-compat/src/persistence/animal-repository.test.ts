import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { loadAnimalContent } from '@cmz/engine';
import { createAnimalRepository, type AnimalRepository } from './animal-repository.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { startTestStore, type TestStore } from './test-store.ts';

let store: TestStore;
let animals: AnimalRepository;

beforeAll(async () => {
  store = await startTestStore();
  animals = createAnimalRepository({
    document: store.document,
    tableName: store.tableNames.animal,
  });
});
afterAll(() => store.close());

describe('animal repository', () => {
  it('creates with a server UUID and default configuration, reads it back', async () => {
    const animal = await animals.create(
      { name: 'Tavi', species: 'Tiger', personality: 'Gentle and educational.' },
      { actorId: 'user_keeper' },
    );
    expect(animal.animalId).toMatch(/^[0-9a-f-]{36}$/);
    expect(animal).toMatchObject({
      status: 'active',
      version: 1,
      softDelete: false,
      personality: { description: 'Gentle and educational.' },
      configuration: { voice: 'alloy', aiModel: 'gpt-4o-mini', temperature: 0.7, topP: 1 },
    });
    expect(await animals.get(animal.animalId)).toEqual(animal);
    expect(await animals.get('missing')).toBeUndefined();
    await expect(
      animals.create({ animalId: animal.animalId, name: 'Dup', species: 'Tiger' }),
    ).rejects.toBeInstanceOf(ConditionFailed);
  });

  it('updates partially, merges configuration and bumps the version', async () => {
    const animal = await animals.create({
      name: 'Willa',
      species: 'Wallaby',
      description: 'Hops.',
      configuration: { systemPrompt: 'Say boing.', guardrails: { selected: ['a'] } },
    });
    const updated = await animals.update(
      animal.animalId,
      {
        personality: 'Excited and sporty.',
        description: null,
        configuration: { temperature: 0.3, toolsEnabled: ['facts'] },
      },
      { actor: { actorId: 'user_keeper' } },
    );
    expect(updated.version).toBe(2);
    expect(updated.description).toBeUndefined();
    expect(updated.personality).toEqual({ description: 'Excited and sporty.' });
    expect(updated.configuration).toMatchObject({
      temperature: 0.3,
      toolsEnabled: ['facts'],
      systemPrompt: 'Say boing.',
      guardrails: { selected: ['a'] },
      voice: 'alloy',
    });
    expect(updated.modified?.by).toEqual({ actorId: 'user_keeper' });
    expect(await animals.get(animal.animalId)).toEqual(updated);
  });

  it('rejects a stale expectedVersion (optimistic concurrency) and lets the fresh one win', async () => {
    const animal = await animals.create({ name: 'Luma', species: 'Lemur' });
    const results = await Promise.allSettled([
      animals.update(animal.animalId, { name: 'Luma A' }, { expectedVersion: 1 }),
      animals.update(animal.animalId, { name: 'Luma B' }, { expectedVersion: 1 }),
    ]);
    const winners = results.filter((result) => result.status === 'fulfilled');
    const losers = results.filter((result) => result.status === 'rejected');
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    expect((losers[0] as PromiseRejectedResult).reason).toMatchObject({
      reason: 'version_conflict',
    });
    await expect(
      animals.update(animal.animalId, { name: 'Late' }, { expectedVersion: 1 }),
    ).rejects.toBeInstanceOf(ConditionFailed);
    const fresh = await animals.update(animal.animalId, { name: 'Luma C' }, { expectedVersion: 2 });
    expect(fresh.version).toBe(3);
  });

  it('applies concurrent unversioned updates one after another without losing any', async () => {
    const animal = await animals.create({ name: 'Hoot', species: 'Owl' });
    await Promise.all([
      animals.update(animal.animalId, { configuration: { voice: 'echo' } }),
      animals.update(animal.animalId, { configuration: { topP: 0.5 } }),
      animals.update(animal.animalId, { habitat: 'Forest' }),
    ]);
    const stored = await animals.get(animal.animalId);
    expect(stored).toMatchObject({
      version: 4,
      habitat: 'Forest',
      configuration: { voice: 'echo', topP: 0.5 },
    });
  });

  it('soft-deletes: hidden from get, list and update', async () => {
    const animal = await animals.create({ name: 'Gone', species: 'Dodo' });
    await animals.softDelete(animal.animalId, { actorId: 'user_admin' });
    expect(await animals.get(animal.animalId)).toBeUndefined();
    expect((await animals.list()).map((item) => item.animalId)).not.toContain(animal.animalId);
    await expect(animals.update(animal.animalId, { name: 'x' })).rejects.toBeInstanceOf(NotFound);
    await expect(animals.softDelete(animal.animalId)).rejects.toBeInstanceOf(NotFound);
  });

  it('lists by name and filters by status', async () => {
    await animals.create({ name: 'aardvark', species: 'Aardvark', status: 'hidden' });
    const all = await animals.list();
    const names = all.map((animal) => animal.name);
    expect(names).toEqual(
      [...names].sort((left, right) => left.localeCompare(right, 'en', { sensitivity: 'base' })),
    );
    expect(names[0]).toBe('aardvark');
    const hidden = await animals.list({ status: 'hidden' });
    expect(hidden.map((animal) => animal.name)).toEqual(['aardvark']);
  });

  it('reads original records without version, configuration or personality map', async () => {
    await store.document.send(
      new PutCommand({
        TableName: store.tableNames.animal,
        Item: { animalId: 'legacy_1', name: 'Leo', species: 'Lion', personality: 'Proud.' },
      }),
    );
    const legacy = await animals.get('legacy_1');
    expect(legacy).toMatchObject({
      version: 0,
      status: 'active',
      personality: { description: 'Proud.' },
      configuration: { voice: 'alloy' },
    });
    await expect(
      animals.update('legacy_1', { name: 'Leo' }, { expectedVersion: 1 }),
    ).rejects.toMatchObject({ reason: 'version_conflict' });
    const updated = await animals.update(
      'legacy_1',
      { name: 'Leo the Lion' },
      { expectedVersion: 0 },
    );
    expect(updated.version).toBe(1);
  });

  it('seeds the engine personas once and never overwrites keeper edits', async () => {
    const { animals: personas } = await loadAnimalContent();
    const first = await animals.seedFromPersonas(personas);
    expect(first.created.sort()).toEqual(personas.map((persona) => persona.id).sort());
    const bella = personas.find((persona) => persona.id === 'bella');
    expect(await animals.get('bella')).toMatchObject({
      name: bella?.name,
      species: bella?.species,
      personality: { description: bella?.personality },
      configuration: { aiModel: bella?.model.model, maxTokens: bella?.model.maxTokens },
      created: { by: { actorId: 'system:seed' } },
    });
    await animals.update('bella', { name: 'Bella (edited)' });
    await animals.softDelete('pokey');
    const second = await animals.seedFromPersonas(personas);
    expect(second.created).toEqual([]);
    expect(second.kept).toHaveLength(personas.length);
    expect((await animals.get('bella'))?.name).toBe('Bella (edited)');
    expect(await animals.get('pokey')).toBeUndefined();
  });
});
