import { beforeAll, describe, expect, it } from 'vitest';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';
import { ruleBody, startedServer, textBody } from './guardrail-test-kit.ts';

let rest: RestTestServer;
let keeper: string;
let admin: string;

beforeAll(async () => {
  rest = await startedServer();
  keeper = await rest.signIn('zookeeper@cmz.org');
  admin = await rest.signIn('test@cmz.org');
});

interface Guardrail {
  guardrailId: string;
  name: string;
  type: string;
  rule: string;
  category: string;
  priority: number;
  isActive: boolean;
  isGlobal: boolean;
  keywords: string[] | null;
  description: string | null;
  created: { at: string; by?: { actorId?: string } };
  modified?: { at: string };
  softDelete: boolean;
}

describe('the rule guardrail API (/guardrails)', () => {
  it('creates with the spec defaults, reads, lists with filters, updates and soft-deletes', async () => {
    const created = await rest.call('POST', '/guardrails', {
      token: keeper,
      body: { name: 'Stay kind', type: 'ALWAYS', rule: 'Always be kind.' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const guardrail = created.body as Guardrail;
    expect(guardrail.guardrailId).toMatch(/^gr_[a-zA-Z0-9]+$/);
    expect(guardrail).toMatchObject({
      name: 'Stay kind',
      category: 'content_safety',
      priority: 50,
      isActive: true,
      isGlobal: false,
      keywords: null,
      description: null,
      softDelete: false,
    });
    expect(guardrail.created.by?.actorId).toMatch(/^user_/);

    const read = await rest.call('GET', `/guardrails/${guardrail.guardrailId}`, { token: admin });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(guardrail);

    const educational = await rest.call('POST', '/guardrails', {
      token: admin,
      body: ruleBody({ name: 'Teach', type: 'ENCOURAGE', category: 'educational', priority: 90 }),
    });
    expect(educational.status).toBe(201);
    const educationalId = (educational.body as Guardrail).guardrailId;
    const filtered = await rest.call('GET', '/guardrails?category=educational', { token: keeper });
    expect((filtered.body as Guardrail[]).map((entry) => entry.guardrailId)).toEqual([
      educationalId,
    ]);
    const all = (await rest.call('GET', '/guardrails', { token: keeper })).body as Guardrail[];
    expect(all.map((entry) => entry.priority)).toEqual(
      [...all.map((entry) => entry.priority)].sort((a, b) => b - a),
    );

    const updated = await rest.call('PATCH', `/guardrails/${guardrail.guardrailId}`, {
      token: keeper,
      body: { priority: 85, isActive: false, keywords: ['rude', 'rude'], description: 'Why' },
    });
    expect(updated.status, JSON.stringify(updated.body)).toBe(200);
    expect(updated.body).toMatchObject({
      priority: 85,
      isActive: false,
      keywords: ['rude'],
      description: 'Why',
      rule: 'Always be kind.',
    });
    expect((updated.body as Guardrail).modified?.at).toBeDefined();
    const inactive = await rest.call('GET', '/guardrails?isActive=false', { token: keeper });
    expect((inactive.body as Guardrail[]).map((entry) => entry.guardrailId)).toEqual([
      guardrail.guardrailId,
    ]);
    const cleared = await rest.call('PATCH', `/guardrails/${guardrail.guardrailId}`, {
      token: keeper,
      body: { description: null, keywords: null },
    });
    expect(cleared.body).toMatchObject({ description: null, keywords: null });

    const deleted = await rest.call('DELETE', `/guardrails/${guardrail.guardrailId}`, {
      token: keeper,
    });
    expect(deleted.status).toBe(204);
    for (const [method, body] of [
      ['GET', undefined],
      ['PATCH', { priority: 1 }],
      ['DELETE', undefined],
    ] as const) {
      const after = await rest.call(method, `/guardrails/${guardrail.guardrailId}`, {
        token: keeper,
        ...(body === undefined ? {} : { body }),
      });
      expect(after.status, method).toBe(404);
      expect(after.body).toMatchObject({ code: 'not_found' });
    }
    const listed = (await rest.call('GET', '/guardrails', { token: keeper })).body as Guardrail[];
    expect(listed.map((entry) => entry.guardrailId)).not.toContain(guardrail.guardrailId);
  });

  it('refuses bad input with a clear error and stores nothing', async () => {
    const before = ((await rest.call('GET', '/guardrails', { token: keeper })).body as unknown[])
      .length;
    const cases: [Record<string, unknown>, string][] = [
      [{ type: 'NEVER', rule: 'x' }, 'validation'],
      [ruleBody({ type: 'SOMETIMES' }), 'validation'],
      [ruleBody({ rule: 'x'.repeat(501) }), 'validation'],
      [ruleBody({ name: '   ' }), 'name'],
      [ruleBody({ rule: '  ' }), 'rule'],
      [ruleBody({ keywords: ['two words'] }), 'validation'],
      [ruleBody({ guardrailId: 'gr_mine' }), 'guardrailId'],
      [ruleBody({ priority: 101 }), 'validation'],
    ];
    for (const [body, field] of cases) {
      const response = await rest.call('POST', '/guardrails', { token: keeper, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect(JSON.stringify(response.body)).toContain(field === 'validation' ? 'code' : field);
    }
    const created = await rest.call('POST', '/guardrails', { token: keeper, body: ruleBody() });
    const id = (created.body as Guardrail).guardrailId;
    for (const body of [{}, { rule: 'Changed rule' }, { type: 'ALWAYS' }, { isGlobal: true }]) {
      const response = await rest.call('PATCH', `/guardrails/${id}`, { token: keeper, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
    }
    const after = ((await rest.call('GET', '/guardrails', { token: keeper })).body as unknown[])
      .length;
    expect(after).toBe(before + 1);
    expect((await rest.call('GET', `/guardrails/${id}`, { token: keeper })).body).toMatchObject({
      rule: 'Never talk about zebras.',
      type: 'NEVER',
      isGlobal: false,
    });
  });

  it('keeps the two kinds apart: a text guardrail is not found through /guardrails', async () => {
    const text = await rest.call('POST', '/guardrail', { token: keeper, body: textBody() });
    const textId = (text.body as { guardrailId: string }).guardrailId;
    expect((await rest.call('GET', `/guardrails/${textId}`, { token: keeper })).status).toBe(404);
    expect((await rest.call('DELETE', `/guardrails/${textId}`, { token: keeper })).status).toBe(
      404,
    );
    const listed = (await rest.call('GET', '/guardrails', { token: keeper })).body as Guardrail[];
    expect(listed.map((entry) => entry.guardrailId)).not.toContain(textId);
    expect((await rest.call('GET', `/guardrail/${textId}`, { token: keeper })).status).toBe(200);
  });

  it('lists the three templates', async () => {
    const templates = await rest.call('GET', '/guardrails/templates', { token: keeper });
    expect(templates.status).toBe(200);
    const body = templates.body as { id: string; rules: unknown[] }[];
    expect(body.map((template) => template.id)).toEqual([
      'family_friendly',
      'educational_focus',
      'safety_first',
    ]);
    expect(body.every((template) => template.rules.length > 0)).toBe(true);
  });
});

describe('who may use the guardrail operations', () => {
  const calls: [string, string, unknown?][] = [
    ['GET', '/guardrails'],
    ['POST', '/guardrails', ruleBody()],
    ['GET', '/guardrails/gr_missing'],
    ['PATCH', '/guardrails/gr_missing', { priority: 1 }],
    ['DELETE', '/guardrails/gr_missing'],
    ['GET', '/guardrails/templates'],
    ['POST', '/guardrails/apply-template', { templateId: 'family_friendly', animalId: 'leo' }],
    ['GET', '/animal/leo/guardrails/effective'],
    ['GET', '/animal/leo/system-prompt'],
    [
      'POST',
      '/api/v1/guardrails/validate',
      { content: 'hi', context: { userId: 'u', conversationId: 'c', animalId: 'leo' } },
    ],
    ['POST', '/guardrail', textBody()],
    ['GET', '/guardrail'],
    ['GET', '/guardrail/guardrail_missing'],
    ['PUT', '/guardrail/guardrail_missing', { name: 'x' }],
    ['DELETE', '/guardrail/guardrail_missing'],
  ];

  it('refuses anonymous callers (401) and every role but zookeepers and admins (403)', async () => {
    const others = await Promise.all(
      ['educator@cmz.org', 'parent1@test.cmz.org', 'student1@test.cmz.org', 'visitor@cmz.org'].map(
        (email) => rest.signIn(email),
      ),
    );
    for (const [method, path, body] of calls) {
      const options = body === undefined ? {} : { body };
      expect((await rest.call(method, path, options)).status, `${method} ${path}`).toBe(401);
      for (const token of others) {
        const response = await rest.call(method, path, { ...options, token });
        expect(response.status, `${method} ${path}`).toBe(403);
      }
    }
  });

  it('lets zookeepers and admins through to the handler', async () => {
    for (const token of [keeper, admin]) {
      for (const [method, path, body] of calls) {
        const response = await rest.call(method, path, {
          token,
          ...(body === undefined ? {} : { body }),
        });
        expect(
          [200, 201, 204, 404],
          `${method} ${path} ${JSON.stringify(response.body)}`,
        ).toContain(response.status);
      }
    }
  });
});
