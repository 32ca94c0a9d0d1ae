import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { part2OperationIds, listOperations } from './spec/operation-inventory.ts';
import { startRestTestServer, type RestTestServer } from './testing/start-rest-test-server.ts';

// Every response below is also validated against openapi.yaml by the server itself (response
// validation is on in tests): a body that drifted from the spec would arrive here as a 500.

let rest: RestTestServer;
let admin: string;
let zookeeper: string;
let parent: string;
let student: string;
const covered = new Set<string>();

async function expectStatus(
  operationId: string,
  method: string,
  path: string,
  status: number,
  options: { token?: string; body?: unknown } = {},
) {
  const result = await rest.call(method, path, options);
  expect(result.status, `${operationId} ${method} ${path}: ${JSON.stringify(result.body)}`).toBe(
    status,
  );
  if (status >= 400) {
    expect(result.body).toMatchObject({ code: expect.any(String), message: expect.any(String) });
  }
  covered.add(operationId);
  return result.body as Record<string, unknown>;
}

beforeAll(async () => {
  rest = await startRestTestServer();
  admin = await rest.signIn('test@cmz.org');
  zookeeper = await rest.signIn('zookeeper@cmz.org');
  parent = await rest.signIn('parent1@test.cmz.org');
  student = await rest.signIn('student1@test.cmz.org');
}, 60_000);
afterAll(async () => {
  await rest.close();
});

