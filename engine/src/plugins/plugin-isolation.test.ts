import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, SendAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createPluginFixture, type PluginFixture } from '../testing/plugin-fixtures.ts';
import { createScriptedModel } from '../testing/scripted-model.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';

const plugin = (
  name: string,
  body: string,
  imports = "import { definePlugin } from '@cmz/engine';",
) =>
  `${imports}\nexport default (options: Record<string, unknown> = {}) => definePlugin({ name: '${name}', version: '1.0.0', ${body} });\n`;

const sources: Record<string, string> = {
  thrower: plugin(
    'thrower',
    `hooks: { transformPrompt: () => { throw new Error('thrower broke'); } }`,
  ),
  hanger: plugin(
    'hanger',
    `hooks: { resolveIntent: { timeoutMs: 100, handler: () => new Promise(() => {}) } }`,
  ),
  'broken-syntax': `export default () => ({ name: 'broken-syntax', version: '1.0.0', hooks: { ;;; } })\n`,
  'needs-missing': plugin('needs-missing', `dependsOn: ['not-installed'], hooks: {}`),
  'missing-package': `import 'cmz-definitely-missing-package';\nexport default () => ({ name: 'missing-package', version: '1.0.0', hooks: {} });\n`,
  greeter: plugin(
    'greeter',
    `hooks: {},
    events: { ping: definePluginEvent(z.object({ n: z.number() }), async (payload, context) => {
      const count = ((await context.state.get<number>('pings')) ?? 0) + 1;
      await context.state.set('pings', count);
      return { pong: payload.n + 1, count, greeting: options.greeting };
    }) },
    routes: (router, context) => { router.get('/hello', async (_request, response) => { response.json({ hello: 'zoo', pings: (await context.state.get('pings')) ?? 0 }); }); },
    web: { title: 'Greeter', component: '@cmz-test/greeter/web/panel.svelte' }`,
    "import { definePlugin, definePluginEvent } from '@cmz/engine';\nimport { z } from 'zod';",
  ),
  'leo-only': plugin(
    'leo-only',
    `hooks: { transformChunk: (chunk) => ({ ...chunk, text: 'LEO:' + chunk.text }) }`,
  ),
};

const fixtures: PluginFixture[] = [];
const sockets: EngineClient[] = [];
const logLines: Record<string, unknown>[] = [];
let server: RunningServer;

async function joined(animalId: string) {
  const { socket } = await connectClient(server.url);
  sockets.push(socket);
  const ack = (await request(socket, 'conversation:join', { animalId })) as JoinAck;
  return { socket, conversationId: ack.conversationId, observer: observeReplies(socket) };
}

async function ask(client: Awaited<ReturnType<typeof joined>>, text: string) {
  const sent = (await request(client.socket, 'message:send', {
    conversationId: client.conversationId,
    clientMessageId: `i${Math.floor(performance.now() * 1000)}`,
    text,
  })) as SendAck;
  return client.observer.waitFor(sent.replyId);
}

function emitRaw(
  socket: EngineClient,
  event: string,
  payload: unknown,
): Promise<Record<string, unknown>> {
  return new Promise((resolve) =>
    (socket.emit as (...values: unknown[]) => void)(event, payload, resolve),
  );
}

beforeAll(async () => {
  const entries = [];
  for (const [name, source] of Object.entries(sources)) {
    const fixture = await createPluginFixture(name, { 'src/index.ts': source });
    fixtures.push(fixture);
    entries.push({
      name,
      path: fixture.directory,
      options: { greeting: 'hello from config' },
      ...(name === 'leo-only' ? { scope: { animals: ['leo'] } } : {}),
    });
  }
  const configFile = join(fixtures[0]?.directory ?? '', '..', 'plugins.config.json');
  await writeFile(
    configFile,
    JSON.stringify({ plugins: [...entries, { name: 'off', path: '/nowhere', enabled: false }] }),
  );
  const destination = new Writable({
    write(chunk, _encoding, callback) {
      for (const line of String(chunk).split('\n').filter(Boolean)) logLines.push(JSON.parse(line));
      callback();
    },
  });
  server = await startTestServer({
    model: createScriptedModel('Berries and nuts are my favourite.'),
    logger: createLogger({ level: 'info', destination }),
    environment: {
      PLUGINS_CONFIG: configFile,
      PLUGIN_SNAPSHOT_DIR: fixtures[0]?.snapshotRoot ?? '',
      RATE_LIMIT_CAPACITY: '100',
    },
  });
});
afterAll(async () => {
  for (const socket of sockets) socket.close();
  await server.close();
  for (const fixture of fixtures) await fixture.remove();
});

