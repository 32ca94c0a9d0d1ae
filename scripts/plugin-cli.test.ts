import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../engine/src/server/start-server.ts';
import {
  createPluginFixture,
  taggingPluginSource,
  type PluginFixture,
} from '../engine/src/testing/plugin-fixtures.ts';
import { startTestServer } from '../engine/src/testing/start-test-server.ts';
import { formatPluginStatus, parsePluginCliArguments, runPluginCli } from './plugin-cli.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const adminToken = 'a-test-admin-token-123456';

function captureOutput() {
  const out: string[] = [];
  const err: string[] = [];
  return {
    output: { log: (text: string) => out.push(text), error: (text: string) => err.push(text) },
    stdout: () => out.join('\n'),
    stderr: () => err.join('\n'),
  };
}

describe('parsePluginCliArguments', () => {
  it('reads the command, the name and the defaults', () => {
    expect(parsePluginCliArguments(['list'], {})).toEqual({
      kind: 'list',
      url: 'http://127.0.0.1:3000',
      json: false,
    });
    expect(
      parsePluginCliArguments(['reload', 'quiz', '--json'], {
        CMZ_URL: 'http://zoo:4000/',
        ADMIN_TOKEN: 'from-environment',
      }),
    ).toEqual({
      kind: 'reload',
      name: 'quiz',
      url: 'http://zoo:4000',
      token: 'from-environment',
      json: true,
    });
    expect(
      parsePluginCliArguments(['unload', 'quiz', '--url', 'https://a.b', '--token', 'flag'], {
        CMZ_URL: 'http://ignored:1',
        ADMIN_TOKEN: 'ignored',
      }),
    ).toEqual({ kind: 'unload', name: 'quiz', url: 'https://a.b', token: 'flag', json: false });
    expect(parsePluginCliArguments(['--help'], {})).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'give a command'],
    [['restart'], 'unknown command "restart"'],
    [['reload'], 'reload needs a plugin name'],
    [['list', 'quiz'], 'list takes no plugin name'],
    [['reload', 'quiz', 'tour'], 'unexpected arguments: tour'],
    [['list', '--url', 'ftp://zoo'], '--url must be an http(s) URL'],
    [['list', '--verbose'], 'Unknown option'],
  ])('refuses %j', (argv, message) => {
    const command = parsePluginCliArguments(argv, {});
    expect(command.kind).toBe('error');
    expect(command.kind === 'error' && command.message).toContain(message);
  });

  it('formats a failed plugin with its error', () => {
    expect(
      formatPluginStatus({
        name: 'voice',
        status: 'failed',
        reloads: 0,
        error: {
          code: 'CMZ_ERR_PLUGIN_LOAD_FAILED',
          message: 'Plugin "voice" could not be loaded',
        },
      }),
    ).toBe(
      'voice  failed  reloads 0  CMZ_ERR_PLUGIN_LOAD_FAILED: Plugin "voice" could not be loaded',
    );
  });
});

