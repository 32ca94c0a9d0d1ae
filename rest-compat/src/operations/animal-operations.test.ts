import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JsonResult, OperationHandlers } from '../http/operation-types.ts';
import { RestError } from '../http/rest-error.ts';
import { createAnimalOperations } from './animal-operations.ts';
import {
  callOperation,
  principalOf,
  startOperationTestKit,
  type OperationTestKit,
} from './operation-test-kit.ts';
import { createSpecResponseCheck } from './spec-response-check.ts';

let kit: OperationTestKit;
let handlers: OperationHandlers;
const changed: string[] = [];
const check = createSpecResponseCheck();

function expectSpecValid(operationId: string, result: JsonResult) {
  expect(check({ operationId, status: result.status, body: result.body }).errors).toBeNull();
}

async function expectRestError(promise: Promise<unknown>, status: number, code?: string) {
  const error = await promise.then(
    () => undefined,
    (failure: unknown) => failure,
  );
  expect(error).toBeInstanceOf(RestError);
  expect((error as RestError).status).toBe(status);
  if (code !== undefined) expect((error as RestError).code).toBe(code);
}

beforeAll(async () => {
  kit = await startOperationTestKit();
  handlers = createAnimalOperations({
    repositories: kit.repositories,
    onAnimalChanged: async (animalId) => {
      changed.push(animalId);
    },
  });
  await kit.repositories.animals.create({
    animalId: 'bella',
    name: 'Bella',
    species: 'Bear',
    personality: 'Curious and kind',
  });
  await kit.repositories.animals.create({
    animalId: 'shy',
    name: 'Shy',
    species: 'Owl',
    status: 'hidden',
  });
});
afterAll(() => kit.close());

describe('animal reads', () => {
  it('lists active animals for the public, all for staff, with the status filter', async () => {
    const open = await callOperation(handlers, 'animal_list_get');
    expect((open.body as { animalId: string }[]).map((animal) => animal.animalId)).toEqual([
      'bella',
    ]);
    expectSpecValid('animal_list_get', open);
    const staff = await callOperation(handlers, 'animal_list_get', {
      principal: principalOf(kit.users.educator),
    });
    expect((staff.body as unknown[]).length).toBe(2);
    const hidden = await callOperation(handlers, 'animal_list_get', {
      query: { status: 'hidden' },
      principal: principalOf(kit.users.zookeeper),
    });
    expect(hidden.body).toEqual([
      expect.objectContaining({ animalId: 'shy', id: 'shy', status: 'hidden' }),
    ]);
    const publicHidden = await callOperation(handlers, 'animal_list_get', {
      query: { status: 'hidden' },
      principal: principalOf(kit.users.student),
    });
    expect(publicHidden.body).toEqual([]);
  });

  it('answers 404 for a hidden animal to non-staff', async () => {
    const bella = await callOperation(handlers, 'animal_get', { params: { animalId: 'bella' } });
    expect(bella.body).toMatchObject({
      animalId: 'bella',
      personality: 'Curious and kind',
      configuration: { voice: 'alloy' },
    });
    expectSpecValid('animal_get', bella);
    await expectRestError(
      callOperation(handlers, 'animal_get', {
        params: { animalId: 'shy' },
        principal: principalOf(kit.users.parent),
      }),
      404,
    );
    const staff = await callOperation(handlers, 'animal_details_get', {
      query: { animalId: 'shy' },
      principal: principalOf(kit.users.educator),
    });
    expect(staff.body).toMatchObject({ animalId: 'shy', animalDetailId: 'details-shy' });
    expectSpecValid('animal_details_get', staff);
    await expectRestError(
      callOperation(handlers, 'animal_details_get', { query: { animalId: 'shy' } }),
      404,
    );
  });
});