describe('plugin isolation through the running engine', () => {
  it('reports each broken plugin with its code and keeps the good ones active', async () => {
    const { plugins } = (await (await fetch(`${server.url}/api/plugins`)).json()) as {
      plugins: { name: string; status: string; error?: { code: string; message: string } }[];
    };
    const byName = Object.fromEntries(plugins.map((entry) => [entry.name, entry]));
    expect(byName['broken-syntax']).toMatchObject({
      status: 'failed',
      error: { code: 'CMZ_ERR_PLUGIN_LOAD_FAILED' },
    });
    expect(byName['missing-package']).toMatchObject({
      status: 'failed',
      error: { code: 'CMZ_ERR_PLUGIN_LOAD_FAILED' },
    });
    expect(byName['needs-missing']).toMatchObject({
      status: 'failed',
      error: { code: 'CMZ_ERR_PLUGIN_DEPENDENCY_MISSING' },
    });
    expect(byName.off?.status).toBe('disabled');
    for (const name of ['thrower', 'hanger', 'greeter', 'leo-only'])
      expect(byName[name]?.status).toBe('active');
    expect(byName.greeter).toMatchObject({ events: ['greeter:ping'], web: { title: 'Greeter' } });
  });

  it('keeps chatting while a hook throws and another hangs, and reports both by plugin and hook', async () => {
    const client = await joined('bella');
    const reply = await ask(client, 'What do you eat?');
    expect(reply.error).toBeUndefined();
    expect(reply.end?.text).toBe('Berries and nuts are my favourite.');
    const failures = logLines.filter((line) => line.msg === 'plugin hook failed');
    expect(failures).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          code: 'CMZ_ERR_PLUGIN_HOOK_FAILED',
          plugin: 'thrower',
          hook: 'transformPrompt',
        }),
        expect.objectContaining({
          code: 'CMZ_ERR_PLUGIN_HOOK_TIMEOUT',
          plugin: 'hanger',
          hook: 'resolveIntent',
        }),
      ]),
    );
    const listed = (await (await fetch(`${server.url}/api/plugins`)).json()) as {
      plugins: { name: string; metrics: Record<string, { errors: number; timeouts: number }> }[];
    };
    expect(
      listed.plugins.find((entry) => entry.name === 'thrower')?.metrics.transformPrompt?.errors,
    ).toBeGreaterThan(0);
    const metrics = server.engine.metrics.snapshot();
    expect(metrics.thrower?.transformPrompt?.errors).toBeGreaterThan(0);
    expect(metrics.hanger?.resolveIntent?.timeouts).toBeGreaterThan(0);
  });

  it('runs a scoped plugin only for its animals', async () => {
    const leo = await ask(await joined('leo'), 'Hello Leo');
    expect(leo.deltas.every((delta) => delta.text.startsWith('LEO:'))).toBe(true);
    const bella = await ask(await joined('bella'), 'Hello Bella');
    expect(bella.deltas.some((delta) => delta.text.startsWith('LEO:'))).toBe(false);
  });

  it('serves a plugin event with validation, options and state', async () => {
    const { socket } = await joined('bella');
    expect(await emitRaw(socket, 'greeter:ping', { n: 1 })).toEqual({
      ok: true,
      data: { pong: 2, count: 1, greeting: 'hello from config' },
    });
    expect(await emitRaw(socket, 'greeter:ping', { n: 'x' })).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_PROTOCOL_INVALID_PAYLOAD',
    });
    expect(await emitRaw(socket, 'greeter:unknown', {})).toMatchObject({
      ok: false,
      code: 'CMZ_ERR_PROTOCOL_UNKNOWN_EVENT',
    });
  });

  it('serves plugin routes under /api/plugins/<name>/', async () => {
    const hello = await fetch(`${server.url}/api/plugins/greeter/hello`);
    expect(hello.status).toBe(200);
    expect(await hello.json()).toMatchObject({ hello: 'zoo' });
    const missing = await fetch(`${server.url}/api/plugins/thrower/hello`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'CMZ_ERR_PLUGIN_NOT_FOUND' });
  });
});
