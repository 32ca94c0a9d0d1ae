import { randomUUID } from 'node:crypto';
import { rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import express from 'express';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { createLogger } from '../telemetry/logger.ts';
import { createPluginFixture, type PluginFixture } from '../testing/plugin-fixtures.ts';
import { buildHookTable, type HookTable } from './hook-table.ts';
import type { PluginEntry } from './plugin-config.ts';
import { PluginHost, type PluginHostOptions } from './plugin-host.ts';
import { createMemoryPluginState } from './plugin-state.ts';
import type { Plugin, ReplyChunk } from './plugin-types.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

interface SourceOptions {
  version?: string;
  label?: string;
  dependsOn?: string[];
  /** Body of an async `setup(context)`; `record(event)` appends to the plugin's state `log`. */
  setupBody?: string;
  /** Extra plugin properties (object literal members). */
  extra?: string;
}

/**
 * A plugin whose setup and disposer write to the plugin's own state (`log`), so a test can read
 * back what ran and in which order through `host.stateFor(name)`.
 */
function pluginSource(name: string, options: SourceOptions = {}): string {
  const label = options.label ?? 'v1';
  return `let state: { get(key: string): Promise<unknown>; set(key: string, value: unknown): Promise<void> };
async function record(event: string) {
  const log = ((await state.get('log')) as string[] | undefined) ?? [];
  await state.set('log', [...log, event]);
}
export default (options: Record<string, unknown> = {}) => ({
  name: '${name}',
  version: '${options.version ?? '1.0.0'}',
  dependsOn: ${JSON.stringify(options.dependsOn ?? [])},
  hooks: { transformChunk: (chunk: { type: 'text-delta'; text: string }) => ({ ...chunk, text: '${label}:' + chunk.text }) },
  setup: async (context: { state: typeof state }) => {
    state = context.state;
    await record('setup:${label}');
    ${options.setupBody ?? ''}
    return () => record('dispose:${label}');
  },
  exportState: () => ({ label: '${label}', options }),
  ${options.extra ?? ''}
});
`;
}

interface Harness {
  host: PluginHost;
  /** Plugins passed to every `apply` call, in order. */
  applied: Plugin[][];
  /** Tables handed to `waitForTable`, each with a function that lets it settle. */
  waits: { table: HookTable; timeoutMs: number; release: () => void }[];
  current(): HookTable;
  logs: { level: string; msg: string; [field: string]: unknown }[];
  entry(name: string, fixture: PluginFixture, extra?: Partial<PluginEntry>): PluginEntry;
  fixture(name: string, source: string): Promise<PluginFixture>;
  log(name: string): Promise<string[]>;
}

async function createHarness(overrides: Partial<PluginHostOptions> = {}): Promise<Harness> {
  const snapshotRoot = join(projectRoot, '.plugin-versions', `test-host-${randomUUID()}`);
  cleanups.push(() => rm(snapshotRoot, { recursive: true, force: true }));
  const applied: Plugin[][] = [];
  const waits: Harness['waits'] = [];
  const logs: Harness['logs'] = [];
  let table = buildHookTable([]);
  const stateFor = createMemoryPluginState();
  const host = new PluginHost({
    engineVersion: '0.1.0',
    loader: { baseDirectory: '/', snapshotRoot },
    stateFor,
    emitToConversation: () => undefined,
    apply: (plugins, scopes) => {
      applied.push([...plugins]);
      const previous = table;
      table = buildHookTable(plugins, {}, scopes);
      return previous;
    },
    waitForTable: (captured, timeoutMs) =>
      new Promise<void>((resolve) => waits.push({ table: captured, timeoutMs, release: resolve })),
    logger: createLogger({
      level: 'debug',
      destination: new Writable({
        write(chunk: Buffer, _encoding, callback) {
          logs.push(JSON.parse(chunk.toString()));
          callback();
        },
      }),
    }),
    ...overrides,
  });
  cleanups.unshift(() => host.close());
  return {
    host,
    applied,
    waits,
    logs,
    current: () => table,
    entry: (name, fixture, extra = {}) => ({
      name,
      path: fixture.directory,
      options: {},
      enabled: true,
      ...extra,
    }),
    async fixture(name, source) {
      const fixture = await createPluginFixture(name, { 'src/index.ts': source });
      cleanups.push(() => fixture.remove());
      return fixture;
    },
    log: async (name) => ((await stateFor(name).get<string[]>('log')) ?? []).slice(),
  };
}

function names(plugins: readonly Plugin[] | undefined): string[] {
  return (plugins ?? []).map((plugin) => plugin.name);
}

/** What the current table's `transformChunk` of `name` makes of a word. */
function tagWith(table: HookTable, name: string, text: string): string | undefined {
  const entry = table.hooks.transformChunk.find((hook) => hook.pluginName === name);
  const chunk: ReplyChunk = { type: 'text-delta', text };
  return (entry?.handler(chunk, undefined as never) as ReplyChunk | undefined)?.text;
}

async function rejectionOf(promise: Promise<unknown>): Promise<EngineError> {
  try {
    await promise;
  } catch (error) {
    if (EngineError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected a rejection');
}

describe('PluginHost.start', () => {
  it('activates good plugins and records broken ones as failed with their coded error', async () => {
    const harness = await createHarness();
    const good = await harness.fixture('alpha', pluginSource('alpha'));
    const broken = await harness.fixture('beta', 'export default () => ({ name: "beta", \n');
    const statuses = await harness.host.start({
      plugins: [harness.entry('alpha', good), harness.entry('beta', broken)],
    });
    expect(statuses).toEqual(harness.host.list());
    const [alpha, beta] = statuses;
    expect(alpha).toMatchObject({ name: 'alpha', status: 'active', version: '1.0.0', reloads: 0 });
    expect(alpha?.codeVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(alpha?.error).toBeUndefined();
    expect(Date.parse(alpha?.loadedAt ?? '')).not.toBeNaN();
    expect(beta).toMatchObject({ name: 'beta', status: 'failed', reloads: 0 });
    expect(beta?.error?.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(beta?.error?.message).toContain('Plugin "beta" could not be loaded');
    expect(beta?.version).toBeUndefined();
    expect(harness.applied).toHaveLength(1);
    expect(names(harness.applied[0])).toEqual(['alpha']);
    expect(await harness.log('alpha')).toEqual(['setup:v1']);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({ level: 'error', plugin: 'beta', msg: 'plugin failed to load' }),
    );
    expect(harness.host.directories()).toEqual(new Map([['alpha', good.directory]]));
  });

  it('fails a plugin that depends on a failed one with CMZ_ERR_PLUGIN_DEPENDENCY_MISSING', async () => {
    const harness = await createHarness();
    const broken = await harness.fixture('beta', 'export default () => ({ name: "beta", \n');
    const dependent = await harness.fixture(
      'gamma',
      pluginSource('gamma', { dependsOn: ['beta'] }),
    );
    const [, gamma] = await harness.host.start({
      plugins: [harness.entry('beta', broken), harness.entry('gamma', dependent)],
    });
    expect(gamma?.status).toBe('failed');
    expect(gamma?.error?.code).toBe('CMZ_ERR_PLUGIN_DEPENDENCY_MISSING');
    expect(gamma?.error?.message).toBe('Plugin "gamma" depends on "beta", which is not loaded');
    expect(names(harness.applied[0])).toEqual([]);
    // The dependency check comes before setup, so nothing ran and nothing needs disposing.
    expect(await harness.log('gamma')).toEqual([]);
  });

  it('lists disabled entries as disabled without loading them', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    const [status] = await harness.host.start({
      plugins: [harness.entry('alpha', fixture, { enabled: false, scope: { animals: ['leo'] } })],
    });
    expect(status).toEqual({
      name: 'alpha',
      status: 'disabled',
      events: [],
      reloads: 0,
      scope: { animals: ['leo'] },
    });
    expect(names(harness.applied[0])).toEqual([]);
    expect(await harness.log('alpha')).toEqual([]);
  });

  it('passes configured scopes of active plugins to apply', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    await harness.host.start({
      plugins: [harness.entry('alpha', fixture, { scope: { roomTypes: ['school'] } })],
    });
    expect(harness.current().hooks.transformChunk[0]?.scope).toEqual({ roomTypes: ['school'] });
    expect(harness.host.list()[0]?.scope).toEqual({ roomTypes: ['school'] });
  });

  it('reports a setup that throws as CMZ_ERR_PLUGIN_SETUP_FAILED', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture(
      'alpha',
      pluginSource('alpha', { setupBody: `throw new Error('no database');` }),
    );
    const [status] = await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    expect(status?.status).toBe('failed');
    expect(status?.error?.code).toBe('CMZ_ERR_PLUGIN_SETUP_FAILED');
    expect(status?.error?.message).toBe('Plugin "alpha" failed to set up: no database');
  });

  it('reports a setup that hangs as CMZ_ERR_PLUGIN_SETUP_FAILED after setupTimeoutMs', async () => {
    const harness = await createHarness({ setupTimeoutMs: 50 });
    const fixture = await harness.fixture(
      'alpha',
      pluginSource('alpha', { setupBody: 'await new Promise(() => undefined);' }),
    );
    const [status] = await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    expect(status?.status).toBe('failed');
    expect(status?.error?.code).toBe('CMZ_ERR_PLUGIN_SETUP_FAILED');
    expect(status?.error?.message).toContain('setup took longer than 50 ms');
  });
});

describe('PluginHost.reload', () => {
  it('swaps in new code and hands the old exportState to the new migrate', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    const [before] = await harness.host.start({
      plugins: [harness.entry('alpha', fixture, { options: { rounds: 3 } })],
    });
    await fixture.write({
      'src/index.ts': pluginSource('alpha', {
        version: '2.0.0',
        label: 'v2',
        extra: `migrate: (previousState: unknown, previous: { version: string }) => { migrated.push({ previousState, previous }); },
  migrated,`,
      }).replace('export default', 'const migrated: unknown[] = [];\nexport default'),
    });
    const after = await harness.host.reload('alpha');
    expect(after).toMatchObject({ name: 'alpha', status: 'active', version: '2.0.0', reloads: 1 });
    expect(after.codeVersion).not.toBe(before?.codeVersion);
    expect(harness.host.list()).toEqual([after]);
    const incoming = harness.applied.at(-1)?.[0] as Plugin & { migrated: unknown[] };
    expect(incoming.migrated).toEqual([
      { previousState: { label: 'v1', options: { rounds: 3 } }, previous: { version: '1.0.0' } },
    ]);
    expect(tagWith(harness.current(), 'alpha', 'roar')).toBe('v2:roar');
  });

  it('keeps the old version active when the new one is broken, and rejects with its error', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    const [before] = await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    await fixture.write({ 'src/index.ts': 'export default () => ({ name: "alpha", \n' });
    const error = await rejectionOf(harness.host.reload('alpha'));
    expect(error.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('"alpha"');
    const [status] = harness.host.list();
    expect(status).toMatchObject({
      status: 'active',
      version: '1.0.0',
      codeVersion: before?.codeVersion,
      reloads: 0,
    });
    expect(status?.error?.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(harness.applied).toHaveLength(1);
    expect(harness.waits).toHaveLength(0);
    expect(tagWith(harness.current(), 'alpha', 'roar')).toBe('v1:roar');
    expect(await harness.log('alpha')).toEqual(['setup:v1']);
  });

  it('disposes the new version and keeps the old one when migrate throws', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    await fixture.write({
      'src/index.ts': pluginSource('alpha', {
        label: 'v2',
        extra: `migrate: () => { throw new Error('cannot read old state'); },`,
      }),
    });
    await expect(harness.host.reload('alpha')).rejects.toSatisfy(EngineError.isInstance);
    expect(await harness.log('alpha')).toEqual(['setup:v1', 'setup:v2', 'dispose:v2']);
    expect(harness.host.list()[0]).toMatchObject({ status: 'active', version: '1.0.0' });
    expect(tagWith(harness.current(), 'alpha', 'roar')).toBe('v1:roar');
  });

  it('disposes the outgoing version only after waitForTable resolves for the old table', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    const oldTable = harness.current();
    await fixture.write({ 'src/index.ts': pluginSource('alpha', { label: 'v2' }) });
    await harness.host.reload('alpha');
    expect(harness.waits).toHaveLength(1);
    expect(harness.waits[0]?.table).toBe(oldTable);
    expect(harness.waits[0]?.timeoutMs).toBe(60_000);
    // Let any stray microtasks run: the disposer must still be waiting on the old table.
    await new Promise((resolve) => setImmediate(resolve));
    expect(await harness.log('alpha')).toEqual(['setup:v1', 'setup:v2']);
    harness.waits[0]?.release();
    await vi.waitFor(async () =>
      expect(await harness.log('alpha')).toEqual(['setup:v1', 'setup:v2', 'dispose:v1']),
    );
  });

  it('reloads a failed plugin once its code is fixed', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('alpha', 'export default () => ({ name: "alpha", \n');
    await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    await fixture.write({ 'src/index.ts': pluginSource('alpha') });
    const status = await harness.host.reload('alpha');
    expect(status).toMatchObject({ status: 'active', reloads: 1 });
    expect(status.error).toBeUndefined();
    expect(names(harness.applied.at(-1))).toEqual(['alpha']);
  });

  it('adds a new plugin from an entry, and refuses an unknown name without one', async () => {
    const harness = await createHarness();
    await harness.host.start({ plugins: [] });
    expect((await rejectionOf(harness.host.reload('alpha'))).code).toBe('CMZ_ERR_PLUGIN_NOT_FOUND');
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    const status = await harness.host.reload('alpha', harness.entry('alpha', fixture));
    expect(status).toMatchObject({ name: 'alpha', status: 'active', reloads: 0 });
  });

  it('serializes concurrent reloads: both finish and the final state is consistent', async () => {
    const harness = await createHarness();
    const slowSetup = `await record('setup-end'); await new Promise((resolve) => setTimeout(resolve, 20)); await record('settled');`;
    const fixture = await harness.fixture('alpha', pluginSource('alpha', { setupBody: slowSetup }));
    await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    await fixture.write({
      'src/index.ts': pluginSource('alpha', { label: 'v2', setupBody: slowSetup }),
    });
    const [first, second] = await Promise.all([
      harness.host.reload('alpha'),
      harness.host.reload('alpha'),
    ]);
    expect(first.reloads).toBe(1);
    expect(second.reloads).toBe(2);
    expect(second.codeVersion).toBe(first.codeVersion);
    expect(harness.host.list()).toEqual([second]);
    // One setup at a time: each runs to completion before the next starts.
    expect(await harness.log('alpha')).toEqual([
      ...['setup:v1', 'setup-end', 'settled'],
      ...['setup:v2', 'setup-end', 'settled'],
      ...['setup:v2', 'setup-end', 'settled'],
    ]);
    expect(harness.applied).toHaveLength(3);
    expect(harness.current().plugins[0]).toBe(harness.applied[2]?.[0]);
    // One release at a time: the disposers' read-modify-write of `log` would race otherwise.
    const disposals = async () =>
      (await harness.log('alpha')).filter((event) => event.startsWith('dispose'));
    expect(harness.waits).toHaveLength(2);
    harness.waits[0]?.release();
    await vi.waitFor(async () => expect(await disposals()).toEqual(['dispose:v1']));
    harness.waits[1]?.release();
    await vi.waitFor(async () => expect(await disposals()).toEqual(['dispose:v1', 'dispose:v2']));
  });

  it('recommends recycling after more distinct code versions than the reload budget', async () => {
    const harness = await createHarness({ reloadBudget: 2 });
    const fixture = await harness.fixture('alpha', pluginSource('alpha'));
    await harness.host.start({ plugins: [harness.entry('alpha', fixture)] });
    await harness.host.reload('alpha');
    expect(harness.host.recycleRecommended).toBe(false);
    await fixture.write({ 'src/index.ts': pluginSource('alpha', { label: 'v2' }) });
    await harness.host.reload('alpha');
    expect(harness.host.recycleRecommended).toBe(false);
    expect(harness.logs.some((line) => line.msg.includes('reload budget'))).toBe(false);
    await fixture.write({ 'src/index.ts': pluginSource('alpha', { label: 'v3' }) });
    await harness.host.reload('alpha');
    expect(harness.host.recycleRecommended).toBe(true);
    expect(harness.logs).toContainEqual(
      expect.objectContaining({
        level: 'warn',
        distinctVersions: 3,
        msg: 'plugin reload budget exceeded: recycle this node',
      }),
    );
  });
});

