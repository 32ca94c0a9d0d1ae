import { lstat, readdir, readFile, readlink, realpath, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createPluginFixture, type PluginFixture } from '../testing/plugin-fixtures.ts';
import { hashDirectory, snapshotDirectory, snapshotEntryFile } from './plugin-snapshot.ts';
import { transpilerVersion } from './plugin-transpile.ts';

const fixtures: PluginFixture[] = [];

async function fixtureWith(files: Record<string, string>): Promise<PluginFixture> {
  const fixture = await createPluginFixture('snap', files);
  fixtures.push(fixture);
  return fixture;
}

/** The snapshot directory name of a code version. */
const versionDirectory = (codeVersion: string | undefined) => `${codeVersion}-${transpilerVersion}`;

afterEach(async () => {
  for (const fixture of fixtures.splice(0)) await fixture.remove();
});

describe('hashDirectory', () => {
  it('is 12 hex characters and stable for the same content', async () => {
    const fixture = await fixtureWith({ 'src/index.ts': 'export default 1;\n' });
    const first = await hashDirectory(fixture.directory);
    expect(first).toMatch(/^[0-9a-f]{12}$/);
    expect(await hashDirectory(fixture.directory)).toBe(first);
  });

  it('changes when a file changes, is added or is renamed', async () => {
    const fixture = await fixtureWith({ 'src/index.ts': 'export default 1;\n' });
    const original = await hashDirectory(fixture.directory);
    await fixture.write({ 'src/index.ts': 'export default 2;\n' });
    const changed = await hashDirectory(fixture.directory);
    expect(changed).not.toBe(original);
    await fixture.write({ 'src/extra.ts': '' });
    const added = await hashDirectory(fixture.directory);
    expect(added).not.toBe(changed);
  });

  it('counts paths, not only contents: the same bytes under another name differ', async () => {
    const first = await fixtureWith({ 'src/a.ts': 'same' });
    const second = await fixtureWith({ 'src/b.ts': 'same' });
    expect(await hashDirectory(first.directory)).not.toBe(await hashDirectory(second.directory));
  });

  it('ignores node_modules, .git and coverage', async () => {
    const fixture = await fixtureWith({ 'src/index.ts': 'export default 1;\n' });
    const clean = await hashDirectory(fixture.directory);
    await fixture.write({
      'node_modules/left-pad/index.js': 'module.exports = 1;',
      '.git/HEAD': 'ref: refs/heads/main',
      'coverage/lcov.info': 'TN:',
    });
    expect(await hashDirectory(fixture.directory)).toBe(clean);
  });
});

