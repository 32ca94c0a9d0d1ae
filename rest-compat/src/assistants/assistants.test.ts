import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';
import { askAsVisitor, personaEchoModel, personalityBody } from './assistant-test-kit.ts';

let rest: RestTestServer;
let keeper: string;
let admin: string;
let educator: string;

beforeAll(async () => {
  rest = await startRestTestServer({ model: personaEchoModel() });
  keeper = await rest.signIn('zookeeper@cmz.org');
  admin = await rest.signIn('test@cmz.org');
  educator = await rest.signIn('educator@cmz.org');
});
afterAll(() => rest.close());

async function createPersonality(name: string, marker: string, extra: object = {}) {
  const created = await rest.call('POST', '/personality', {
    token: keeper,
    body: { ...personalityBody(name, marker), ...extra },
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as { personalityId: string; usageCount: number; isTemplate: boolean };
}

describe('personalities', () => {
  it('are created, listed, read, updated and soft-deleted, with validation and unique names', async () => {
    const created = await createPersonality('Cheerful', 'CHEERFUL');
    expect(created).toMatchObject({ usageCount: 0, isTemplate: false, tone: 'PLAYFUL' });
    expect(created).toHaveProperty('created.by');

    const duplicate = await rest.call('POST', '/personality', {
      token: keeper,
      body: personalityBody('  cheerful ', 'OTHER'),
    });
    expect(duplicate).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const short = await rest.call('POST', '/personality', {
      token: keeper,
      body: { ...personalityBody('Short', 'S'), personalityText: 'too short' },
    });
    expect(short.status).toBe(400);
    const blank = await rest.call('POST', '/personality', {
      token: keeper,
      body: { ...personalityBody('Blank', 'B'), name: '   ' },
    });
    expect(blank).toMatchObject({ status: 400, body: { code: 'invalid_request' } });

    const listed = await rest.call('GET', '/personality?animalType=MAMMAL', { token: keeper });
    expect(
      (listed.body as { personalities: { name: string }[] }).personalities.map((p) => p.name),
    ).toContain('Cheerful');
    const birds = await rest.call('GET', '/personality?animalType=BIRD', { token: keeper });
    expect(birds.body).toMatchObject({ total: 0 });

    const path = `/personality/${created.personalityId}`;
    const renamed = await rest.call('PUT', path, { token: admin, body: { name: 'Very cheerful' } });
    expect(renamed).toMatchObject({ status: 200, body: { name: 'Very cheerful' } });
    expect(renamed.body).toHaveProperty('modified.at');
    // The old name is free again; the new one is taken.
    await createPersonality('Cheerful', 'CHEERFUL-2');
    const taken = await rest.call('PUT', path, { token: admin, body: { name: 'cheerful' } });
    expect(taken.status).toBe(409);

    expect((await rest.call('DELETE', path, { token: keeper })).status).toBe(204);
    expect((await rest.call('GET', path, { token: keeper })).status).toBe(404);
    expect((await rest.call('DELETE', path, { token: keeper })).status).toBe(404);
    await createPersonality('Very cheerful', 'AGAIN');
  });

  it('keeps templates read-only and filters them', async () => {
    const template = await createPersonality('Template lion', 'TEMPLATE', { isTemplate: true });
    const path = `/personality/${template.personalityId}`;
    expect((await rest.call('PUT', path, { token: admin, body: { name: 'Edited' } })).status).toBe(
      403,
    );
    expect((await rest.call('DELETE', path, { token: admin })).status).toBe(403);
    const templates = await rest.call('GET', '/personality?isTemplate=true', { token: keeper });
    const names = (templates.body as { personalities: { name: string }[] }).personalities.map(
      (p) => p.name,
    );
    expect(names).toEqual(['Template lion']);
  });

  it('lets only zookeepers and admins in', async () => {
    expect((await rest.call('GET', '/personality')).status).toBe(401);
    expect((await rest.call('GET', '/personality', { token: educator })).status).toBe(403);
    const post = await rest.call('POST', '/personality', {
      token: educator,
      body: personalityBody('Nope', 'NOPE'),
    });
    expect(post.status).toBe(403);
  });
});

describe('assistants', () => {
  it('give the animal its personality, one per animal, versioned and rolled back', async () => {
    const before = await askAsVisitor(rest, 'bella', 'Hello!');
    expect(before?.text).not.toMatch(/BELLA-ONE/);
    const first = await createPersonality('Bella one', 'BELLA-ONE');
    const second = await createPersonality('Bella two', 'BELLA-TWO');

    const created = await rest.call('POST', '/assistant', {
      token: keeper,
      body: {
        animalId: 'bella',
        personalityId: first.personalityId,
        guardrailId: 'guardrail_loose',
      },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const assistant = created.body as { assistantId: string; mergedPrompt: string };
    expect(created.body).toMatchObject({
      animalId: 'bella',
      status: 'ACTIVE',
      knowledgeBaseFileIds: [],
    });
    expect(assistant.mergedPrompt).toContain('=== PERSONALITY & BEHAVIOR ===');
    expect(assistant.mergedPrompt).toContain('BELLA-ONE');
    expect((await askAsVisitor(rest, 'bella', 'Hello!'))?.text).toBe('persona: BELLA-ONE');

    const again = await rest.call('POST', '/assistant', {
      token: keeper,
      body: { animalId: 'bella', personalityId: second.personalityId, guardrailId: 'g' },
    });
    expect(again).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const unknown = await rest.call('POST', '/assistant', {
      token: keeper,
      body: { animalId: 'bella', personalityId: 'missing', guardrailId: 'g' },
    });
    expect(unknown).toMatchObject({ status: 400, body: { details: { missingIds: ['missing'] } } });
    const noAnimal = await rest.call('POST', '/assistant', {
      token: keeper,
      body: { animalId: 'unicorn', personalityId: first.personalityId, guardrailId: 'g' },
    });
    expect(noAnimal).toMatchObject({ status: 400, body: { details: { missingIds: ['unicorn'] } } });
    const badFile = await rest.call('POST', '/assistant', {
      token: keeper,
      body: {
        animalId: 'nova',
        personalityId: first.personalityId,
        guardrailId: 'g',
        knowledgeBaseFileIds: ['kb-missing'],
      },
    });
    expect(badFile.status).toBe(400);
    const badGuardrail = await rest.call('POST', '/assistant', {
      token: keeper,
      body: { animalId: 'nova', personalityId: first.personalityId, guardrailId: 'bad id!' },
    });
    expect(badGuardrail.status).toBe(400);

    const path = `/assistant/${assistant.assistantId}`;
    expect((await rest.call('GET', path, { token: keeper })).body).toMatchObject({
      personalityId: first.personalityId,
    });
    const byAnimal = await rest.call('GET', '/assistant?animalId=bella&status=ACTIVE', {
      token: keeper,
    });
    expect(byAnimal.body).toMatchObject({ total: 1 });
    const inactiveList = await rest.call('GET', '/assistant?status=INACTIVE', { token: keeper });
    expect(
      (inactiveList.body as { assistants: { animalId: string }[] }).assistants.map(
        (a) => a.animalId,
      ),
    ).not.toContain('bella');

    const updated = await rest.call('PUT', path, {
      token: keeper,
      body: { personalityId: second.personalityId },
    });
    expect(updated).toMatchObject({ status: 200, body: { personalityId: second.personalityId } });
    expect((await askAsVisitor(rest, 'bella', 'Hello!'))?.text).toBe('persona: BELLA-TWO');
    const unchanged = await rest.call('PUT', path, { token: keeper, body: {} });
    expect(unchanged.status).toBe(200);

    // The personality in use cannot go; its usage is counted.
    const secondPath = `/personality/${second.personalityId}`;
    expect((await rest.call('GET', secondPath, { token: keeper })).body).toMatchObject({
      usageCount: 1,
    });
    expect((await rest.call('DELETE', secondPath, { token: keeper })).status).toBe(409);

    // Editing the personality re-merges the live assistant (a new version).
    const edited = await rest.call('PUT', secondPath, {
      token: keeper,
      body: { personalityText: personalityBody('x', 'BELLA-EDITED').personalityText },
    });
    expect(edited.status).toBe(200);
    expect((await askAsVisitor(rest, 'bella', 'Hello!'))?.text).toBe('persona: BELLA-EDITED');

    const history = await rest.call('GET', `${path}/versions`, { token: keeper });
    const versions = history.body as {
      currentVersion: number;
      versions: { version: number; kind: string; by?: string; changes: { field: string }[] }[];
    };
    expect(versions.currentVersion).toBe(3);
    expect(versions.versions.map((entry) => entry.kind)).toEqual([
      'create',
      'update',
      'personality-update',
    ]);
    expect(versions.versions[1]?.changes.map((change) => change.field)).toEqual(
      expect.arrayContaining(['personalityId', 'personalityText']),
    );
    expect(versions.versions[1]?.by).toMatch(/^user_/);

    const rolledBack = await rest.call('POST', `${path}/rollback`, { token: admin, body: {} });
    expect(rolledBack).toMatchObject({ status: 200, body: { version: 4 } });
    expect((await askAsVisitor(rest, 'bella', 'Hello!'))?.text).toBe('persona: BELLA-TWO');
    const toFirst = await rest.call('POST', `${path}/rollback`, {
      token: keeper,
      body: { toVersion: 1, expectedVersion: 4 },
    });
    expect(toFirst).toMatchObject({ status: 200, body: { personalityId: first.personalityId } });
    expect((await askAsVisitor(rest, 'bella', 'Hello!'))?.text).toBe('persona: BELLA-ONE');
    const stale = await rest.call('POST', `${path}/rollback`, {
      token: keeper,
      body: { expectedVersion: 4 },
    });
    expect(stale.status).toBe(409);
    const future = await rest.call('POST', `${path}/rollback`, {
      token: keeper,
      body: { toVersion: 99 },
    });
    expect(future.status).toBe(409);
    const bad = await rest.call('POST', `${path}/rollback`, {
      token: keeper,
      body: { toVersion: 'one' },
    });
    expect(bad.status).toBe(400);
    expect(
      (await rest.call('POST', `${path}/rollback`, { token: educator, body: {} })).status,
    ).toBe(403);
    expect((await rest.call('GET', '/assistant/nope/versions', { token: keeper })).status).toBe(
      404,
    );

    // Inactive: the animal speaks as its own record again.
    const inactive = await rest.call('PUT', path, { token: keeper, body: { status: 'INACTIVE' } });
    expect(inactive).toMatchObject({ status: 200, body: { status: 'INACTIVE' } });
    expect((await askAsVisitor(rest, 'bella', 'Hello!'))?.text).not.toMatch(/BELLA/);

    expect((await rest.call('DELETE', path, { token: keeper })).status).toBe(204);
    expect((await rest.call('GET', path, { token: keeper })).status).toBe(404);
    expect((await rest.call('DELETE', path, { token: keeper })).status).toBe(404);
    // The animal is free for a new assistant.
    const replacement = await rest.call('POST', '/assistant', {
      token: keeper,
      body: { animalId: 'bella', personalityId: first.personalityId, guardrailId: 'g' },
    });
    expect(replacement.status).toBe(201);
  });

  it('lets only zookeepers and admins in', async () => {
    expect((await rest.call('GET', '/assistant')).status).toBe(401);
    expect((await rest.call('GET', '/assistant', { token: educator })).status).toBe(403);
    expect((await rest.call('GET', '/assistant/x_missing', { token: admin })).status).toBe(404);
    expect(
      (await rest.call('PUT', '/assistant/x_missing', { token: admin, body: {} })).status,
    ).toBe(404);
  });
});