describe('npm run plugin against a running node', () => {
  let server: RunningServer;
  let fixture: PluginFixture;
  // The config sits inside the project: the node snapshots plugins next to it, and the snapshots
  // must resolve `@cmz/engine` through the root node_modules.
  const configDirectory = join(
    root,
    '.plugin-versions',
    `test-cli-${randomBytes(4).toString('hex')}`,
  );
  let dataDirectory: string;

  beforeAll(async () => {
    fixture = await createPluginFixture('tagger', {
      'src/index.ts': taggingPluginSource('tagger', 'v1'),
    });
    await mkdir(configDirectory, { recursive: true });
    const configFile = join(configDirectory, 'plugins.config.json');
    await writeFile(
      configFile,
      JSON.stringify({ plugins: [{ name: 'tagger', path: fixture.directory }] }),
    );
    dataDirectory = await mkdtemp(join(tmpdir(), 'cmz-plugin-cli-'));
    server = await startTestServer({
      environment: { ADMIN_TOKEN: adminToken, PLUGINS_CONFIG: configFile },
    });
  });

  afterAll(async () => {
    await server?.close();
    await fixture?.remove();
    await rm(configDirectory, { recursive: true, force: true });
    if (dataDirectory) await rm(dataDirectory, { recursive: true, force: true });
  });

  const run = async (argv: string[], env: Record<string, string | undefined> = {}) => {
    const captured = captureOutput();
    const code = await runPluginCli([...argv, '--url', server.url], {
      fetch,
      env,
      output: captured.output,
      cwd: root,
    });
    return { code, stdout: captured.stdout(), stderr: captured.stderr() };
  };

  it('lists, reloads to a new code version and unloads', async () => {
    const listed = await run(['list']);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toMatch(
      /^tagger {2}active {2}1\.0\.0 {2}code [0-9a-f]{12} {2}reloads 0$/,
    );

    const before = JSON.parse((await run(['list', '--json'])).stdout);
    const firstCodeVersion = before.plugins[0].codeVersion as string;
    expect(before.recycleRecommended).toBe(false);

    await fixture.write({ 'src/index.ts': taggingPluginSource('tagger', 'v2') });
    const reloaded = await run(['reload', 'tagger', '--json'], { ADMIN_TOKEN: adminToken });
    expect(reloaded.code, reloaded.stderr).toBe(0);
    const { plugin } = JSON.parse(reloaded.stdout);
    expect(plugin).toMatchObject({
      name: 'tagger',
      status: 'active',
      version: '2.0.0',
      reloads: 1,
    });
    expect(plugin.codeVersion).not.toBe(firstCodeVersion);

    const after = await run(['list']);
    expect(after.stdout).toContain(`tagger  active  2.0.0  code ${plugin.codeVersion}  reloads 1`);

    const unloaded = await run(['unload', 'tagger', '--token', adminToken]);
    expect(unloaded).toMatchObject({ code: 0, stdout: 'unloaded tagger' });
    expect((await run(['list'])).stdout).toBe('no plugins configured');

    const missing = await run(['reload', 'tagger'], { ADMIN_TOKEN: adminToken });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('CMZ_ERR_PLUGIN_NOT_FOUND: No plugin "tagger" is configured');
  });

  it('exits 1 with the server code when the token is wrong', async () => {
    const refused = await run(['reload', 'tagger', '--token', 'not-the-admin-token-0000']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('CMZ_ERR_AUTH_FORBIDDEN');
    expect(refused.stdout).toBe('');
  });

  it('reads the admin token the node stored in DATA_DIR', async () => {
    await writeFile(join(dataDirectory, 'admin-token'), `${adminToken}\n`);
    const refusedOnlyByName = await run(['unload', 'nothing-here'], { DATA_DIR: dataDirectory });
    // Past the admin check (a wrong token would be CMZ_ERR_AUTH_FORBIDDEN).
    expect(refusedOnlyByName.stderr).toContain('CMZ_ERR_PLUGIN_NOT_FOUND');
    const noToken = await run(['unload', 'nothing-here'], {
      DATA_DIR: join(dataDirectory, 'none'),
    });
    expect(noToken.code).toBe(2);
    expect(noToken.stderr).toContain('no admin token');
  });

  it('exits 1 when no node answers', async () => {
    const captured = captureOutput();
    const code = await runPluginCli(['list', '--url', 'http://127.0.0.1:9'], {
      fetch,
      env: {},
      output: captured.output,
    });
    expect(code).toBe(1);
    expect(captured.stderr()).toContain('could not reach http://127.0.0.1:9/api/plugins');
  });
});

describe('the plugin script', () => {
  it('prints usage and exits 2 on a usage error when run through tsx', () => {
    const result = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(root, 'scripts/plugin-cli.ts'), 'restart'],
      { cwd: root, encoding: 'utf8', timeout: 30_000 },
    );
    expect(result.status, result.stderr).toBe(2);
    expect(result.stderr).toContain('unknown command "restart"');
    expect(result.stderr).toContain('Usage: npm run plugin -- <command> [name]');
  });
});
