import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { parsePluginConfig, readPluginConfig } from './plugin-config.ts';

/** The coded error an action throws (sync or async), so tests can check code and message. */
async function errorOf(action: () => unknown): Promise<EngineError> {
  try {
    await action();
  } catch (error) {
    if (EngineError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected the action to throw');
}

describe('parsePluginConfig', () => {
  it('fills defaults: options {} and enabled true', () => {
    const config = parsePluginConfig({ plugins: [{ name: 'quiz', path: 'plugins/quiz' }] });
    expect(config.plugins).toEqual([
      { name: 'quiz', path: 'plugins/quiz', options: {}, enabled: true },
    ]);
  });

  it('treats a missing plugins list as no plugins', () => {
    expect(parsePluginConfig({})).toEqual({ plugins: [] });
  });

  it('keeps options, scope and an explicit enabled false', () => {
    const entry = {
      name: 'tour-guide2',
      package: '@cmz/plugin-tour',
      options: { stops: 3 },
      scope: { animals: ['leo', 'snow_leopard-1'], roomTypes: ['tour', 'school'] },
      enabled: false,
    };
    expect(parsePluginConfig({ plugins: [entry] }).plugins[0]).toEqual(entry);
  });

  it('requires exactly one of path or package', async () => {
    const both = await errorOf(() =>
      parsePluginConfig({ plugins: [{ name: 'quiz', path: 'a', package: 'b' }] }),
    );
    expect(both.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(both.message).toContain('plugins.0');
    expect(both.message).toContain('exactly one of "path" or "package"');
    const neither = await errorOf(() => parsePluginConfig({ plugins: [{ name: 'quiz' }] }));
    expect(neither.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(neither.message).toContain('exactly one of "path" or "package"');
  });

  it.each([
    ['Quiz', 'uppercase'],
    ['1quiz', 'leading digit'],
    ['core:persona', 'reserved core prefix'],
    ['quiz_game', 'underscore'],
    ['', 'empty'],
  ])('rejects the name %j (%s) and names the field', async (name) => {
    const error = await errorOf(() => parsePluginConfig({ plugins: [{ name, path: 'p' }] }));
    expect(error.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(error.message).toContain('plugins.0.name');
  });

  it('names the second entry when only it is invalid', async () => {
    const error = await errorOf(() =>
      parsePluginConfig({
        plugins: [
          { name: 'quiz', path: 'p' },
          { name: 'voice', path: '' },
        ],
      }),
    );
    expect(error.message).toContain('plugins.1.path');
  });

  it('rejects an invalid animal id in scope and names the field', async () => {
    const error = await errorOf(() =>
      parsePluginConfig({
        plugins: [{ name: 'quiz', path: 'p', scope: { animals: ['leo cat'] } }],
      }),
    );
    expect(error.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(error.message).toContain('plugins.0.scope.animals.0');
  });

  it('rejects an unknown room type in scope and names the field', async () => {
    const error = await errorOf(() =>
      parsePluginConfig({ plugins: [{ name: 'quiz', path: 'p', scope: { roomTypes: ['zoo'] } }] }),
    );
    expect(error.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(error.message).toContain('plugins.0.scope.roomTypes.0');
  });

  it('rejects non-object options and a non-boolean enabled', async () => {
    const options = await errorOf(() =>
      parsePluginConfig({ plugins: [{ name: 'quiz', path: 'p', options: [1] }] }),
    );
    expect(options.message).toContain('plugins.0.options');
    const enabled = await errorOf(() =>
      parsePluginConfig({ plugins: [{ name: 'quiz', path: 'p', enabled: 'yes' }] }),
    );
    expect(enabled.message).toContain('plugins.0.enabled');
  });

  it('puts the source in the message', async () => {
    const error = await errorOf(() => parsePluginConfig({ plugins: 'all' }, 'deploy.json'));
    expect(error.message).toContain('deploy.json plugins');
  });
});

describe('readPluginConfig', () => {
  let directory: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'cmz-plugin-config-'));
  });

  afterAll(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('reads a missing file as no plugins', async () => {
    expect(await readPluginConfig(join(directory, 'absent.json'))).toEqual({ plugins: [] });
  });

  it('reads and validates a file', async () => {
    const file = join(directory, 'good.json');
    await writeFile(file, JSON.stringify({ plugins: [{ name: 'quiz', path: 'plugins/quiz' }] }));
    expect(await readPluginConfig(file)).toEqual({
      plugins: [{ name: 'quiz', path: 'plugins/quiz', options: {}, enabled: true }],
    });
  });

  it('turns invalid JSON into CMZ_ERR_CONFIG_INVALID naming the file', async () => {
    const file = join(directory, 'broken.json');
    await writeFile(file, '{ "plugins": [ ');
    const error = await errorOf(() => readPluginConfig(file));
    expect(error.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(error.message).toContain(file);
  });

  it('names the file and the field when the JSON is valid but the config is not', async () => {
    const file = join(directory, 'invalid.json');
    await writeFile(file, JSON.stringify({ plugins: [{ name: 'Quiz', path: 'p' }] }));
    const error = await errorOf(() => readPluginConfig(file));
    expect(error.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(error.message).toContain(`${file} plugins.0.name`);
  });

  it('passes other read failures through unchanged (a directory is not a config file)', async () => {
    await expect(readPluginConfig(directory)).rejects.toMatchObject({ code: 'EISDIR' });
  });
});
