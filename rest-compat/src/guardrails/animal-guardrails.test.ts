import { beforeAll, describe, expect, it } from 'vitest';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';
import { ruleBody, startedServer, textBody } from './guardrail-test-kit.ts';

let rest: RestTestServer;
let keeper: string;

beforeAll(async () => {
  rest = await startedServer();
  keeper = await rest.signIn('zookeeper@cmz.org');
});

interface Guardrail {
  guardrailId: string;
  rule: string;
  type: string;
  priority: number;
  isGlobal: boolean;
  keywords: string[] | null;
}

const createRule = async (overrides: Record<string, unknown>) => {
  const response = await rest.call('POST', '/guardrails', {
    token: keeper,
    body: ruleBody(overrides),
  });
  expect(response.status, JSON.stringify(response.body)).toBe(201);
  return response.body as Guardrail;
};

const effective = async (animalId: string) => {
  const response = await rest.call('GET', `/animal/${animalId}/guardrails/effective`, {
    token: keeper,
  });
  expect(response.status, JSON.stringify(response.body)).toBe(200);
  return response.body as Guardrail[];
};

const patchGuardrails = (animalId: string, guardrails: unknown) =>
  rest.call('PATCH', `/animal_config?animalId=${animalId}`, {
    token: keeper,
    body: { guardrails },
  });

