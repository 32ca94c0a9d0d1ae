import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { checkPlugin, loadPlugin } from '../engine/src/plugins/plugin-loader.ts';
import {
  checkPluginName,
  parseNewPluginArguments,
  runNewPlugin,
  type CommandOutput,
} from './new-plugin.ts';
import { pluginNames } from './plugin-templates.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const suffix = randomBytes(4).toString('hex');
// Inside plugins/ so `@cmz/engine`, `zod` and `vitest` resolve through the root node_modules; the
// prefix makes a leftover recognisable (the root vitest config would collect its test).
const name = `zz-scaffold-${suffix}`;
const scaffold = join(root, 'plugins', name);
const snapshotRoot = join(root, '.plugin-versions', `test-${suffix}`);
const outside: string[] = [];

afterAll(async () => {
  await rm(scaffold, { recursive: true, force: true });
  await rm(snapshotRoot, { recursive: true, force: true });
  for (const directory of outside) await rm(directory, { recursive: true, force: true });
});

function captureOutput(): CommandOutput & { text: () => string } {
  const lines: string[] = [];
  return {
    log: (text) => lines.push(text),
    error: (text) => lines.push(text),
    text: () => lines.join('\n'),
  };
}

describe('npm run new-plugin', () => {
  it('scaffolds a plugin whose own test passes and which the real loader accepts', async () => {
    const output = captureOutput();
    expect(await runNewPlugin([name], { root, output })).toBe(0);
    expect(output.text()).toContain(`"name": "${name}", "path": "plugins/${name}"`);
    expect(output.text()).toContain(`npx vitest run plugins/${name}`);

    const manifest = JSON.parse(await readFile(join(scaffold, 'package.json'), 'utf8'));
    expect(manifest).toMatchObject({
      name: `@cmz/plugin-${name}`,
      version: '0.1.0',
      private: true,
      type: 'module',
      exports: './src/index.ts',
    });
    for (const file of ['README.md', 'src/index.ts', 'src/errors.ts', 'src/index.test.ts'])
      expect((await stat(join(scaffold, file))).isFile()).toBe(true);
    const errors = await readFile(join(scaffold, 'src/errors.ts'), 'utf8');
    expect(errors).toContain(`CMZ_ERR_${pluginNames(name).constant}_NOT_JOINED`);

    const environment = Object.fromEntries(
      Object.entries(process.env).filter(([key]) => !key.startsWith('VITEST')),
    );
    const run = spawnSync(
      process.execPath,
      [
        join(root, 'node_modules/vitest/vitest.mjs'),
        'run',
        '--root',
        root,
        '--coverage.enabled=false',
        `plugins/${name}`,
      ],
      { cwd: root, encoding: 'utf8', env: { ...environment, NO_COLOR: '1' }, timeout: 90_000 },
    );
    const report = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
    expect(run.status, report).toBe(0);
    expect(report).toMatch(/Tests\s+[1-9]\d* passed/);
    expect(report).not.toMatch(/failed/i);

    const loaded = await loadPlugin(
      { name, path: `plugins/${name}`, options: { promptLine: 'Be brief.' }, enabled: true },
      { baseDirectory: root, snapshotRoot, engineVersion: '0.1.0' },
    );
    expect(() => checkPlugin(name, loaded.plugin, '0.1.0')).not.toThrow();
    expect(loaded.plugin).toMatchObject({ name, version: '0.1.0', engine: '^0.1.0' });
    expect(Object.keys(loaded.plugin.events ?? {})).toEqual(['hello']);
    expect(typeof loaded.plugin.routes).toBe('function');
    expect(loaded.codeVersion).toMatch(/^[0-9a-f]{12}$/);
  }, 120_000);

  it('refuses a directory that already exists', async () => {
    const output = captureOutput();
    expect(await runNewPlugin(['quiz'], { root, output })).toBe(2);
    expect(output.text()).toContain(`${join(root, 'plugins', 'quiz')} already exists`);
  });

  it('scaffolds into --directory, resolved from the working directory', async () => {
    const parent = await mkdtemp(join(tmpdir(), 'cmz-new-plugin-'));
    outside.push(parent);
    const output = captureOutput();
    const code = await runNewPlugin(['keeper-notes', '--directory', 'keeper-notes'], {
      root,
      cwd: parent,
      output,
    });
    expect(code).toBe(0);
    const index = await readFile(join(parent, 'keeper-notes/src/index.ts'), 'utf8');
    expect(index).toContain("name: 'keeper-notes'");
    expect(index).toContain("'keeper-notes:hello'");
    expect(output.text()).toContain('--root');
  });

  it.each([
    ['Fun_Fact', 'lowercase letters'],
    ['1fact', 'starting with a letter'],
    ['fun--fact', 'single dashes'],
    ['fun-fact-', 'single dashes'],
    ['core', 'reserved'],
    ['session', 'collide'],
    ['a'.repeat(41), 'at most 40'],
  ])('refuses the name %j with exit code 2', async (invalidName, reason) => {
    const output = captureOutput();
    expect(await runNewPlugin([invalidName], { root, output })).toBe(2);
    expect(output.text()).toContain(reason);
    expect(checkPluginName(invalidName)).toContain(reason);
  });

  it('accepts names the engine accepts', () => {
    for (const valid of ['quiz', 'fun-fact', 'tour2', 'keeper-notes-v2'])
      expect(checkPluginName(valid)).toBeUndefined();
  });

  it('parses its arguments and explains usage errors', async () => {
    expect(parseNewPluginArguments(['fun-fact'])).toEqual({ kind: 'create', name: 'fun-fact' });
    expect(parseNewPluginArguments(['fun-fact', '--directory', 'x/y'])).toEqual({
      kind: 'create',
      name: 'fun-fact',
      directory: 'x/y',
    });
    expect(parseNewPluginArguments(['--help'])).toEqual({ kind: 'help' });
    expect(parseNewPluginArguments([])).toMatchObject({ kind: 'error' });
    expect(parseNewPluginArguments(['a', 'b'])).toMatchObject({ kind: 'error' });
    expect(parseNewPluginArguments(['a', '--colour'])).toMatchObject({ kind: 'error' });

    const output = captureOutput();
    expect(await runNewPlugin([], { root, output })).toBe(2);
    expect(output.text()).toContain('Usage: npm run new-plugin');
    const help = captureOutput();
    expect(await runNewPlugin(['-h'], { root, output: help })).toBe(0);
    expect(help.text()).toContain('--directory');
  });
});
