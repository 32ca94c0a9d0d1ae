/**
 * Writes throwaway plugin packages for tests of loading and hot reload, and gives them a snapshot
 * root inside the project (so their bare imports such as `@cmz/engine` resolve).
 *
 * @module
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newId } from '../pipeline/ids.ts';

const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A plugin workspace on disk. */
export interface PluginFixture {
  /** The plugin directory (has package.json and src/). */
  directory: string;
  /** A snapshot root inside the project for this test. */
  snapshotRoot: string;
  /** Replaces or adds files (paths relative to the plugin directory). */
  write(files: Record<string, string>): Promise<void>;
  remove(): Promise<void>;
}

/**
 * Creates a plugin package in a temporary directory.
 *
 * @example
 * ```ts
 * const fixture = await createPluginFixture('greeter', {
 *   'src/index.ts': `import { definePlugin } from '@cmz/engine';
 *   export default () => definePlugin({ name: 'greeter', version: '1.0.0', hooks: {} });`,
 * });
 * ```
 */
export async function createPluginFixture(
  name: string,
  files: Record<string, string>,
): Promise<PluginFixture> {
  const directory = join(await mkdtemp(join(tmpdir(), `cmz-plugin-${name}-`)), name);
  const snapshotRoot = join(projectRoot, '.plugin-versions', `test-${newId('s')}`);
  const write = async (entries: Record<string, string>) => {
    for (const [path, text] of Object.entries(entries)) {
      await mkdir(dirname(join(directory, path)), { recursive: true });
      await writeFile(join(directory, path), text);
    }
  };
  await write({
    'package.json': JSON.stringify({
      name: `@cmz-test/${name}`,
      version: '0.0.0',
      type: 'module',
      exports: './src/index.ts',
    }),
    ...files,
  });
  return {
    directory,
    snapshotRoot,
    write,
    async remove() {
      await rm(dirname(directory), { recursive: true, force: true });
      await rm(snapshotRoot, { recursive: true, force: true });
    },
  };
}

/**
 * Source of a small plugin whose `transformChunk` tags every word with `label`, optionally with
 * extra hook code.
 *
 * @example
 * ```ts
 * await fixture.write({ 'src/index.ts': taggingPluginSource('greeter', 'v2') });
 * ```
 */
export function taggingPluginSource(name: string, label: string, extraHooks = ''): string {
  return `import { definePlugin } from '@cmz/engine';
export default (options: Record<string, unknown> = {}) =>
  definePlugin({
    name: '${name}',
    version: '${label === 'v1' ? '1.0.0' : '2.0.0'}',
    engine: '>=0.1.0',
    hooks: {
      transformChunk: (chunk) => ({ ...chunk, text: '${label}:' + chunk.text }),
      ${extraHooks}
    },
    exportState: () => ({ label: '${label}', options }),
  });
`;
}
