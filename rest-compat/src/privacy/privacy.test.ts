import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';

const student1 = 'user_test_student_001';
const student2 = 'user_test_student_002';
const student3 = 'user_test_student_003';
const parentOne = 'user_test_parent_001';

let rest: RestTestServer;
let admin: string;
let parent1: string;
let parent2: string;
let student: string;

beforeAll(async () => {
  rest = await startRestTestServer();
  admin = await rest.signIn('test@cmz.org');
  parent1 = await rest.signIn('parent1@test.cmz.org');
  parent2 = await rest.signIn('parent2@test.cmz.org');
  student = await rest.signIn('student1@test.cmz.org');
  const turn = await rest.call('POST', '/convo_turn', {
    token: student,
    body: { animalId: 'leo', message: 'My phone is 425-555-0123, what do you eat?' },
  });
  expect(turn.status, JSON.stringify(turn.body)).toBe(200);
});

afterAll(async () => {
  await rest?.close();
});

describe('privacy children overview', () => {
  it('shows a parent their children with data sizes and privacy flags', async () => {
    const response = await rest.call('GET', `/api/v1/privacy/children/${parentOne}`, {
      token: parent1,
    });
    expect(response.status, JSON.stringify(response.body)).toBe(200);
    const children = (response.body as { children: Record<string, unknown>[] }).children;
    expect(children.map((child) => child.userId)).toEqual([student1, student2]);
    expect(children[0]).toMatchObject({
      displayName: 'Test Student One',
      conversationCount: 1,
      dataSize: { conversations: 1, contextEntries: 0 },
      privacyFlags: { hasPersonalInfo: true, needsReview: true },
    });
    expect(children[1]).toMatchObject({
      conversationCount: 0,
      privacyFlags: { hasPersonalInfo: false },
    });
  });

  it('keeps parents to their own dashboard; admins see any parent', async () => {
    const other = await rest.call('GET', `/api/v1/privacy/children/user_test_parent_002`, {
      token: parent1,
    });
    expect(other.status).toBe(403);
    const byAdmin = await rest.call('GET', `/api/v1/privacy/children/user_test_parent_002`, {
      token: admin,
    });
    expect(byAdmin.body).toMatchObject({ children: [{ userId: student3 }] });
    expect(
      (await rest.call('GET', `/api/v1/privacy/children/${parentOne}`, { token: student })).status,
    ).toBe(403);
    expect(
      (await rest.call('GET', '/api/v1/privacy/children/user_nobody', { token: admin })).status,
    ).toBe(404);
  });
});

