import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRestTestServer, type RestTestServer } from '../testing/start-rest-test-server.ts';

const student1 = 'user_test_student_001';
const student2 = 'user_test_student_002';
const student3 = 'user_test_student_003';

let rest: RestTestServer;
let admin: string;
let parent1: string;
let studentToken: string;

beforeAll(async () => {
  rest = await startRestTestServer();
  admin = await rest.signIn('test@cmz.org');
  parent1 = await rest.signIn('parent1@test.cmz.org');
  studentToken = await rest.signIn('student1@test.cmz.org');
});

afterAll(async () => {
  await rest?.close();
});

const contextPath = (userId: string) => `/api/v1/context/${userId}`;

describe('user context', () => {
  it('remembers interests, favourite animals, learning level and unfinished lessons', async () => {
    const put = await rest.call('PUT', contextPath(student1), {
      token: studentToken,
      body: {
        conversationData: {
          conversationId: 'c_context_1',
          animalId: 'leo',
          timestamp: '2025-05-01T10:00:00+02:00',
          duration: 120,
        },
        extractedPreferences: {
          newInterests: ['big cats', 'Big Cats', 'hibernation'],
          preferenceChanges: {
            learningLevel: 'elementary',
            favoriteAnimal: 'leo',
            unfinishedLesson: 'how lions hunt',
          },
        },
      },
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ message: 'Context updated' });
    await rest.call('PUT', contextPath(student1), {
      token: studentToken,
      body: {
        extractedPreferences: {
          preferenceChanges: { unfinishedLesson: 'bear dens', finishedLesson: 'How lions hunt' },
        },
      },
    });
    const get = await rest.call('GET', `${contextPath(student1)}?includeHistory=true`, {
      token: studentToken,
    });
    expect(get.status).toBe(200);
    expect(get.body).toMatchObject({
      userId: student1,
      preferences: {
        interests: ['Big Cats', 'hibernation'],
        learningLevel: 'elementary',
        favoriteAnimals: ['leo'],
      },
      conversationHistory: {
        totalConversations: 1,
        lastActive: '2025-05-01T08:00:00.000Z',
        recentConversations: [{ conversationId: 'c_context_1', animalId: 'leo' }],
      },
      unfinishedLessons: ['bear dens'],
    });
  });

  it('refuses personal data and stores nothing of the request', async () => {
    const before = await rest.call('GET', contextPath(student1), { token: studentToken });
    for (const newInterests of [
      ['write to me at kid@example.com'],
      ['call 425-555-0123'],
      ['742 Evergreen Terrace'],
    ]) {
      const refused = await rest.call('PUT', contextPath(student1), {
        token: studentToken,
        body: { extractedPreferences: { newInterests: ['otters', ...newInterests] } },
      });
      expect(refused.status).toBe(400);
      expect(refused.body).toMatchObject({
        code: 'personal_info_not_allowed',
        details: { fields: ['extractedPreferences.newInterests.1'] },
      });
      expect(JSON.stringify(refused.body)).not.toMatch(/example\.com|555|Evergreen/);
    }
    const lesson = await rest.call('PUT', contextPath(student1), {
      token: studentToken,
      body: {
        extractedPreferences: { preferenceChanges: { unfinishedLesson: 'my name is Emma Stone' } },
      },
    });
    expect(lesson.body).toMatchObject({ code: 'personal_info_not_allowed' });
    const after = await rest.call('GET', contextPath(student1), { token: studentToken });
    expect(after.body).toEqual(before.body);
  });

  it('rejects malformed updates with stable codes', async () => {
    const cases: [unknown, string][] = [
      [{}, 'invalid_request'],
      [
        { extractedPreferences: { preferenceChanges: { homeTown: 'Seattle' } } },
        'unknown_preference',
      ],
      [
        { extractedPreferences: { preferenceChanges: { learningLevel: 'genius' } } },
        'invalid_request',
      ],
      [{ extractedPreferences: { newInterests: ['lions; drop table'] } }, 'invalid_request'],
      [
        {
          conversationData: {
            conversationId: 'c 1',
            animalId: 'leo',
            timestamp: '2025-05-01T10:00:00Z',
          },
        },
        'invalid_request',
      ],
    ];
    for (const [body, code] of cases) {
      const response = await rest.call('PUT', contextPath(student1), { token: studentToken, body });
      expect(response.status, JSON.stringify(body)).toBe(400);
      expect((response.body as { code: string }).code, JSON.stringify(body)).toBe(code);
    }
  });

  it('lets a parent reach their children only, and audits it', async () => {
    const child = await rest.call('GET', contextPath(student1), { token: parent1 });
    expect(child.status).toBe(200);
    expect((await rest.call('GET', contextPath(student3), { token: parent1 })).status).toBe(403);
    expect((await rest.call('GET', contextPath(student2), { token: studentToken })).status).toBe(
      403,
    );
    expect(
      (await rest.call('GET', contextPath('user_parent_001'), { token: parent1 })).status,
    ).toBe(403);
    expect((await rest.call('GET', contextPath(student1))).status).toBe(401);
    expect((await rest.call('GET', contextPath('user_unknown'), { token: admin })).status).toBe(
      404,
    );
    expect((await rest.call('GET', contextPath('bad id!'), { token: admin })).status).toBe(400);
    const audit = await rest.call(
      'GET',
      `/api/v1/privacy/audit?userId=${student1}&actionType=CONTEXT_VIEW`,
      { token: admin },
    );
    expect(audit.body).toMatchObject({
      auditEntries: [
        {
          userId: student1,
          parentId: 'user_test_parent_001',
          actionDetails: { operation: 'getUserContext', actorRole: 'parent' },
        },
      ],
    });
  });
});

