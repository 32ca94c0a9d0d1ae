import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import {
  createPluginFixture,
  taggingPluginSource,
  type PluginFixture,
} from '../testing/plugin-fixtures.ts';
import type { PluginEntry } from './plugin-config.ts';
import { checkPlugin, loadPlugin, type LoadedPlugin } from './plugin-loader.ts';
import type { Plugin, ReplyChunk } from './plugin-types.ts';

const fixtures: PluginFixture[] = [];

afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.remove();
});

async function fixtureWith(name: string, files: Record<string, string>): Promise<PluginFixture> {
  const fixture = await createPluginFixture(name, files);
  fixtures.push(fixture);
  return fixture;
}

function pathEntry(name: string, fixture: PluginFixture, options = {}): PluginEntry {
  return { name, path: fixture.directory, options, enabled: true };
}

function load(entry: PluginEntry, fixture: PluginFixture): Promise<LoadedPlugin> {
  return loadPlugin(entry, {
    baseDirectory: '/',
    snapshotRoot: fixture.snapshotRoot,
    engineVersion: '0.1.0',
  });
}

/** Runs the plugin's `transformChunk` on one word and returns the text it produced. */
function tag(plugin: Plugin, text: string): string | undefined {
  const hook = plugin.hooks.transformChunk;
  const handler = typeof hook === 'function' ? hook : hook?.handler;
  const chunk: ReplyChunk = { type: 'text-delta', text };
  return (handler?.(chunk, undefined as never) as ReplyChunk | undefined)?.text;
}