describe('privacy export', () => {
  it('gives a parent a complete JSON file of a child and audits it', async () => {
    const response = await fetch(`${rest.api}/api/v1/privacy/export/${student1}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${parent1}`, 'content-type': 'application/json' },
      body: JSON.stringify({ includeAnalytics: true }),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/octet-stream');
    expect(response.headers.get('content-disposition')).toMatch(
      /attachment; filename="cmz-export-export_/,
    );
    const document = (await response.json()) as Record<string, unknown>;
    expect(document).toMatchObject({
      userId: student1,
      exportFormat: 'JSON',
      user: { userId: student1, email: 'student1@test.cmz.org' },
      families: [{ memberAs: 'student', parentIds: [parentOne] }],
      parentalControls: { userId: student1, dailyLimitMinutes: null },
      context: null,
      analytics: [],
    });
    expect(document.user).not.toHaveProperty('passwordHash');
    const [conversation] = document.conversations as { turns: { role: string }[] }[];
    expect(conversation?.turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
    expect(document.liveConversations).toHaveLength(1);

    const audit = await rest.call(
      'GET',
      `/api/v1/privacy/audit?userId=${student1}&actionType=DATA_EXPORT`,
      { token: parent1 },
    );
    expect(audit.body).toMatchObject({
      totalCount: 1,
      auditEntries: [{ userId: student1, parentId: parentOne, actionType: 'DATA_EXPORT' }],
    });
  });

  it('leaves out what was not asked for and refuses other formats and other families', async () => {
    const narrow = await rest.call('POST', `/api/v1/privacy/export/${student1}`, {
      token: admin,
      body: {
        includeConversations: false,
        includeContext: false,
        dateRange: { startDate: '2000-01-01T00:00:00Z', endDate: '2000-01-02T00:00:00Z' },
      },
    });
    expect(narrow.status).toBe(200);
    expect(narrow.body).not.toHaveProperty('conversations');
    expect(narrow.body).not.toHaveProperty('context');
    expect(narrow.body).toMatchObject({ privacyAuditEntries: [] });
    const csv = await rest.call('POST', `/api/v1/privacy/export/${student1}`, {
      token: admin,
      body: { exportFormat: 'CSV' },
    });
    expect(csv).toMatchObject({ status: 400, body: { code: 'unsupported_export_format' } });
    const foreign = await rest.call('POST', `/api/v1/privacy/export/${student3}`, {
      token: parent1,
      body: {},
    });
    expect(foreign.status).toBe(403);
    const own = await rest.call('POST', `/api/v1/privacy/export/${student1}`, {
      token: student,
      body: {},
    });
    expect(own.status).toBe(403);
    const missing = await rest.call('POST', '/api/v1/privacy/export/user_nobody', {
      token: admin,
      body: {},
    });
    expect(missing.status).toBe(404);
  });
});

describe('privacy delete', () => {
  it('needs a confirmation, stays within the family, and deletes by scope', async () => {
    const unconfirmed = await rest.call('DELETE', `/api/v1/privacy/delete/${student2}`, {
      token: parent1,
      body: { confirmDeletion: false },
    });
    expect(unconfirmed).toMatchObject({ status: 400, body: { code: 'confirmation_required' } });
    const foreign = await rest.call('DELETE', `/api/v1/privacy/delete/${student3}`, {
      token: parent1,
      body: { confirmDeletion: true },
    });
    expect(foreign.status).toBe(403);
    const badScope = await rest.call('DELETE', `/api/v1/privacy/delete/${student2}`, {
      token: parent1,
      body: { confirmDeletion: true, deleteScope: 'EVERYTHING' },
    });
    expect(badScope.status).toBe(400);

    const studentTwo = await rest.signIn('student2@test.cmz.org');
    await rest.call('PUT', `/api/v1/context/${student2}`, {
      token: studentTwo,
      body: { extractedPreferences: { newInterests: ['owls'] } },
    });
    const contextOnly = await rest.call('DELETE', `/api/v1/privacy/delete/${student2}`, {
      token: parent1,
      body: { confirmDeletion: true, deleteScope: 'CONTEXT_ONLY' },
    });
    expect(contextOnly.body).toMatchObject({
      itemsDeleted: { conversations: 0, contextEntries: 1, analyticsRecords: 0 },
    });
    const context = await rest.call('GET', `/api/v1/context/${student2}`, { token: studentTwo });
    expect(context.body).toMatchObject({ preferences: { interests: [] } });
    // The account stays: the child still signs in and is still in the family.
    expect((await rest.call('GET', '/me', { token: studentTwo })).status).toBe(200);

    const conversationsOnly = await rest.call('DELETE', `/api/v1/privacy/delete/${student1}`, {
      token: admin,
      body: { confirmDeletion: true, deleteScope: 'CONVERSATIONS_ONLY' },
    });
    expect(conversationsOnly.body).toMatchObject({ itemsDeleted: { conversations: 1 } });
    const sessions = await rest.call('GET', `/conversations/sessions?userId=${student1}`, {
      token: admin,
    });
    expect(sessions.body).toMatchObject({ sessions: [] });
    const analyticsOnly = await rest.call('DELETE', `/api/v1/privacy/delete/${student1}`, {
      token: admin,
      body: { confirmDeletion: true, deleteScope: 'ANALYTICS_ONLY' },
    });
    expect(analyticsOnly.body).toMatchObject({ itemsDeleted: { analyticsRecords: 0 } });
  });
});

describe('privacy audit log', () => {
  it('lets admins filter and page the whole log', async () => {
    const all = await rest.call('GET', '/api/v1/privacy/audit', { token: admin });
    const { totalCount, auditEntries } = all.body as {
      totalCount: number;
      auditEntries: { timestamp: string; actionType: string }[];
    };
    expect(totalCount).toBeGreaterThanOrEqual(4);
    const times = auditEntries.map((entry) => entry.timestamp);
    expect(times).toEqual([...times].sort().reverse());
    const page = await rest.call('GET', '/api/v1/privacy/audit?limit=1&offset=1', { token: admin });
    expect(page.body).toMatchObject({ totalCount, auditEntries: [auditEntries[1]] });
    const deletes = await rest.call('GET', '/api/v1/privacy/audit?actionType=DATA_DELETE', {
      token: admin,
    });
    expect(
      (deletes.body as { auditEntries: unknown[] }).auditEntries.length,
    ).toBeGreaterThanOrEqual(3);
    const byParent = await rest.call('GET', `/api/v1/privacy/audit?parentId=${parentOne}`, {
      token: admin,
    });
    expect(
      (byParent.body as { auditEntries: { parentId: string }[] }).auditEntries.every(
        (entry) => entry.parentId === parentOne,
      ),
    ).toBe(true);
    const future = await rest.call(
      'GET',
      `/api/v1/privacy/audit?startDate=${encodeURIComponent('2999-01-01T00:00:00Z')}` +
        `&endDate=${encodeURIComponent('2999-01-02T00:00:00+01:00')}`,
      { token: admin },
    );
    expect(future.body).toEqual({ auditEntries: [], totalCount: 0 });
  });

  it('shows a parent only their family’s entries', async () => {
    const own = await rest.call('GET', '/api/v1/privacy/audit', { token: parent1 });
    const entries = (own.body as { auditEntries: { userId: string }[] }).auditEntries;
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries) expect([parentOne, student1, student2]).toContain(entry.userId);
    const others = await rest.call('GET', '/api/v1/privacy/audit', { token: parent2 });
    expect(
      (others.body as { auditEntries: { userId: string }[] }).auditEntries.every(
        (entry) => entry.userId === student3 || entry.userId === 'user_test_parent_002',
      ),
    ).toBe(true);
    for (const query of [`userId=${student3}`, 'parentId=user_test_parent_002']) {
      const refused = await rest.call('GET', `/api/v1/privacy/audit?${query}`, { token: parent1 });
      expect(refused.status, query).toBe(403);
    }
    expect((await rest.call('GET', '/api/v1/privacy/audit', { token: student })).status).toBe(403);
    expect((await rest.call('GET', '/api/v1/privacy/audit')).status).toBe(401);
  });

  it('rejects bad filters', async () => {
    for (const query of ['limit=0', 'limit=abc', 'offset=-1', 'actionType=READ', 'userId=a%20b']) {
      const response = await rest.call('GET', `/api/v1/privacy/audit?${query}`, { token: admin });
      expect(response.status, query).toBe(400);
    }
  });
});
