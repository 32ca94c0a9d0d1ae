import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnimalCatalog } from '@cmz/engine';
import {
  askAsVisitor,
  personaEchoModel,
  personalityBody,
} from '../assistants/assistant-test-kit.ts';
import type { OperationInput } from '../http/operation-types.ts';
import type { SandboxRecord, SandboxRepository } from '../persistence/sandbox-repository.ts';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';
import { draftPersona } from './draft-persona.ts';
import { createSandboxOperations, type SandboxDependencies } from './sandbox-operations.ts';
import { sandboxLifetimeMs } from './sandbox-lifetime.ts';

let rest: RestTestServer;
let keeper: string;
let admin: string;

beforeAll(async () => {
  rest = await startRestTestServer({ model: personaEchoModel() });
  keeper = await rest.signIn('zookeeper@cmz.org');
  admin = await rest.signIn('test@cmz.org');
});
afterAll(() => rest.close());

async function personality(name: string, marker: string): Promise<string> {
  const created = await rest.call('POST', '/personality', {
    token: keeper,
    body: personalityBody(name, marker),
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return (created.body as { personalityId: string }).personalityId;
}

describe('sandboxes', () => {
  it('chat with a draft without touching visitors; promotion changes them; rollback restores', async () => {
    const live = await personality('Leo live', 'LEO-LIVE');
    const draft = await personality('Leo draft', 'LEO-DRAFT');
    const assistant = await rest.call('POST', '/assistant', {
      token: keeper,
      body: { animalId: 'leo', personalityId: live, guardrailId: 'guardrail_1' },
    });
    expect(assistant.status).toBe(201);
    const assistantId = (assistant.body as { assistantId: string }).assistantId;
    expect((await askAsVisitor(rest, 'leo', 'Hi Leo'))?.text).toBe('persona: LEO-LIVE');

    const created = await rest.call('POST', '/sandbox', {
      token: keeper,
      body: { animalId: 'leo', personalityId: draft, guardrailId: 'guardrail_1' },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const sandbox = created.body as {
      sandboxId: string;
      expiresAt: string;
      created: { at: string };
    };
    expect(created.body).toMatchObject({
      animalId: 'leo',
      personalityId: draft,
      conversationCount: 0,
      lastConversationAt: null,
      isPromoted: false,
      promotedAt: null,
    });
    expect(Date.parse(sandbox.expiresAt) - Date.parse(sandbox.created.at)).toBe(30 * 60_000);
    const path = `/sandbox/${sandbox.sandboxId}`;

    const chat = await rest.call('POST', `${path}/chat`, {
      token: keeper,
      body: { message: 'Who are you?' },
    });
    expect(chat.status, JSON.stringify(chat.body)).toBe(200);
    const reply = chat.body as { response: string; conversationId: string; responseTime: number };
    expect(reply.response).toBe('persona: LEO-DRAFT');
    expect(reply.responseTime).toBeGreaterThanOrEqual(0);
    // Visitors still meet the live Leo while the draft is tested.
    expect((await askAsVisitor(rest, 'leo', 'Hi Leo'))?.text).toBe('persona: LEO-LIVE');

    const followUp = await rest.call('POST', `${path}/chat`, {
      token: keeper,
      body: { message: 'And again?', conversationId: reply.conversationId },
    });
    expect(followUp.body).toMatchObject({ conversationId: reply.conversationId });
    const foreign = await rest.call('POST', `${path}/chat`, {
      token: keeper,
      body: { message: 'Hi', conversationId: 'c_someone_else' },
    });
    expect(foreign.status).toBe(404);
    const empty = await rest.call('POST', `${path}/chat`, { token: keeper, body: { message: '' } });
    expect(empty.status).toBe(400);

    const fetched = await rest.call('GET', path, { token: admin });
    expect(fetched.body).toMatchObject({ conversationCount: 2 });
    expect(
      (fetched.body as { lastConversationAt: string | null }).lastConversationAt,
    ).not.toBeNull();
    const mine = await rest.call('GET', '/sandbox', { token: keeper });
    expect(
      (mine.body as { sandboxes: { sandboxId: string }[] }).sandboxes.map((s) => s.sandboxId),
    ).toContain(sandbox.sandboxId);
    const theirs = await rest.call('GET', '/sandbox', { token: admin });
    expect(theirs.body).toMatchObject({ total: 0 });

    const promoted = await rest.call('POST', `${path}/promote`, {
      token: keeper,
      body: { animalId: 'leo' },
    });
    expect(promoted).toMatchObject({
      status: 200,
      body: { assistantId, animalId: 'leo', personalityId: draft, status: 'ACTIVE' },
    });
    expect((await askAsVisitor(rest, 'leo', 'Hi Leo'))?.text).toBe('persona: LEO-DRAFT');
    expect((await rest.call('GET', path, { token: keeper })).body).toMatchObject({
      isPromoted: true,
    });
    const twice = await rest.call('POST', `${path}/promote`, {
      token: keeper,
      body: { animalId: 'leo' },
    });
    expect(twice.status).toBe(409);

    const history = await rest.call('GET', `/assistant/${assistantId}/versions`, { token: keeper });
    const latest = (
      history.body as {
        versions: {
          kind: string;
          sandboxId?: string;
          by?: string;
          changes: { field: string; from: unknown; to: unknown }[];
        }[];
      }
    ).versions.at(-1);
    expect(latest).toMatchObject({ kind: 'promotion', sandboxId: sandbox.sandboxId });
    expect(latest?.by).toMatch(/^user_/);
    expect(latest?.changes).toEqual(
      expect.arrayContaining([{ field: 'personalityId', from: live, to: draft }]),
    );

    const rolledBack = await rest.call('POST', `/assistant/${assistantId}/rollback`, {
      token: keeper,
      body: {},
    });
    expect(rolledBack.status).toBe(200);
    expect((await askAsVisitor(rest, 'leo', 'Hi Leo'))?.text).toBe('persona: LEO-LIVE');

    expect((await rest.call('DELETE', path, { token: keeper })).status).toBe(204);
    expect((await rest.call('GET', path, { token: keeper })).status).toBe(404);
    expect((await rest.call('DELETE', path, { token: keeper })).status).toBe(404);
  });

  it('promotes to an animal without an assistant, and tests drafts without an animal', async () => {
    const draft = await personality('Nova draft', 'NOVA-DRAFT');
    const created = await rest.call('POST', '/sandbox', {
      token: keeper,
      body: { personalityId: draft, guardrailId: 'guardrail_2' },
    });
    expect(created).toMatchObject({ status: 201, body: { animalId: null } });
    const sandboxId = (created.body as { sandboxId: string }).sandboxId;
    const chat = await rest.call('POST', `/sandbox/${sandboxId}/chat`, {
      token: keeper,
      body: { message: 'Hello?' },
    });
    expect(chat).toMatchObject({ status: 200, body: { response: 'persona: NOVA-DRAFT' } });
    const promoted = await rest.call('POST', `/sandbox/${sandboxId}/promote`, {
      token: admin,
      body: { animalId: 'nova' },
    });
    expect(promoted).toMatchObject({ status: 200, body: { animalId: 'nova' } });
    expect((await askAsVisitor(rest, 'nova', 'Hi'))?.text).toBe('persona: NOVA-DRAFT');
    const history = await rest.call(
      'GET',
      `/assistant/${(promoted.body as { assistantId: string }).assistantId}/versions`,
      { token: keeper },
    );
    expect((history.body as { versions: { kind: string }[] }).versions.map((v) => v.kind)).toEqual([
      'promotion',
    ]);
  });

  it('validates input and lets only zookeepers and admins in', async () => {
    const educator = await rest.signIn('educator@cmz.org');
    expect((await rest.call('GET', '/sandbox')).status).toBe(401);
    expect((await rest.call('GET', '/sandbox', { token: educator })).status).toBe(403);
    const missing = await rest.call('POST', '/sandbox', {
      token: keeper,
      body: { personalityId: 'nope', guardrailId: 'g' },
    });
    expect(missing).toMatchObject({ status: 400, body: { details: { missingIds: ['nope'] } } });
    const tooMany = await rest.call('POST', '/sandbox', {
      token: keeper,
      body: { personalityId: 'p', guardrailId: 'g', knowledgeBaseFileIds: Array(11).fill('kb-1') },
    });
    expect(tooMany.status).toBe(400);
    expect((await rest.call('GET', '/sandbox/x_missing', { token: keeper })).status).toBe(404);
    expect(
      (
        await rest.call('POST', '/sandbox/x_missing/chat', {
          token: keeper,
          body: { message: 'hi' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('sandbox lifetime', () => {
  const stored: SandboxRecord = {
    sandboxId: 'sandbox-0011223344556677',
    createdBy: 'user_keeper',
    animalId: 'leo',
    personalityId: 'p1',
    personalityName: 'Draft',
    personalityText: 'DRAFT text',
    guardrailId: 'g1',
    knowledgeBaseFileIds: [],
    mergedPrompt: 'merged',
    expiresAt: '2026-01-01T00:30:00.000Z',
    conversationCount: 0,
    lastConversationAt: null,
    isPromoted: false,
    promotedAt: null,
    created: { at: '2026-01-01T00:00:00.000Z' },
    softDelete: false,
  };
  const handlersAt = (now: string) =>
    createSandboxOperations({
      sandboxes: { get: async () => stored } as unknown as SandboxRepository,
      clock: () => new Date(now),
    } as unknown as SandboxDependencies);
  const input = (operationId: string, body: unknown = {}): OperationInput =>
    ({
      operationId,
      params: { sandboxId: stored.sandboxId },
      query: {},
      body,
      principal: { userId: 'user_keeper', email: 'k@cmz.org', role: 'zookeeper' },
      request: {},
    }) as unknown as OperationInput;

  it('answers 410 once a sandbox expired, for reading, chatting and promoting', async () => {
    const expired = handlersAt('2026-01-01T00:30:00.000Z');
    for (const [operationId, body] of [
      ['sandbox_get', undefined],
      ['sandbox_chat_post', { message: 'hi' }],
      ['sandbox_promote_post', { animalId: 'leo' }],
    ] as const) {
      await expect(expired[operationId]?.(input(operationId, body))).rejects.toMatchObject({
        status: 410,
        code: 'sandbox_expired',
      });
    }
    const fresh = await handlersAt('2026-01-01T00:29:59.000Z').sandbox_get?.(input('sandbox_get'));
    expect(fresh).toMatchObject({ status: 200, body: { sandboxId: stored.sandboxId } });
  });

  it('reads SANDBOX_TTL_MINUTES', () => {
    expect(sandboxLifetimeMs({})).toBe(1_800_000);
    expect(sandboxLifetimeMs({ SANDBOX_TTL_MINUTES: '5' })).toBe(300_000);
    expect(() => sandboxLifetimeMs({ SANDBOX_TTL_MINUTES: '0' })).toThrow(/SANDBOX_TTL_MINUTES/);
  });

  it('builds a generic draft persona without an animal, over the live one with', () => {
    const generic = draftPersona(stored, undefined);
    expect(generic).toMatchObject({
      id: stored.sandboxId,
      name: 'Draft',
      personality: 'DRAFT text',
    });
    const leo = { ...generic, id: 'leo', name: 'Leo', personality: 'live' };
    const catalog = { get: () => leo } as unknown as AnimalCatalog;
    expect(draftPersona(stored, catalog.get('leo'))).toMatchObject({
      id: 'leo',
      name: 'Leo',
      personality: 'DRAFT text',
    });
  });
});
