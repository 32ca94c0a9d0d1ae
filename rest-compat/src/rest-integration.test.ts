import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createScriptedModel } from '../../engine/src/testing/scripted-model.ts';
import { connectClient } from '../../engine/src/testing/socket-client.ts';
import { useRestServers } from './testing/rest-servers.ts';
import { askOverSocket } from './testing/socket-question.ts';
import { startRestTestServer, type RestTestServer } from './testing/start-rest-test-server.ts';

const { started, sharedStores } = useRestServers();

async function socketTurn(
  rest: RestTestServer,
  token: string | undefined,
  animalId: string,
  text: string,
) {
  const question = await askOverSocket(rest, animalId, text, token ? { token } : {});
  if (!question.ok) throw new Error(`message refused: ${question.sent.code}`);
  return { join: question.join, reply: question.reply };
}

describe('the REST layer inside the product', () => {
  it('gives the same reply over REST and over Socket.IO for the same scripted model', async () => {
    const model = createScriptedModel((call) => `You asked ${call.animal.name}: ${call.question}`);
    const rest = await started({ model });
    const overRest = await rest.call('POST', '/convo_turn', {
      body: { animalId: 'leo', message: 'What do you eat?' },
    });
    const overSocket = await socketTurn(rest, undefined, 'leo', 'What do you eat?');
    expect(overRest.status).toBe(200);
    expect((overRest.body as { reply: string }).reply).toBe(overSocket.reply.end?.text);
    expect(overSocket.reply.end?.text).toBe('You asked Leo: What do you eat?');
    expect(model.calls.map((call) => call.prompt.system.join('\n'))).toEqual([
      model.calls[0]?.prompt.system.join('\n'),
      model.calls[0]?.prompt.system.join('\n'),
    ]);
  });

  it('serves the same API at the root of the legacy port, and a REST token authenticates a socket', async () => {
    const rest = await started();
    const preflight = await fetch(`${rest.legacy}/animal_list`, {
      method: 'OPTIONS',
      headers: { origin: 'http://localhost:3001', 'access-control-request-method': 'GET' },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBe('http://localhost:3001');
    const stranger = await fetch(`${rest.api}/animal_list`, {
      headers: { origin: 'http://evil.example' },
    });
    expect(stranger.headers.get('access-control-allow-origin')).toBeNull();
    const legacy = await rest.call('GET', '/animal_list', { base: rest.legacy });
    expect(legacy.status).toBe(200);
    expect((legacy.body as unknown[]).length).toBeGreaterThanOrEqual(6);
    const token = await rest.signIn('student1@test.cmz.org');
    const { socket, session } = await connectClient(rest.server.url, { token });
    socket.close();
    expect(session.visitorId).toBe('user_test_student_001');
    await expect(connectClient(rest.server.url, { token: `${token}x` })).rejects.toMatchObject({
      data: { code: 'CMZ_ERR_AUTH_INVALID_TOKEN' },
    });
  });

  it('keeps data across a restart of the product (embedded DynamoDB on disk)', async () => {
    const dataDirectory = await mkdtemp(join(tmpdir(), 'cmz-rest-restart-'));
    const before = await startRestTestServer({ environment: { DATA_DIR: dataDirectory } });
    const admin = await before.signIn('test@cmz.org');
    const created = await before.call('POST', '/family', {
      token: admin,
      body: {
        familyName: 'Restart Family',
        parentIds: ['user_test_parent_002'],
        studentIds: ['user_test_student_003'],
      },
    });
    expect(created.status).toBe(201);
    await before.close();
    const after = await started({ environment: { DATA_DIR: dataDirectory } });
    const familyId = (created.body as { familyId: string }).familyId;
    const fetched = await after.call('GET', `/family/${familyId}`, {
      token: await after.signIn('test@cmz.org'),
    });
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ familyName: 'Restart Family' });
  });

  it('applies an /animal_config change to the next reply on every node', async () => {
    const environment = await sharedStores();
    const modelA = createScriptedModel('From node A');
    const modelB = createScriptedModel('From node B');
    const nodeA = await started({ model: modelA, environment });
    const nodeB = await started({ model: modelB, environment });
    const keeper = await nodeA.signIn('zookeeper@cmz.org');
    const patched = await nodeA.call('PATCH', '/animal_config?animalId=charlie', {
      token: keeper,
      body: { systemPrompt: 'Today the herd is bathing in the pond.' },
    });
    expect(patched.status).toBe(200);
    let system = '';
    for (let attempt = 0; attempt < 40 && !system.includes('bathing in the pond'); attempt += 1) {
      await nodeB.call('POST', '/convo_turn', {
        body: { animalId: 'charlie', message: 'What are you doing?' },
      });
      system = modelB.calls.at(-1)?.prompt.system.join('\n') ?? '';
      if (!system.includes('bathing in the pond'))
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(system).toContain('KEEPER NOTES: Today the herd is bathing in the pond.');
    await nodeA.call('POST', '/convo_turn', { body: { animalId: 'charlie', message: 'And now?' } });
    expect(modelA.calls.at(-1)?.prompt.system.join('\n')).toContain('bathing in the pond');
  });
});