describe('snapshotDirectory', () => {
  it('maps the same content to the same snapshot and copies it only once', async () => {
    const fixture = await fixtureWith({ 'src/index.ts': 'export default 1;\n' });
    const first = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect(first.snapshot).toBe(
      join(fixture.snapshotRoot, 'snap', versionDirectory(first.codeVersion)),
    );
    expect(await readFile(join(first.snapshot, 'src/index.js'), 'utf8')).toBe(
      'export default 1;\n',
    );
    // A marker survives only if the second call reuses the directory instead of copying again.
    await writeFile(join(first.snapshot, 'marker'), 'kept');
    const second = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect(second).toEqual(first);
    expect(await readFile(join(second.snapshot, 'marker'), 'utf8')).toBe('kept');
    expect(await readdir(join(fixture.snapshotRoot, 'snap'))).toEqual([
      versionDirectory(first.codeVersion),
    ]);
  });

  it('makes a new snapshot for changed code and leaves the old one intact', async () => {
    const fixture = await fixtureWith({ 'src/index.ts': 'export default 1;\n' });
    const first = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    await fixture.write({ 'src/index.ts': 'export default 2;\n' });
    const second = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect(second.codeVersion).not.toBe(first.codeVersion);
    expect(second.codeVersion).toBe(await hashDirectory(fixture.directory));
    expect(await readFile(join(first.snapshot, 'src/index.js'), 'utf8')).toBe(
      'export default 1;\n',
    );
    expect(await readFile(join(second.snapshot, 'src/index.js'), 'utf8')).toBe(
      'export default 2;\n',
    );
    expect((await readdir(join(fixture.snapshotRoot, 'snap'))).sort()).toEqual(
      [versionDirectory(first.codeVersion), versionDirectory(second.codeVersion)].sort(),
    );
  });

  it('copies neither .git nor coverage, and links the plugin-own node_modules', async () => {
    const fixture = await fixtureWith({
      'src/index.ts': 'export default 1;\n',
      '.git/HEAD': 'ref: refs/heads/main',
      'coverage/lcov.info': 'TN:',
      'node_modules/left-pad/index.js': 'module.exports = 1;',
    });
    const { snapshot } = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect((await readdir(snapshot)).sort()).toEqual(['node_modules', 'package.json', 'src']);
    const link = join(snapshot, 'node_modules');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(join(fixture.directory, 'node_modules'));
    // Through the link, the plugin's own dependency is readable (it was linked, not copied).
    expect(await readFile(join(link, 'left-pad/index.js'), 'utf8')).toBe('module.exports = 1;');
    expect(await realpath(link)).toBe(await realpath(join(fixture.directory, 'node_modules')));
  });

  it('adds no node_modules link when the plugin has none', async () => {
    const fixture = await fixtureWith({ 'src/index.ts': 'export default 1;\n' });
    const { snapshot } = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect((await readdir(snapshot)).sort()).toEqual(['package.json', 'src']);
  });

  it('lets concurrent snapshots of one version all succeed into a single directory', async () => {
    const fixture = await fixtureWith({
      'src/index.ts': 'export default 1;\n',
      'src/data.json': JSON.stringify({ rows: Array.from({ length: 2_000 }, (_, i) => i) }),
    });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => snapshotDirectory(fixture.directory, fixture.snapshotRoot)),
    );
    const [first] = results;
    for (const result of results) expect(result).toEqual(first);
    // No half-copied staging directory may be left behind next to the snapshot.
    expect(await readdir(join(fixture.snapshotRoot, 'snap'))).toEqual([
      versionDirectory(first?.codeVersion),
    ]);
    expect(await readFile(join(first?.snapshot ?? '', 'src/data.json'), 'utf8')).toContain('1999');
  });

  it('holds JavaScript: types stripped in place, relative imports rewritten, originals gone', async () => {
    const fixture = await fixtureWith({
      'src/index.ts': `import { label } from './label.ts';\nimport data from './data.json' with { type: 'json' };\nexport const tag = (text: string): string => label + text;\n`,
      'src/label.ts': `export const label: string = 'a';\n`,
      'src/worker.mts': `export * from './label.ts';\n`,
      'src/types.d.ts': `export type Tag = string;\n`,
      'src/data.json': '{"rows":[1]}',
      'README.md': '# snap',
    });
    const { snapshot, codeVersion } = await snapshotDirectory(
      fixture.directory,
      fixture.snapshotRoot,
    );
    // The hash still covers the original TypeScript sources.
    expect(codeVersion).toBe(await hashDirectory(fixture.directory));
    expect((await readdir(join(snapshot, 'src'))).sort()).toEqual([
      'data.json',
      'index.js',
      'label.js',
      'types.d.ts',
      'worker.mjs',
    ]);
    expect(await readFile(join(snapshot, 'src/index.js'), 'utf8')).toBe(
      `import { label } from './label.js';\nimport data from './data.json' with { type: 'json' };\nexport const tag = (text        )         => label + text;\n`,
    );
    expect(await readFile(join(snapshot, 'src/worker.mjs'), 'utf8')).toBe(
      `export * from './label.js';\n`,
    );
    expect(await readFile(join(snapshot, 'src/data.json'), 'utf8')).toBe('{"rows":[1]}');
    expect(await readFile(join(snapshot, 'README.md'), 'utf8')).toBe('# snap');
  });

  it('keeps as TypeScript a module that does not parse or whose JavaScript name is taken', async () => {
    const fixture = await fixtureWith({
      'src/index.ts': `import './broken.ts';\nimport './shipped.ts';\nimport './fine.ts';\n`,
      'src/broken.ts': 'export const = ;\n',
      'src/shipped.ts': 'export const from: string = "ts";\n',
      'src/shipped.js': 'export const from = "shipped js";\n',
      'src/fine.ts': 'export const fine: boolean = true;\n',
    });
    const { snapshot } = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect((await readdir(join(snapshot, 'src'))).sort()).toEqual([
      'broken.ts',
      'fine.js',
      'index.js',
      'shipped.js',
      'shipped.ts',
    ]);
    // Imports of what stayed TypeScript keep their specifier, for the host's loader to handle.
    expect(await readFile(join(snapshot, 'src/index.js'), 'utf8')).toBe(
      `import './broken.ts';\nimport './shipped.ts';\nimport './fine.js';\n`,
    );
    expect(await readFile(join(snapshot, 'src/shipped.js'), 'utf8')).toBe(
      'export const from = "shipped js";\n',
    );
  });
});

describe('snapshotEntryFile', () => {
  it('names the JavaScript twin of a transpiled entry, else the entry as written', async () => {
    const fixture = await fixtureWith({
      'src/index.ts': 'export default 1;\n',
      'src/broken.ts': 'export default = ;\n',
      'lib/plain.js': 'export default 2;\n',
    });
    const { snapshot } = await snapshotDirectory(fixture.directory, fixture.snapshotRoot);
    expect(await snapshotEntryFile(snapshot, './src/index.ts')).toBe('./src/index.js');
    expect(await snapshotEntryFile(snapshot, 'src/broken.ts')).toBe('src/broken.ts');
    expect(await snapshotEntryFile(snapshot, 'lib/plain.js')).toBe('lib/plain.js');
  });
});
