import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, SendAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import {
  createPluginFixture,
  taggingPluginSource,
  type PluginFixture,
} from '../testing/plugin-fixtures.ts';
import { startRedisServer, type TestRedisServer } from '../testing/redis-server.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';

const adminToken = 'plugin-admin-token-for-tests';
let fixture: PluginFixture;
let redis: TestRedisServer;
const servers: RunningServer[] = [];
const sockets: EngineClient[] = [];

async function startNode(extra: Record<string, string> = {}) {
  const configFile = join(fixture.directory, '..', 'plugins.config.json');
  const server = await startTestServer({
    model: createScriptedModel('one two three four five six seven eight', { delayMs: 40 }),
    environment: {
      ADMIN_TOKEN: adminToken,
      PLUGINS_CONFIG: configFile,
      PLUGIN_SNAPSHOT_DIR: fixture.snapshotRoot,
      RATE_LIMIT_CAPACITY: '1000',
      RATE_LIMIT_REFILL_PER_SECOND: '100',
      ...extra,
    },
  });
  servers.push(server);
  return server;
}

async function joinedClient(url: string, animalId = 'bella') {
  const { socket } = await connectClient(url);
  sockets.push(socket);
  const ack = (await request(socket, 'conversation:join', { animalId })) as JoinAck;
  return { socket, conversationId: ack.conversationId, observer: observeReplies(socket) };
}

let counter = 0;
async function ask(client: Awaited<ReturnType<typeof joinedClient>>, text = 'hello') {
  const sent = (await request(client.socket, 'message:send', {
    conversationId: client.conversationId,
    clientMessageId: `p${++counter}`,
    text,
  })) as SendAck;
  expect(sent.ok).toBe(true);
  return { sent, done: client.observer.waitFor(sent.replyId) };
}

function reloadOver(server: RunningServer, name: string, token = adminToken) {
  return fetch(`${server.url}/api/admin/plugins/${name}/reload`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
  });
}

async function pluginStatus(server: RunningServer, name: string) {
  const body = (await (await fetch(`${server.url}/api/plugins`)).json()) as {
    plugins: {
      name: string;
      status: string;
      codeVersion?: string;
      version?: string;
      error?: { code: string };
    }[];
  };
  return body.plugins.find((plugin) => plugin.name === name);
}

beforeAll(async () => {
  fixture = await createPluginFixture('tagger', {
    'src/index.ts': taggingPluginSource('tagger', 'v1'),
  });
  await writeFile(
    join(fixture.directory, '..', 'plugins.config.json'),
    JSON.stringify({
      plugins: [{ name: 'tagger', path: fixture.directory, options: { greeting: 'hi' } }],
    }),
  );
  redis = await startRedisServer();
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  for (const server of servers) await server.close();
  await redis.stop();
  await fixture.remove();
});

describe('hot reload', () => {
  it('reloads while 50 replies stream: none dropped or corrupted, later messages use the new version', async () => {
    await fixture.write({ 'src/index.ts': taggingPluginSource('tagger', 'v1') });
    const server = await startNode();
    expect(await pluginStatus(server, 'tagger')).toMatchObject({
      status: 'active',
      version: '1.0.0',
    });
    const clients = await Promise.all(Array.from({ length: 50 }, () => joinedClient(server.url)));
    const inFlight = await Promise.all(clients.map((client) => ask(client)));
    await new Promise<void>((resolve) => clients[0]?.socket.once('reply:delta', () => resolve()));
    await fixture.write({ 'src/index.ts': taggingPluginSource('tagger', 'v2') });
    const reloaded = await reloadOver(server, 'tagger');
    expect(reloaded.status).toBe(200);
    expect(((await reloaded.json()) as { plugin: { version: string } }).plugin.version).toBe(
      '2.0.0',
    );
    const replies = await Promise.all(inFlight.map((entry) => entry.done));
    for (const reply of replies) {
      expect(reply.error).toBeUndefined();
      expect(reply.deltas.map((delta) => delta.seq)).toEqual(
        reply.deltas.map((_, index) => index + 1),
      );
      expect(reply.deltas.every((delta) => delta.text.startsWith('v1:'))).toBe(true);
      expect(reply.end?.text).toBe(reply.deltas.map((delta) => delta.text).join(''));
      expect(reply.deltas).toHaveLength(8);
    }
    const after = await (await ask(clients[1] as Awaited<ReturnType<typeof joinedClient>>)).done;
    expect(after.deltas.every((delta) => delta.text.startsWith('v2:'))).toBe(true);
    expect(clients.every((client) => client.socket.connected)).toBe(true);
    await server.close();
  });

  it('broadcasts a reload through Redis so every node runs the same version', async () => {
    await fixture.write({ 'src/index.ts': taggingPluginSource('tagger', 'v1') });
    const nodeA = await startNode({ REDIS_URL: redis.url });
    const nodeB = await startNode({ REDIS_URL: redis.url });
    const before = await pluginStatus(nodeB, 'tagger');
    expect(before?.codeVersion).toBe((await pluginStatus(nodeA, 'tagger'))?.codeVersion);
    await fixture.write({ 'src/index.ts': taggingPluginSource('tagger', 'v2') });
    expect((await reloadOver(nodeA, 'tagger')).status).toBe(200);
    const target = (await pluginStatus(nodeA, 'tagger'))?.codeVersion;
    expect(target).not.toBe(before?.codeVersion);
    let seenOnB: string | undefined;
    for (let attempt = 0; attempt < 100 && seenOnB !== target; attempt += 1) {
      seenOnB = (await pluginStatus(nodeB, 'tagger'))?.codeVersion;
      if (seenOnB !== target) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(seenOnB).toBe(target);
    const reply = await (await ask(await joinedClient(nodeB.url))).done;
    expect(reply.deltas.every((delta) => delta.text.startsWith('v2:'))).toBe(true);
    await nodeA.close();
    await nodeB.close();
  });

  it('refuses admin operations without the admin token and keeps the version', async () => {
    await fixture.write({ 'src/index.ts': taggingPluginSource('tagger', 'v1') });
    const server = await startNode();
    const refused = await reloadOver(server, 'tagger', 'wrong-token');
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'CMZ_ERR_AUTH_FORBIDDEN' });
    const missing = await reloadOver(server, 'nobody');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'CMZ_ERR_PLUGIN_NOT_FOUND' });
    await server.close();
  });
});