describe("an animal's effective guardrails", () => {
  it('combine global, selected and custom rules, highest priority first', async () => {
    const global = await createRule({
      name: 'Global',
      rule: 'Be gentle.',
      type: 'ALWAYS',
      isGlobal: true,
      priority: 60,
    });
    const selected = await createRule({
      name: 'Selected',
      rule: 'Never roar loudly.',
      priority: 90,
    });
    const notSelected = await createRule({ name: 'Other', rule: 'Never sing.', priority: 99 });
    const inactive = await createRule({
      name: 'Off',
      rule: 'Never jump.',
      isGlobal: true,
      isActive: false,
    });

    const patched = await patchGuardrails('bella', {
      selected: [selected.guardrailId, selected.guardrailId],
      custom: [
        {
          type: 'DISCOURAGE',
          rule: '  Avoid talking about honey.  ',
          keywords: ['honey'],
          priority: 95,
        },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect((patched.body as { guardrails: unknown }).guardrails).toEqual({
      selected: [selected.guardrailId],
      custom: [
        {
          type: 'DISCOURAGE',
          rule: 'Avoid talking about honey.',
          keywords: ['honey'],
          priority: 95,
        },
      ],
    });

    const bella = await effective('bella');
    expect(bella.map((guardrail) => guardrail.guardrailId)).toEqual([
      'gr_custom1',
      selected.guardrailId,
      global.guardrailId,
    ]);
    expect(bella[0]).toMatchObject({ type: 'DISCOURAGE', isGlobal: false, keywords: ['honey'] });
    const ids = bella.map((guardrail) => guardrail.guardrailId);
    expect(ids).not.toContain(notSelected.guardrailId);
    expect(ids).not.toContain(inactive.guardrailId);

    // Another animal only gets the global rule.
    expect((await effective('leo')).map((guardrail) => guardrail.guardrailId)).toContain(
      global.guardrailId,
    );
    expect((await effective('leo')).map((guardrail) => guardrail.guardrailId)).not.toContain(
      selected.guardrailId,
    );

    // A deleted guardrail stops applying although the animal still selects it.
    await rest.call('DELETE', `/guardrails/${selected.guardrailId}`, { token: keeper });
    expect((await effective('bella')).map((guardrail) => guardrail.guardrailId)).not.toContain(
      selected.guardrailId,
    );
    await rest.call('PATCH', `/guardrails/${global.guardrailId}`, {
      token: keeper,
      body: { isActive: false },
    });
  });

  it('answers 404 for an unknown animal', async () => {
    const response = await rest.call('GET', '/animal/nobody/guardrails/effective', {
      token: keeper,
    });
    expect(response.status).toBe(404);
  });
});

describe('the guardrails object of /animal_config', () => {
  it('refuses a bad shape or unknown guardrails and keeps what was stored', async () => {
    const good = await patchGuardrails('charlie', {
      custom: [{ type: 'ALWAYS', rule: 'Always mention the savanna.' }],
    });
    expect(good.status).toBe(200);
    const bad: unknown[] = [
      { selected: 'gr_abc' },
      { selected: ['not-a-guardrail'] },
      { custom: [{ type: 'MAYBE', rule: 'x' }] },
      { custom: [{ type: 'NEVER', rule: '   ' }] },
      { custom: [{ type: 'NEVER', rule: 'Never x', keywords: ['no spaces allowed'] }] },
      { custom: [{ type: 'NEVER', rule: 'Never x', colour: 'red' }] },
      { extra: true },
      { selected: ['gr_doesnotexist'] },
    ];
    for (const guardrails of bad) {
      const response = await patchGuardrails('charlie', guardrails);
      expect(response.status, JSON.stringify(guardrails)).toBe(400);
      expect(response.body).toMatchObject({
        code: expect.stringMatching(/invalid_request|validation_error/),
      });
    }
    const unknownGuardrail = await patchGuardrails('charlie', { selected: ['gr_doesnotexist'] });
    expect(unknownGuardrail.body).toMatchObject({ details: { missingIds: ['gr_doesnotexist'] } });
    const config = await rest.call('GET', '/animal_config?animalId=charlie', { token: keeper });
    expect((config.body as { guardrails: unknown }).guardrails).toEqual({
      selected: [],
      custom: [{ type: 'ALWAYS', rule: 'Always mention the savanna.' }],
    });
    expect((await patchGuardrails('nobody', { selected: [] })).status).toBe(404);
  });
});

describe('guardrail templates', () => {
  it('apply to an animal once: the rules are created and selected', async () => {
    const applied = await rest.call('POST', '/guardrails/apply-template', {
      token: keeper,
      body: { templateId: 'safety_first', animalId: 'pokey' },
    });
    expect(applied.status, JSON.stringify(applied.body)).toBe(200);
    expect(applied.body).toEqual({ guardrailsApplied: 4, animalId: 'pokey' });
    const rules = (await effective('pokey')).map((guardrail) => guardrail.rule);
    expect(rules).toContain('Never encourage feeding or touching the animals.');
    expect(rules).toContain('Never suggest dangerous interactions with animals.');

    const again = await rest.call('POST', '/guardrails/apply-template', {
      token: keeper,
      body: { templateId: 'safety_first', animalId: 'pokey' },
    });
    expect(again.body).toEqual({ guardrailsApplied: 0, animalId: 'pokey' });
    expect(await effective('pokey')).toHaveLength(rules.length);

    const config = await rest.call('GET', '/animal_config?animalId=pokey', { token: keeper });
    expect(
      (config.body as { guardrails: { selected: string[] } }).guardrails.selected,
    ).toHaveLength(4);
  });

  it('answers 404 for an unknown template or animal and 400 for a missing field', async () => {
    const unknownTemplate = await rest.call('POST', '/guardrails/apply-template', {
      token: keeper,
      body: { templateId: 'nope', animalId: 'pokey' },
    });
    expect(unknownTemplate.status).toBe(404);
    const unknownAnimal = await rest.call('POST', '/guardrails/apply-template', {
      token: keeper,
      body: { templateId: 'family_friendly', animalId: 'nobody' },
    });
    expect(unknownAnimal.status).toBe(404);
    const missing = await rest.call('POST', '/guardrails/apply-template', {
      token: keeper,
      body: { templateId: 'family_friendly' },
    });
    expect(missing.status).toBe(400);
  });
});

describe("an animal's system prompt", () => {
  it('shows the persona with the ZOO RULES, most important first, and the default guidance', async () => {
    await patchGuardrails('leo', {
      custom: [
        { type: 'ENCOURAGE', rule: 'Encourage questions about the savanna.', priority: 20 },
        { type: 'NEVER', rule: 'Never mention zebras.', keywords: ['zebras'], priority: 90 },
      ],
    });
    const guidance = await rest.call('POST', '/guardrail', {
      token: keeper,
      body: textBody({ category: 'SAFETY', isDefault: true }),
    });
    expect(guidance.status).toBe(201);
    const response = await rest.call('GET', '/animal/leo/system-prompt', { token: keeper });
    expect(response.status).toBe(200);
    const { prompt, guardrailCount } = response.body as { prompt: string; guardrailCount: number };
    expect(prompt).toMatch(/^You are Leo/);
    expect(prompt).toContain('LANGUAGE: answer in English.');
    const rules = prompt.slice(prompt.indexOf('ZOO RULES'));
    expect(rules.indexOf('- NEVER: Never mention zebras.')).toBeGreaterThan(0);
    expect(rules.indexOf('- NEVER: Never mention zebras.')).toBeLessThan(
      rules.indexOf('- ENCOURAGE: Encourage questions about the savanna.'),
    );
    expect(rules).toContain('- GUIDANCE: Speak gently and patiently');
    const effectiveCount = (await effective('leo')).length;
    expect(guardrailCount).toBe(effectiveCount + 1);

    const spanish = await rest.call('GET', '/animal/leo/system-prompt?locale=es', {
      token: keeper,
    });
    expect((spanish.body as { prompt: string }).prompt).toContain('LANGUAGE: answer in Spanish.');
    expect(
      (await rest.call('GET', '/animal/leo/system-prompt?locale=fr', { token: keeper })).status,
    ).toBe(400);
    expect((await rest.call('GET', '/animal/nobody/system-prompt', { token: keeper })).status).toBe(
      404,
    );
    await rest.call('PUT', `/guardrail/${(guidance.body as { guardrailId: string }).guardrailId}`, {
      token: keeper,
      body: { isDefault: false },
    });
    const without = await rest.call('GET', '/animal/leo/system-prompt', { token: keeper });
    expect((without.body as { prompt: string }).prompt).not.toContain('GUIDANCE:');
  });
});