async function loadError(entry: PluginEntry, fixture: PluginFixture): Promise<EngineError> {
  try {
    await load(entry, fixture);
  } catch (error) {
    if (EngineError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected loadPlugin to fail');
}

/** A plugin module whose factory returns `body` (a JS object expression or statements). */
function factorySource(body: string, exportLine = 'export default'): string {
  return `${exportLine} (options: Record<string, unknown> = {}) => {\n${body}\n};\n`;
}

describe('loadPlugin from a path', () => {
  it('loads a good plugin and calls its factory with the configured options', async () => {
    const fixture = await fixtureWith('greeter', {
      'src/index.ts': taggingPluginSource('greeter', 'v1'),
    });
    const loaded = await load(pathEntry('greeter', fixture, { level: 3 }), fixture);
    expect(loaded.plugin.name).toBe('greeter');
    expect(loaded.plugin.version).toBe('1.0.0');
    expect(loaded.codeVersion).toMatch(/^[0-9a-f]{12}$/);
    expect(loaded.directory).toBe(fixture.directory);
    expect(loaded.plugin.exportState?.()).toEqual({ label: 'v1', options: { level: 3 } });
    expect(tag(loaded.plugin, 'roar')).toBe('v1:roar');
  });

  it('resolves a relative path against the base directory', async () => {
    const fixture = await fixtureWith('greeter', {
      'src/index.ts': taggingPluginSource('greeter', 'v1'),
    });
    const loaded = await loadPlugin(
      { name: 'greeter', path: 'greeter', options: {}, enabled: true },
      {
        baseDirectory: join(fixture.directory, '..'),
        snapshotRoot: fixture.snapshotRoot,
        engineVersion: '0.1.0',
      },
    );
    expect(loaded.directory).toBe(fixture.directory);
  });

  it('accepts an async factory exported as createPlugin', async () => {
    const fixture = await fixtureWith('named', {
      'src/index.ts': `export async function createPlugin(options: Record<string, unknown>) {
        return { name: 'named', version: '3.1.0', hooks: {}, exportState: () => options };
      }\n`,
    });
    const loaded = await load(pathEntry('named', fixture, { colour: 'green' }), fixture);
    expect(loaded.plugin.version).toBe('3.1.0');
    expect(loaded.plugin.exportState?.()).toEqual({ colour: 'green' });
  });

  it('uses the package.json main when there is no exports field', async () => {
    const fixture = await fixtureWith('mainfield', {
      'package.json': JSON.stringify({ name: 'x', type: 'module', main: 'lib/entry.ts' }),
      'lib/entry.ts': taggingPluginSource('mainfield', 'v1'),
    });
    expect((await load(pathEntry('mainfield', fixture), fixture)).plugin.name).toBe('mainfield');
  });

  it('picks up a changed child module after a reload (fresh module graph per version)', async () => {
    const fixture = await fixtureWith('labelled', {
      'src/label.ts': `export const label = 'first';\n`,
      'src/index.ts': `import { label } from './label.ts';
export default () => ({
  name: 'labelled',
  version: '1.0.0',
  hooks: { transformChunk: (chunk: { type: 'text-delta'; text: string }) => ({ ...chunk, text: label + ':' + chunk.text }) },
});\n`,
    });
    const first = await load(pathEntry('labelled', fixture), fixture);
    expect(tag(first.plugin, 'hop')).toBe('first:hop');
    await fixture.write({ 'src/label.ts': `export const label = 'second';\n` });
    const second = await load(pathEntry('labelled', fixture), fixture);
    expect(second.codeVersion).not.toBe(first.codeVersion);
    expect(tag(second.plugin, 'hop')).toBe('second:hop');
    // The outgoing version keeps its own graph: replies in flight still see the old label.
    expect(tag(first.plugin, 'hop')).toBe('first:hop');
  });

  it('imports the type-stripped JavaScript of the snapshot, with unchanged line numbers', async () => {
    const fixture = await fixtureWith('stripped', {
      'src/where.ts': `export const whereUrl: string = import.meta.url;
export const stackLine = (): string | undefined => new Error('here').stack?.split('\\n')[1];\n`,
      'src/index.ts': `import { stackLine, whereUrl } from './where.ts';
export default (options: Record<string, unknown> = {}) => ({
  name: 'stripped',
  version: '1.0.0',
  hooks: {},
  exportState: () => ({ entryUrl: import.meta.url, whereUrl, stackLine: stackLine(), options }),
});\n`,
    });
    const loaded = await load(pathEntry('stripped', fixture), fixture);
    const state = loaded.plugin.exportState?.() as Record<string, string>;
    expect(state.entryUrl).toMatch(/\/src\/index\.js$/);
    expect(state.whereUrl).toMatch(/\/src\/where\.js$/);
    // Types were replaced by spaces, so the error still points at its line and column in the source.
    const column = "export const stackLine = (): string | undefined => new Error('here')".indexOf(
      'new',
    );
    expect(state.stackLine).toMatch(new RegExp(`where\\.js:2:${column + 1}\\)?$`));
  });

  it('loads a plugin that uses an enum (transformed, not only stripped)', async () => {
    const fixture = await fixtureWith('moody', {
      'src/mood.ts': `export enum Mood { Calm = 'calm', Hungry = 'hungry' }\n`,
      'src/index.ts': `import { Mood } from './mood.ts';
export default () => ({ name: 'moody', version: '1.0.0', hooks: {}, exportState: () => Mood.Hungry });\n`,
    });
    const loaded = await load(pathEntry('moody', fixture), fixture);
    expect(loaded.plugin.exportState?.()).toBe('hungry');
  });

  it('reuses the cached module for unchanged code, but calls the factory again', async () => {
    const fixture = await fixtureWith('cached', {
      'src/index.ts': `let calls = 0;
export default () => { calls += 1; return { name: 'cached', version: '1.0.0', hooks: {}, exportState: () => calls }; };\n`,
    });
    const first = await load(pathEntry('cached', fixture), fixture);
    const second = await load(pathEntry('cached', fixture), fixture);
    expect(second.codeVersion).toBe(first.codeVersion);
    expect(second.plugin).not.toBe(first.plugin);
    // Module state is shared because the same snapshot maps to the same module instance.
    expect(second.plugin.exportState?.()).toBe(2);
  });

  it('reports a syntax error as CMZ_ERR_PLUGIN_LOAD_FAILED naming the plugin', async () => {
    const fixture = await fixtureWith('broken', {
      'src/index.ts': 'export default () => ({ name: "broken", \n',
    });
    const error = await loadError(pathEntry('broken', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('"broken"');
    expect(error.cause).toBeDefined();
  });

  it('reports a syntax error in an imported child module as CMZ_ERR_PLUGIN_LOAD_FAILED', async () => {
    const fixture = await fixtureWith('halfbroken', {
      'src/child.ts': 'export const = ;\n',
      'src/index.ts': `import './child.ts';\n${taggingPluginSource('halfbroken', 'v1')}`,
    });
    const error = await loadError(pathEntry('halfbroken', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('"halfbroken"');
  });

  it('reports an import of a missing package as CMZ_ERR_PLUGIN_LOAD_FAILED', async () => {
    const fixture = await fixtureWith('needy', {
      'src/index.ts': `import 'cmz-definitely-missing-package';\n${taggingPluginSource('needy', 'v1')}`,
    });
    const error = await loadError(pathEntry('needy', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('"needy"');
    expect(error.message).toContain('cmz-definitely-missing-package');
  });

  it('reports a missing plugin directory as CMZ_ERR_PLUGIN_LOAD_FAILED', async () => {
    const fixture = await fixtureWith('gone', { 'src/index.ts': '' });
    const entry = { ...pathEntry('gone', fixture), path: join(fixture.directory, 'nowhere') };
    expect((await loadError(entry, fixture)).code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
  });

  it('reports a module without a factory as CMZ_ERR_PLUGIN_INVALID', async () => {
    const fixture = await fixtureWith('nofactory', {
      'src/index.ts': `export const plugin = { name: 'nofactory', version: '1.0.0', hooks: {} };\n`,
    });
    const error = await loadError(pathEntry('nofactory', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_INVALID');
    expect(error.message).toContain('"nofactory"');
    expect(error.message).toContain('no factory');
  });

  it('reports a factory that throws as CMZ_ERR_PLUGIN_LOAD_FAILED with its first line', async () => {
    const fixture = await fixtureWith('thrower', {
      'src/index.ts': factorySource(
        `throw new RangeError('no questions configured\\nsecond line');`,
      ),
    });
    const error = await loadError(pathEntry('thrower', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('RangeError: no questions configured');
    expect(error.message).not.toContain('second line');
  });

  it('reports a factory that returns nothing as CMZ_ERR_PLUGIN_INVALID', async () => {
    const fixture = await fixtureWith('empty', { 'src/index.ts': factorySource('return null;') });
    const error = await loadError(pathEntry('empty', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_INVALID');
    expect(error.message).toContain('no plugin object');
  });

  it('reports a plugin with another name than configured as CMZ_ERR_PLUGIN_INVALID', async () => {
    const fixture = await fixtureWith('alias', {
      'src/index.ts': taggingPluginSource('impostor', 'v1'),
    });
    const error = await loadError(pathEntry('alias', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_INVALID');
    expect(error.message).toContain('"impostor"');
  });

  it('reports a core: name as CMZ_ERR_PLUGIN_INVALID', async () => {
    const fixture = await fixtureWith('sneaky', {
      'src/index.ts': factorySource(
        `return { name: 'core:persona', version: '1.0.0', hooks: {} };`,
      ),
    });
    // Even when the entry itself carries the reserved name (the config schema would refuse it).
    const error = await loadError(pathEntry('core:persona', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_INVALID');
    expect(error.message).toContain('reserved');
  });

  it('reports an unsatisfied engine range as CMZ_ERR_PLUGIN_ENGINE_MISMATCH', async () => {
    const fixture = await fixtureWith('future', {
      'src/index.ts': factorySource(
        `return { name: 'future', version: '1.0.0', engine: '^9.0.0', hooks: {} };`,
      ),
    });
    const error = await loadError(pathEntry('future', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_ENGINE_MISMATCH');
    expect(error.message).toBe('Plugin "future" needs engine ^9.0.0; this engine is 0.1.0');
  });

  it.each([
    ['an unknown hook', `{ onBogus: () => undefined }`, 'unknown hook "onBogus"'],
    ['a hook without a handler', `{ transformChunk: { order: 'pre' } }`, 'has no handler'],
  ])('reports %s as CMZ_ERR_PLUGIN_INVALID', async (_label, hooks, reason) => {
    const fixture = await fixtureWith('hooky', {
      'src/index.ts': factorySource(`return { name: 'hooky', version: '1.0.0', hooks: ${hooks} };`),
    });
    const error = await loadError(pathEntry('hooky', fixture), fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_INVALID');
    expect(error.message).toContain(reason);
  });

  it('does not check dependencies (the host checks them against the whole set)', async () => {
    const fixture = await fixtureWith('dependent', {
      'src/index.ts': factorySource(
        `return { name: 'dependent', version: '1.0.0', dependsOn: ['elsewhere'], hooks: {} };`,
      ),
    });
    const loaded = await load(pathEntry('dependent', fixture), fixture);
    expect(loaded.plugin.dependsOn).toEqual(['elsewhere']);
  });
});

describe('loadPlugin from a package', () => {
  // `import(entry.package)` takes any ESM specifier: a bare package name, but also an absolute
  // file path or a file URL, which lets a test point a package entry at a fixture.
  it.each([
    ['an absolute file path', (file: string) => file],
    ['a file URL', (file: string) => pathToFileURL(file).href],
  ])('loads a module given as %s, without snapshotting it', async (_label, specifier) => {
    const fixture = await fixtureWith('packaged', {
      'src/index.ts': taggingPluginSource('packaged', 'v1'),
    });
    const entry: PluginEntry = {
      name: 'packaged',
      package: specifier(join(fixture.directory, 'src/index.ts')),
      options: { a: 1 },
      enabled: true,
    };
    const loaded = await load(entry, fixture);
    expect(loaded.plugin.exportState?.()).toEqual({ label: 'v1', options: { a: 1 } });
    // Not a package name, so there is no `<name>/package.json` to read a version from.
    expect(loaded.codeVersion).toBe('package:unknown');
    expect(loaded.directory).toBeUndefined();
  });

  it('reports a package that is not installed as CMZ_ERR_PLUGIN_LOAD_FAILED', async () => {
    const fixture = await fixtureWith('absent', { 'src/index.ts': '' });
    const entry: PluginEntry = {
      name: 'absent',
      package: 'cmz-definitely-missing-package',
      options: {},
      enabled: true,
    };
    const error = await loadError(entry, fixture);
    expect(error.code).toBe('CMZ_ERR_PLUGIN_LOAD_FAILED');
    expect(error.message).toContain('Plugin "absent" could not be loaded');
    expect(error.message).toContain('cmz-definitely-missing-package');
  });
});

describe('checkPlugin', () => {
  const valid: Plugin = { name: 'quiz', version: '1.0.0', hooks: {} };

  it('accepts a valid plugin and a satisfied prerelease-aware range', () => {
    expect(() => checkPlugin('quiz', valid, '0.1.0')).not.toThrow();
    expect(() =>
      checkPlugin('quiz', { ...valid, engine: '>=0.1.0' }, '0.2.0-beta.1'),
    ).not.toThrow();
  });

  it('rejects a missing version with CMZ_ERR_PLUGIN_INVALID', () => {
    expect(() => checkPlugin('quiz', { ...valid, version: '' }, '0.1.0')).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_PLUGIN_INVALID' }),
    );
  });
});
