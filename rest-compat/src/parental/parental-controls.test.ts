import { describe, expect, it } from 'vitest';
import type { ErrorAck, JoinAck, SendAck } from '@cmz/engine/protocol';
import { connectClient, request } from '../../../engine/src/testing/socket-client.ts';
import { useRestServers } from '../testing/rest-servers.ts';
import type { RestTestServer } from '../testing/start-rest-test-server.ts';

const { started, sharedStores } = useRestServers();

const child = 'user_test_student_001';
const path = `/parental-controls/${child}`;

async function sendAsChild(rest: RestTestServer, token: string, texts: string[]) {
  const { socket } = await connectClient(rest.server.url, { token });
  const join = (await request(socket, 'conversation:join', { animalId: 'leo' })) as JoinAck;
  const acks: (SendAck | ErrorAck)[] = [];
  for (const [index, text] of texts.entries()) {
    acks.push(
      (await request(socket, 'message:send', {
        conversationId: join.conversationId,
        clientMessageId: `limit-${Date.now()}-${index}`,
        text,
      })) as SendAck | ErrorAck,
    );
  }
  socket.close();
  return acks;
}

describe('parental controls', () => {
  it('lets a parent set a daily limit that the engine enforces, on one node in memory', async () => {
    const rest = await started();
    const parent = await rest.signIn('parent1@test.cmz.org');
    const before = await rest.call('GET', path, { token: parent });
    expect(before).toMatchObject({
      status: 200,
      body: { childUserId: child, dailyLimitMinutes: null, usedMinutesToday: 0 },
    });
    const set = await rest.call('PUT', path, { token: parent, body: { dailyLimitMinutes: 1 } });
    expect(set).toMatchObject({ status: 200, body: { dailyLimitMinutes: 1 } });
    expect((set.body as { modifiedAt?: string }).modifiedAt).toMatch(/^\d{4}-/);

    const studentToken = await rest.signIn('student1@test.cmz.org');
    const [first, second] = await sendAsChild(rest, studentToken, ['Hi Leo!', 'What do you eat?']);
    expect(first).toMatchObject({ ok: true });
    expect(second).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_TIME_LIMIT_REACHED',
      temporary: false,
    });
    const after = await rest.call('GET', path, { token: parent });
    expect(after.body).toMatchObject({ dailyLimitMinutes: 1, usedMinutesToday: 1 });

    // The REST conversation path runs the same pipeline, so it is limited too.
    const overRest = await rest.call('POST', '/convo_turn', {
      token: studentToken,
      body: { animalId: 'leo', message: 'One more?' },
    });
    expect(overRest.status).toBe(429);
    expect(overRest.body).toMatchObject({ details: { engineCode: 'CMZ_ERR_TIME_LIMIT_REACHED' } });

    // Lifting the limit lets the child talk again; a sibling without a limit was never stopped.
    await rest.call('PUT', path, { token: parent, body: { dailyLimitMinutes: null } });
    const [again] = await sendAsChild(rest, studentToken, ['Back again!']);
    expect(again).toMatchObject({ ok: true });
  });

  it('shares chat time between nodes through Redis', async () => {
    const environment = await sharedStores();
    const nodeA = await started({ environment });
    const nodeB = await started({ environment });
    const parent = await nodeA.signIn('parent1@test.cmz.org');
    await nodeA.call('PUT', path, { token: parent, body: { dailyLimitMinutes: 1 } });
    const [onA] = await sendAsChild(nodeA, await nodeA.signIn('student1@test.cmz.org'), ['Hi!']);
    expect(onA).toMatchObject({ ok: true });
    const [onB] = await sendAsChild(nodeB, await nodeB.signIn('student1@test.cmz.org'), ['Hi!']);
    expect(onB).toMatchObject({ ok: false, code: 'CMZ_ERR_TIME_LIMIT_REACHED' });
  });

  it('lets only the parents of the child (and admins) read or change the limit', async () => {
    const rest = await started();
    const otherParent = await rest.signIn('parent2@test.cmz.org');
    const student = await rest.signIn('student1@test.cmz.org');
    const educator = await rest.signIn('educator@cmz.org');
    const admin = await rest.signIn('test@cmz.org');
    expect((await rest.call('GET', path)).status).toBe(401);
    expect((await rest.call('GET', path, { token: otherParent })).status).toBe(403);
    expect((await rest.call('GET', path, { token: student })).status).toBe(403);
    expect(
      (await rest.call('PUT', path, { token: educator, body: { dailyLimitMinutes: 5 } })).status,
    ).toBe(403);
    expect(
      (await rest.call('GET', '/parental-controls/user_nobody', { token: otherParent })).status,
    ).toBe(403);
    expect(
      (await rest.call('GET', '/parental-controls/user_nobody', { token: admin })).status,
    ).toBe(404);
    const byAdmin = await rest.call('PUT', path, { token: admin, body: { dailyLimitMinutes: 30 } });
    expect(byAdmin).toMatchObject({ status: 200, body: { dailyLimitMinutes: 30 } });
  });

  it('refuses bad limits with a clear error and keeps the stored one', async () => {
    const rest = await started();
    const parent = await rest.signIn('parent1@test.cmz.org');
    await rest.call('PUT', path, { token: parent, body: { dailyLimitMinutes: 45 } });
    for (const body of [
      { dailyLimitMinutes: 0 },
      { dailyLimitMinutes: 2.5 },
      { dailyLimitMinutes: '45' },
      { dailyLimitMinutes: 100_000 },
      { dailyLimitMinutes: 45, extra: true },
      {},
    ]) {
      const response = await rest.call('PUT', path, { token: parent, body });
      expect(response.status).toBe(422);
      expect(response.body).toMatchObject({ code: 'validation_error' });
      expect((response.body as { message: string }).message).toMatch(/dailyLimitMinutes/);
    }
    const bad = await rest.call('GET', '/parental-controls/bad%20id', { token: parent });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid_request' } });
    expect((await rest.call('GET', path, { token: parent })).body).toMatchObject({
      dailyLimitMinutes: 45,
    });
  });
});