describe('PluginHost.unload', () => {
  it('is refused while an active plugin depends on it, then disposes once allowed', async () => {
    const harness = await createHarness();
    const base = await harness.fixture('alpha', pluginSource('alpha'));
    const dependent = await harness.fixture(
      'gamma',
      pluginSource('gamma', { dependsOn: ['alpha'] }),
    );
    await harness.host.start({
      plugins: [harness.entry('alpha', base), harness.entry('gamma', dependent)],
    });
    const refused = await rejectionOf(harness.host.unload('alpha'));
    expect(refused.code).toBe('CMZ_ERR_PLUGIN_DEPENDENCY_MISSING');
    expect(refused.message).toBe('Plugin "gamma" depends on "alpha", which is not loaded');
    expect(harness.host.list().map((status) => status.status)).toEqual(['active', 'active']);

    await harness.host.unload('gamma');
    expect(harness.host.list().map((status) => status.name)).toEqual(['alpha']);
    expect(names(harness.applied.at(-1))).toEqual(['alpha']);
    expect(await harness.log('gamma')).toEqual(['setup:v1']);
    harness.waits.at(-1)?.release();
    await vi.waitFor(async () =>
      expect(await harness.log('gamma')).toEqual(['setup:v1', 'dispose:v1']),
    );
    await harness.host.unload('alpha');
    expect(harness.host.list()).toEqual([]);
  });

  it('refuses an unknown plugin with CMZ_ERR_PLUGIN_NOT_FOUND', async () => {
    const harness = await createHarness();
    await harness.host.start({ plugins: [] });
    const error = await rejectionOf(harness.host.unload('nobody'));
    expect(error.code).toBe('CMZ_ERR_PLUGIN_NOT_FOUND');
    expect(error.message).toBe('No plugin "nobody" is configured');
  });

  it('removes a failed plugin without waiting for anything', async () => {
    const harness = await createHarness();
    const broken = await harness.fixture('beta', 'export default () => ({ name: "beta", \n');
    await harness.host.start({ plugins: [harness.entry('beta', broken)] });
    await harness.host.unload('beta');
    expect(harness.host.list()).toEqual([]);
    expect(harness.waits).toHaveLength(0);
  });
});

