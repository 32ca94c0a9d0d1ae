import { beforeAll, describe, expect, it } from 'vitest';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';
import { startedServer, textBody } from './guardrail-test-kit.ts';

let rest: RestTestServer;
let keeper: string;

beforeAll(async () => {
  rest = await startedServer();
  keeper = await rest.signIn('zookeeper@cmz.org');
});

interface TextGuardrail {
  guardrailId: string;
  name: string;
  guardrailText: string;
  category: string;
  severity: string;
  ageAppropriate: string[];
  usageCount: number;
  isDefault: boolean;
  created: { at: string; by?: string };
  modified?: { at: string; by?: string };
}

const create = async (overrides: Record<string, unknown> = {}) => {
  const response = await rest.call('POST', '/guardrail', {
    token: keeper,
    body: textBody(overrides),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as TextGuardrail;
};

describe('the text guardrail API (/guardrail)', () => {
  it('creates with the original defaults, reads, lists, updates and deletes', async () => {
    const created = await create();
    expect(created.guardrailId).toMatch(/^guardrail_[0-9a-f]{12}$/);
    expect(created).toMatchObject({
      name: 'Gentle tone',
      category: 'TONE',
      severity: 'MODERATE',
      ageAppropriate: ['ALL_AGES'],
      isDefault: false,
      usageCount: 0,
    });
    expect(created.created.by).toMatch(/^user_/);

    const read = await rest.call('GET', `/guardrail/${created.guardrailId}`, { token: keeper });
    expect(read.body).toEqual(created);

    const safety = await create({ name: 'Safety', category: 'SAFETY', severity: 'STRICT' });
    const list = await rest.call('GET', '/guardrail?category=SAFETY', { token: keeper });
    expect(list.body).toEqual({ guardrails: [safety], total: 1 });

    const updated = await rest.call('PUT', `/guardrail/${created.guardrailId}`, {
      token: keeper,
      body: { severity: 'GUIDANCE', ageAppropriate: ['PRESCHOOL', 'FAMILY'] },
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      severity: 'GUIDANCE',
      ageAppropriate: ['PRESCHOOL', 'FAMILY'],
      guardrailText: created.guardrailText,
    });
    expect((updated.body as TextGuardrail).modified?.by).toMatch(/^user_/);

    expect(
      (await rest.call('DELETE', `/guardrail/${created.guardrailId}`, { token: keeper })).status,
    ).toBe(204);
    expect(
      (await rest.call('GET', `/guardrail/${created.guardrailId}`, { token: keeper })).status,
    ).toBe(404);
    expect(
      (
        await rest.call('PUT', `/guardrail/${created.guardrailId}`, {
          token: keeper,
          body: { name: 'again' },
        })
      ).status,
    ).toBe(404);
  });

  it('keeps one default per category, counts every animal as a user, and refuses to delete it', async () => {
    const first = await create({ name: 'First', category: 'CONTENT', isDefault: true });
    const animals = (await rest.call('GET', '/animal_list', { token: keeper })).body as unknown[];
    expect(first.usageCount).toBeGreaterThanOrEqual(animals.length);
    expect(first.usageCount).toBeGreaterThan(0);

    const second = await create({ name: 'Second', category: 'CONTENT', isDefault: true });
    const firstNow = (await rest.call('GET', `/guardrail/${first.guardrailId}`, { token: keeper }))
      .body as TextGuardrail;
    expect(firstNow).toMatchObject({ isDefault: false, usageCount: 0 });
    const defaults = await rest.call('GET', '/guardrail?isDefault=true&category=content', {
      token: keeper,
    });
    expect(
      (defaults.body as { guardrails: TextGuardrail[] }).guardrails.map((g) => g.guardrailId),
    ).toEqual([second.guardrailId]);

    const refused = await rest.call('DELETE', `/guardrail/${second.guardrailId}`, {
      token: keeper,
    });
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'conflict',
      details: { guardrailId: second.guardrailId },
    });
    expect(
      (await rest.call('GET', `/guardrail/${second.guardrailId}`, { token: keeper })).status,
    ).toBe(200);

    await rest.call('PUT', `/guardrail/${second.guardrailId}`, {
      token: keeper,
      body: { isDefault: false },
    });
    expect(
      (await rest.call('DELETE', `/guardrail/${second.guardrailId}`, { token: keeper })).status,
    ).toBe(204);
  });

  it('refuses bad input with a clear error', async () => {
    const cases: Record<string, unknown>[] = [
      textBody({ guardrailText: 'too short' }),
      textBody({ category: 'FUN' }),
      textBody({ name: '' }),
      textBody({ name: '    ' }),
      textBody({ guardrailText: `   ${'a'.repeat(20)}   ${' '.repeat(40)}` }),
      textBody({ ageAppropriate: [] }),
      textBody({ usageCount: 3 }),
    ];
    for (const body of cases) {
      const response = await rest.call('POST', '/guardrail', { token: keeper, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const created = await create();
    for (const body of [{}, { guardrailText: 'short' }, { isDefault: 'yes' }]) {
      const response = await rest.call('PUT', `/guardrail/${created.guardrailId}`, {
        token: keeper,
        body,
      });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
  });
});