describe('context summary archive', () => {
  it('summarizes archived conversations, reuses a current summary and quotes nothing', async () => {
    const studentTwo = await rest.signIn('student2@test.cmz.org');
    const summaryPath = `${contextPath(student2)}/summary`;
    expect((await rest.call('GET', summaryPath, { token: studentTwo })).status).toBe(404);
    expect((await rest.call('POST', summaryPath, { token: studentTwo })).status).toBe(404);
    for (const [animalId, message] of [
      ['leo', 'What do you eat? Email me at kid@example.com'],
      ['bella', 'Where do you sleep in winter?'],
    ] as const) {
      const turn = await rest.call('POST', '/convo_turn', {
        token: studentTwo,
        body: { animalId, message },
      });
      expect(turn.status, JSON.stringify(turn.body)).toBe(200);
    }
    const created = await rest.call('POST', summaryPath, {
      token: studentTwo,
      body: { preserveRecent: 1, targetTokens: 100 },
    });
    expect(created.status, JSON.stringify(created.body)).toBe(200);
    const { summaryId, tokensReduced, qualityScore } = created.body as {
      summaryId: string;
      tokensReduced: number;
      qualityScore: number;
    };
    expect(summaryId).toMatch(/^summary_/);
    expect(tokensReduced).toBeGreaterThan(0);
    expect(qualityScore).toBe(1);

    const archive = await rest.call('GET', summaryPath, { token: studentTwo });
    expect(archive.status).toBe(200);
    const body = archive.body as Record<string, unknown>;
    expect(body).toMatchObject({ userId: student2, summaryId });
    expect(body.summary).toBe(
      'With Bella: 1 question, about habitat, sleep. Earlier: 1 conversation, about diet.',
    );
    expect(body.summary).not.toContain('example.com');
    expect(body.conversationsCovered).toHaveLength(2);

    const reused = await rest.call('POST', summaryPath, { token: studentTwo, body: {} });
    expect(reused.body).toMatchObject({ summaryId, tokensReduced: 0 });
    const forced = await rest.call('POST', summaryPath, {
      token: studentTwo,
      body: { forceSummarization: true },
    });
    expect((forced.body as { summaryId: string }).summaryId).not.toBe(summaryId);

    const short = await rest.call('GET', `${summaryPath}?maxTokens=100`, { token: parent1 });
    expect(short.status).toBe(200);
    const context = await rest.call('GET', `${contextPath(student2)}?contextDepth=comprehensive`, {
      token: studentTwo,
    });
    expect(context.body).toMatchObject({
      conversationHistory: { totalConversations: 2, engagementScore: 20 },
      contextSummary: { keyQuotes: [] },
    });
    const minimal = await rest.call('GET', `${contextPath(student2)}?contextDepth=minimal`, {
      token: studentTwo,
    });
    expect(minimal.body).not.toHaveProperty('contextSummary');
    const invalid = await rest.call('POST', summaryPath, {
      token: studentTwo,
      body: { targetTokens: 5 },
    });
    expect(invalid.status).toBe(400);
  });
});