describe('animal writes', () => {
  it('creates (201) and calls onAnimalChanged; refuses client ids (400) and duplicates (409)', async () => {
    const keeper = principalOf(kit.users.zookeeper);
    const created = await callOperation(handlers, 'animal_post', {
      body: { name: 'Pokey', species: 'Porcupine', status: 'active' },
      principal: keeper,
    });
    expect(created.status).toBe(201);
    expectSpecValid('animal_post', created);
    const animalId = (created.body as { animalId: string }).animalId;
    expect(changed.at(-1)).toBe(animalId);
    await expectRestError(
      callOperation(handlers, 'animal_post', {
        body: { name: 'New', species: 'Cat', id: 'x' },
        principal: keeper,
      }),
      400,
    );
    await expectRestError(
      callOperation(handlers, 'animal_post', {
        body: { name: 'New', species: 'Cat', animalId: 'x' },
        principal: keeper,
      }),
      400,
    );
    await expectRestError(
      callOperation(handlers, 'animal_post', {
        body: { name: ' pokey ', species: 'Cat' },
        principal: keeper,
      }),
      409,
      'conflict',
    );
  });

  it('updates (PUT), keeping names unique, and stores non-public statuses as hidden', async () => {
    const keeper = principalOf(kit.users.zookeeper);
    const updated = await callOperation(handlers, 'animal_put', {
      params: { animalId: 'bella' },
      body: { status: 'retired', personality: 'Sleepy', description: 'A bear' },
      principal: keeper,
    });
    expect(updated.body).toMatchObject({
      status: 'hidden',
      personality: 'Sleepy',
      description: 'A bear',
    });
    expectSpecValid('animal_put', updated);
    expect(changed.at(-1)).toBe('bella');
    await expectRestError(
      callOperation(handlers, 'animal_put', {
        params: { animalId: 'bella' },
        body: { name: 'SHY' },
        principal: keeper,
      }),
      409,
    );
    await expectRestError(
      callOperation(handlers, 'animal_put', {
        params: { animalId: 'nobody' },
        body: { name: 'Z' },
        principal: keeper,
      }),
      404,
    );
  });

  it('soft-deletes (204), calls onAnimalChanged, then answers 404', async () => {
    const keeper = principalOf(kit.users.zookeeper);
    expect(
      await callOperation(handlers, 'animal_delete', {
        params: { animalId: 'shy' },
        principal: keeper,
      }),
    ).toEqual({ status: 204 });
    expect(changed.at(-1)).toBe('shy');
    await expectRestError(
      callOperation(handlers, 'animal_get', { params: { animalId: 'shy' }, principal: keeper }),
      404,
    );
    await expectRestError(
      callOperation(handlers, 'animal_delete', { params: { animalId: 'shy' }, principal: keeper }),
      404,
    );
  });
});

describe('animal configuration', () => {
  it('reads the config in the old shape', async () => {
    const result = await callOperation(handlers, 'animal_config_get', {
      query: { animalId: 'bella' },
      principal: principalOf(kit.users.admin),
    });
    expect(result.body).toMatchObject({
      animalConfigId: 'config-bella',
      voice: 'alloy',
      aiModel: 'gpt-4o-mini',
      temperature: 0.7,
      topP: 1,
      toolsEnabled: ['facts', 'media_lookup'],
      responseFormat: 'text',
    });
    expectSpecValid('animal_config_get', result);
    await expectRestError(
      callOperation(handlers, 'animal_config_get', {
        query: { animalId: 'nobody' },
        principal: principalOf(kit.users.admin),
      }),
      404,
    );
  });

  it('rounds, merges, stores personality and calls onAnimalChanged', async () => {
    changed.length = 0;
    const result = await callOperation(handlers, 'animal_config_patch', {
      query: { animalId: 'bella' },
      body: {
        temperature: 0.76,
        topP: 0.934,
        personality: 'Playful bear',
        systemPrompt: 'Talk about salmon.',
      },
      principal: principalOf(kit.users.zookeeper),
    });
    expect(result.body).toMatchObject({
      temperature: 0.8,
      topP: 0.93,
      personality: 'Playful bear',
      systemPrompt: 'Talk about salmon.',
      voice: 'alloy',
    });
    expectSpecValid('animal_config_patch', result);
    expect(changed).toEqual(['bella']);
    const stored = await kit.repositories.animals.get('bella');
    expect(stored?.personality).toEqual({ description: 'Playful bear' });
    expect(stored?.configuration).toMatchObject({
      temperature: 0.8,
      topP: 0.93,
      aiModel: 'gpt-4o-mini',
    });
  });

  it('answers 409 for a stale version and accepts the current one', async () => {
    const keeper = principalOf(kit.users.zookeeper);
    const current = await callOperation(handlers, 'animal_config_get', {
      query: { animalId: 'bella' },
      principal: keeper,
    });
    const version = (current.body as { version: number }).version;
    await callOperation(handlers, 'animal_config_patch', {
      query: { animalId: 'bella' },
      body: { voice: 'joanna', sessionId: 's1', version },
      principal: keeper,
    });
    changed.length = 0;
    await expectRestError(
      callOperation(handlers, 'animal_config_patch', {
        query: { animalId: 'bella' },
        body: { voice: 'amy', sessionId: 's2', version },
        principal: keeper,
      }),
      409,
      'conflict',
    );
    expect(changed).toEqual([]);
    expect((await kit.repositories.animals.get('bella'))?.configuration.voice).toBe('joanna');
  });
});