describe('PluginHost events, routes and shutdown', () => {
  const eventfulSource = `import { z } from 'zod';
export default (options: Record<string, unknown> = {}) => ({
  name: 'quiz',
  version: '1.0.0',
  hooks: {},
  web: { title: 'Quiz' },
  events: {
    answer: { schema: z.object({ choice: z.number() }), handler: (payload: { choice: number }) => ({ correct: payload.choice === 2 }) },
  },
  routes: (router: import('express').Router, context: { options: Record<string, unknown> }) => {
    router.get('/ping', (_request, response) => { response.json({ pong: context.options.greeting }); });
  },
});
`;

  it('finds an active plugin event by "<plugin>:<event>" only', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('quiz', eventfulSource);
    const [status] = await harness.host.start({ plugins: [harness.entry('quiz', fixture)] });
    expect(status?.events).toEqual(['quiz:answer']);
    expect(status?.web).toEqual({ title: 'Quiz' });
    const found = harness.host.findEvent('quiz:answer');
    expect(found?.plugin.name).toBe('quiz');
    const payload = found?.definition.schema.parse({ choice: 2 });
    expect(found?.definition.handler(payload, undefined as never)).toEqual({ correct: true });
    for (const missing of ['quiz:nothing', 'answer', ':answer', 'tour:answer', 'quiz:'])
      expect(harness.host.findEvent(missing)).toBeUndefined();
  });

  it('serves an active plugin router with its configured options', async () => {
    const harness = await createHarness();
    const fixture = await harness.fixture('quiz', eventfulSource);
    await harness.host.start({
      plugins: [harness.entry('quiz', fixture, { options: { greeting: 'hello' } })],
    });
    expect(harness.host.routerFor('nobody')).toBeUndefined();
    const router = harness.host.routerFor('quiz');
    expect(router).toBeDefined();
    const app = express();
    if (router) app.use('/api/plugins/quiz', router);
    const server = app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    cleanups.push(() => new Promise((resolve) => server.close(() => resolve())));
    const { port } = server.address() as AddressInfo;
    const response = await fetch(`http://127.0.0.1:${port}/api/plugins/quiz/ping`);
    expect(await response.json()).toEqual({ pong: 'hello' });
  });

  it('disposes every active plugin on close', async () => {
    const harness = await createHarness();
    const alpha = await harness.fixture('alpha', pluginSource('alpha'));
    const gamma = await harness.fixture('gamma', pluginSource('gamma'));
    await harness.host.start({
      plugins: [harness.entry('alpha', alpha), harness.entry('gamma', gamma)],
    });
    await harness.host.close();
    expect(await harness.log('alpha')).toEqual(['setup:v1', 'dispose:v1']);
    expect(await harness.log('gamma')).toEqual(['setup:v1', 'dispose:v1']);
    expect(harness.host.list()).toEqual([]);
  });
});