describe('contract: part-1 operations, success and failure paths, validated against the spec', () => {
  it('UI shells and system', async () => {
    expect(await expectStatus('root_get', 'GET', '/', 200)).toMatchObject({ status: 'ok' });
    await expectStatus('admin_get', 'GET', '/admin', 200, { token: admin });
    await expectStatus('admin_get', 'GET', '/admin', 403, { token: parent });
    await expectStatus('member_get', 'GET', '/member', 200, { token: student });
    await expectStatus('member_get', 'GET', '/member', 401);
    const health = await expectStatus('system_health_get', 'GET', '/system_health', 200);
    expect(health.status).toBe('ok');
    expect((health.checks as { name: string }[]).map((check) => check.name)).toEqual([
      'conversation-store',
      'dynamodb',
      'model',
    ]);
    expect(
      await expectStatus('chatgptHealthGet', 'GET', '/chatgpt/health', 200, { token: admin }),
    ).toMatchObject({ status: 'no_api_key' });
    await expectStatus('chatgptHealthGet', 'GET', '/chatgpt/health', 403, { token: zookeeper });
    await expectStatus('testStressBody', 'POST', '/test/stress/body', 201, {
      token: admin,
      body: { data: 'x'.repeat(1000) },
    });
    await expectStatus('testStressBody', 'POST', '/test/stress/body', 400, {
      token: admin,
      body: {},
    });
  });

  it('auth: sign in, refresh, reset, logout', async () => {
    const signIn = await expectStatus('authPost', 'POST', '/auth', 200, {
      body: { email: 'parent1@test.cmz.org', password: 'testpass123' },
    });
    expect(signIn).toMatchObject({
      expiresIn: 86400,
      user: { email: 'parent1@test.cmz.org', role: 'parent' },
    });
    const legacy = await expectStatus('authPost', 'POST', '/auth', 200, {
      body: { username: 'student2@test.cmz.org', password: 'testpass123' },
    });
    expect(legacy).toMatchObject({ user: { role: 'student' } });
    expect(
      await expectStatus('authPost', 'POST', '/auth', 401, {
        body: { email: 'parent1@test.cmz.org', password: 'wrong' },
      }),
    ).toMatchObject({
      code: 'invalid_credentials',
    });
    await expectStatus('authPost', 'POST', '/auth', 400, {
      body: { email: 'parent1@test.cmz.org' },
    });
    const token = signIn.token as string;
    const refreshed = await expectStatus('authRefreshPost', 'POST', '/auth/refresh', 200, {
      token,
    });
    await expectStatus('authRefreshPost', 'POST', '/auth/refresh', 401, { token });
    await expectStatus('authResetPasswordPost', 'POST', '/auth/reset_password', 204, {
      body: { email: 'parent1@test.cmz.org' },
    });
    await expectStatus('authResetPasswordPost', 'POST', '/auth/reset_password', 204, {
      body: { email: 'nobody@cmz.org' },
    });
    await expectStatus('authResetPasswordPost', 'POST', '/auth/reset_password', 400, {
      body: { email: 'not-an-email' },
    });
    await expectStatus('authLogoutPost', 'POST', '/auth/logout', 204, {
      token: refreshed.token as string,
    });
    await expectStatus('authLogoutPost', 'POST', '/auth/logout', 401, {
      token: refreshed.token as string,
    });
    await expectStatus('me_get', 'GET', '/me', 401, { token: refreshed.token as string });
  });

  it('users and user details', async () => {
    expect(await expectStatus('me_get', 'GET', '/me', 200, { token: student })).toMatchObject({
      email: 'student1@test.cmz.org',
    });
    await expectStatus('me_get', 'GET', '/me', 401);
    const page = await expectStatus(
      'listUsers',
      'GET',
      '/user?query=test&page=1&page_size=5',
      200,
      { token: admin },
    );
    expect((page.items as unknown[]).length).toBeGreaterThan(0);
    await expectStatus('listUsers', 'GET', '/user?page_size=1000', 400, { token: admin });
    const created = await expectStatus('createUser', 'POST', '/user', 201, {
      token: admin,
      body: { email: 'new.keeper@cmz.org', role: 'zookeeper', displayName: 'Nuevo Cuidador Ñandú' },
    });
    expect(created).not.toHaveProperty('passwordHash');
    await expectStatus('createUser', 'POST', '/user', 409, {
      token: admin,
      body: { email: 'new.keeper@cmz.org', role: 'visitor' },
    });
    const userId = created.userId as string;
    await expectStatus('getUser', 'GET', `/user/${userId}`, 200, { token: admin });
    await expectStatus('getUser', 'GET', '/user/user_missing_1', 404, { token: admin });
    expect(
      await expectStatus('updateUser', 'PATCH', `/user/${userId}`, 200, {
        token: admin,
        body: { displayName: 'Keeper Two' },
      }),
    ).toMatchObject({
      displayName: 'Keeper Two',
    });
    await expectStatus('updateUser', 'PATCH', '/user/user_test_student_001', 403, {
      token: student,
      body: { role: 'admin' },
    });
    await expectStatus('listUserDetails', 'GET', '/user_details', 200, { token: admin });
    await expectStatus('listUserDetails', 'GET', '/user_details', 403, { token: student });
    await expectStatus('createUserDetails', 'POST', '/user_details', 201, {
      token: admin,
      body: { userId },
    });
    await expectStatus('createUserDetails', 'POST', '/user_details', 400, {
      token: admin,
      body: {},
    });
    const details = await expectStatus('getUserDetails', 'GET', `/user_details/${userId}`, 200, {
      token: admin,
    });
    expect(details).toHaveProperty('usage');
    await expectStatus('getUserDetails', 'GET', '/user_details/user_missing_1', 404, {
      token: admin,
    });
    await expectStatus('updateUserDetails', 'PATCH', `/user_details/${userId}`, 200, {
      token: admin,
      body: { userId },
    });
    await expectStatus('updateUserDetails', 'PATCH', '/user_details/user_missing_1', 404, {
      token: admin,
      body: { userId: 'user_missing_1' },
    });
    await expectStatus('deleteUserDetails', 'DELETE', '/user_details/user_missing_1', 404, {
      token: admin,
    });
    await expectStatus('deleteUser', 'DELETE', `/user/${userId}`, 204, { token: admin });
    await expectStatus('deleteUser', 'DELETE', `/user/${userId}`, 404, { token: admin });
    const other = await expectStatus('createUser', 'POST', '/user', 201, {
      token: admin,
      body: { email: 'temp@cmz.org', role: 'visitor' },
    });
    await expectStatus(
      'deleteUserDetails',
      'DELETE',
      `/user_details/${other.userId as string}`,
      204,
      { token: admin },
    );
  });

  it('families: the five operations broken in the old server work', async () => {
    const educator = await rest.signIn('educator@cmz.org');
    const created = await expectStatus('createFamily', 'POST', '/family', 201, {
      token: educator,
      body: {
        familyName: 'Familia García',
        parentIds: ['user_test_parent_002'],
        studentIds: ['user_test_student_003'],
      },
    });
    const familyId = created.familyId as string;
    await expectStatus('createFamily', 'POST', '/family', 400, {
      token: educator,
      body: {
        familyName: 'Ghosts',
        parentIds: ['user_missing_9'],
        studentIds: ['user_test_student_003'],
      },
    });
    await expectStatus('createFamily', 'POST', '/family', 400, {
      token: educator,
      body: { familyName: '' },
    });
    await expectStatus('getFamily', 'GET', `/family/${familyId}`, 200, { token: educator });
    await expectStatus('getFamily', 'GET', '/family/family_missing', 404, { token: admin });
    expect(
      await expectStatus('updateFamily', 'PATCH', `/family/${familyId}`, 200, {
        token: educator,
        body: { familyName: 'Familia García López' },
      }),
    ).toMatchObject({
      familyName: 'Familia García López',
    });
    await expectStatus('updateFamily', 'PATCH', `/family/${familyId}`, 403, {
      token: parent,
      body: { familyName: 'Mine now' },
    });
    const mine = (await expectStatus('listFamilies', 'GET', '/family', 200, {
      token: parent,
    })) as unknown as { familyId: string }[];
    expect(mine.map((family) => family.familyId)).toContain('family_test_001');
    expect(mine.map((family) => family.familyId)).not.toContain(familyId);
    await expectStatus('listFamilies', 'GET', '/family', 401);
    const all = (await expectStatus('listAllFamilies', 'GET', '/family_list', 200, {
      token: admin,
    })) as unknown as { familyId: string }[];
    expect(all.map((family) => family.familyId)).toEqual(
      expect.arrayContaining(['family_test_001', familyId]),
    );
    await expectStatus('listAllFamilies', 'GET', '/family_list', 403, { token: student });
    await expectStatus('deleteFamily', 'DELETE', `/family/${familyId}`, 204, { token: admin });
    await expectStatus('deleteFamily', 'DELETE', `/family/${familyId}`, 404, { token: admin });
  });

  it('animals, details and configuration', async () => {
    const list = (await expectStatus('animal_list_get', 'GET', '/animal_list', 200)) as unknown as {
      animalId: string;
    }[];
    expect(list.map((animal) => animal.animalId)).toEqual(
      expect.arrayContaining(['bella', 'leo', 'charlie']),
    );
    await expectStatus('animal_list_get', 'GET', '/animal_list?status=sleeping', 400);
    const created = await expectStatus('animal_post', 'POST', '/animal', 201, {
      token: zookeeper,
      body: { name: 'Rosie', species: 'Red panda' },
    });
    const animalId = created.animalId as string;
    await expectStatus('animal_post', 'POST', '/animal', 409, {
      token: zookeeper,
      body: { name: 'rosie', species: 'Red panda' },
    });
    await expectStatus('animal_get', 'GET', `/animal/${animalId}`, 200);
    await expectStatus('animal_get', 'GET', '/animal/animal_missing', 404);
    await expectStatus('animal_put', 'PUT', `/animal/${animalId}`, 200, {
      token: zookeeper,
      body: { description: 'A curious red panda 🐾' },
    });
    await expectStatus('animal_put', 'PUT', '/animal/animal_missing', 404, {
      token: zookeeper,
      body: { description: 'x' },
    });
    expect(
      await expectStatus('animal_details_get', 'GET', '/animal_details?animalId=bella', 200),
    ).toMatchObject({ animalId: 'bella' });
    await expectStatus('animal_details_get', 'GET', '/animal_details', 400);
    const config = await expectStatus(
      'animal_config_get',
      'GET',
      '/animal_config?animalId=bella',
      200,
      { token: zookeeper },
    );
    expect(config.animalConfigId).toBe('config-bella');
    await expectStatus('animal_config_get', 'GET', '/animal_config?animalId=animal_missing', 404, {
      token: zookeeper,
    });
    const patched = await expectStatus(
      'animal_config_patch',
      'PATCH',
      '/animal_config?animalId=bella',
      200,
      {
        token: zookeeper,
        body: { temperature: 0.44, systemPrompt: 'Mention the berry patch when asked about food.' },
      },
    );
    expect(patched.temperature).toBe(0.4);
    await expectStatus('animal_config_patch', 'PATCH', '/animal_config?animalId=bella', 400, {
      token: zookeeper,
      body: { temperature: 5 },
    });
    await expectStatus('animal_delete', 'DELETE', `/animal/${animalId}`, 204, { token: zookeeper });
    await expectStatus('animal_delete', 'DELETE', `/animal/${animalId}`, 404, { token: zookeeper });
  });

  it('feature flags', async () => {
    await expectStatus('feature_flags_patch', 'PATCH', '/feature_flags', 200, {
      token: admin,
      body: { flags: { voice: { enabled: true, rollout: 0.5 } } },
    });
    await expectStatus('feature_flags_patch', 'PATCH', '/feature_flags', 403, {
      token: student,
      body: { flags: {} },
    });
    const flags = await expectStatus('feature_flags_get', 'GET', '/feature_flags', 200, {
      token: student,
    });
    expect(flags.flags).toMatchObject({ voice: { enabled: true, rollout: 0.5 } });
    await expectStatus('feature_flags_get', 'GET', '/feature_flags', 401);
  });

  it('conversations: turn, stream, history, sessions, summary, delete', async () => {
    const turn = await expectStatus('convo_turn_post', 'POST', '/convo_turn', 200, {
      token: student,
      body: { animalId: 'bella', message: '¿Qué comes? 🐻' },
    });
    expect(turn).toMatchObject({
      reply: expect.any(String),
      response: expect.any(String),
      animalId: 'bella',
    });
    const sessionId = turn.sessionId as string;
    await expectStatus('convo_turn_post', 'POST', '/convo_turn', 400, {
      body: { animalId: 'bella' },
    });
    await expectStatus('convo_turn_post', 'POST', '/convo_turn', 404, {
      body: { animalId: 'unicorn', message: 'hi' },
    });
    const stream = await rest.call(
      'GET',
      `/convo_turn/stream?animalId=bella&message=${encodeURIComponent('How old are you?')}&sessionId=${sessionId}`,
      { token: student },
    );
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    expect(String(stream.body)).toContain('event: complete');
    covered.add('convo_turn_stream_get');
    await expectStatus('convo_turn_stream_get', 'GET', '/convo_turn/stream?animalId=bella', 400);
    const history = await expectStatus(
      'convo_history_get',
      'GET',
      `/convo_history?sessionId=${sessionId}&includeMetadata=true`,
      200,
      { token: student },
    );
    expect((history.turns as unknown[]).length).toBe(4);
    await expectStatus('convo_history_get', 'GET', `/convo_history?sessionId=${sessionId}`, 404, {
      token: await rest.signIn('student2@test.cmz.org'),
    });
    const parentView = await expectStatus(
      'convo_history_get',
      'GET',
      `/convo_history?sessionId=${sessionId}`,
      200,
      { token: parent },
    );
    expect(parentView.userId).toBe('user_test_student_001');
    const sessions = await expectStatus(
      'conversations_sessions_get',
      'GET',
      '/conversations/sessions?limit=10',
      200,
      { token: student },
    );
    expect(
      (sessions.sessions as { sessionId: string }[]).map((session) => session.sessionId),
    ).toContain(sessionId);
    await expectStatus(
      'conversations_sessions_get',
      'GET',
      '/conversations/sessions?limit=0',
      400,
      { token: student },
    );
    await expectStatus(
      'conversations_sessions_session_id_get',
      'GET',
      `/conversations/sessions/${sessionId}`,
      200,
      { token: student },
    );
    await expectStatus(
      'conversations_sessions_session_id_get',
      'GET',
      '/conversations/sessions/session_missing',
      404,
      { token: student },
    );
    const summary = await expectStatus('summarize_convo_post', 'POST', '/summarize_convo', 200, {
      token: student,
      body: { sessionId, includeMetrics: true },
    });
    expect(summary.topics).toEqual(expect.arrayContaining(['diet', 'age']));
    await expectStatus('summarize_convo_post', 'POST', '/summarize_convo', 404, {
      token: student,
      body: { sessionId: 'session_missing' },
    });
    await expectStatus(
      'convo_history_delete',
      'DELETE',
      '/convo_history?userId=user_test_student_001',
      400,
      { token: student },
    );
    await expectStatus(
      'convo_history_delete',
      'DELETE',
      `/convo_history?sessionId=${sessionId}`,
      204,
      { token: student },
    );
    await expectStatus('convo_history_get', 'GET', `/convo_history?sessionId=${sessionId}`, 404, {
      token: student,
    });
  });

  it('covered every part-1 operation', () => {
    const part1 = listOperations().filter(
      (operation) => !part2OperationIds.has(operation.operationId),
    );
    expect(part1).toHaveLength(44);
    expect(
      part1
        .map((operation) => operation.operationId)
        .filter((operationId) => !covered.has(operationId)),
    ).toEqual([]);
  });
});

describe('no operation answers 501: all 100 are implemented', () => {
  it('answers a signed-in admin without 501 on a plain read', async () => {
    const me = await rest.call('GET', '/me', { token: admin });
    expect(me.status, JSON.stringify(me.body)).toBe(200);
  });

  for (const operation of listOperations()) {
    it(`${operation.operationId} is implemented`, async () => {
      const path = operation.path.replace(/\{\w+\}/g, 'x_missing');
      // Refresh and logout revoke the token they get: give them one of their own.
      const ending =
        operation.operationId === 'authRefreshPost' || operation.operationId === 'authLogoutPost';
      const token = ending ? await rest.signIn('test@cmz.org') : admin;
      const { status, body } = await rest.call(operation.method, path, { token });
      expect(status, JSON.stringify(body)).not.toBe(501);
    });
  }
});
