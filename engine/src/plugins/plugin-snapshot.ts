/**
 * Versioned snapshots of a plugin's directory. Node never unloads an imported ES module, and a
 * re-import with a query string still resolves the plugin's own relative imports to the old
 * files. Copying the directory to `<snapshot root>/<name>/<content hash>/` and importing from there
 * gives each code version a fresh module graph, while an unchanged plugin maps to the same snapshot (and the
 * same cached modules): memory grows only with genuinely new versions, by their own size.
 *
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import { cp, mkdir, readdir, readFile, rename, rm, stat, symlink } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';

const skipped = new Set(['node_modules', '.git', 'coverage']);

/**
 * The content hash of a plugin directory (file paths and contents), 12 hex characters.
 *
 * @example
 * ```ts
 * await hashDirectory('plugins/quiz'); // '3fa09c1e5b2d'
 * ```
 */
export async function hashDirectory(directory: string): Promise<string> {
  const hash = createHash('sha256');
  for (const file of await listFiles(directory)) {
    hash.update(relative(directory, file));
    hash.update('\0');
    hash.update(await readFile(file));
    hash.update('\0');
  }
  return hash.digest('hex').slice(0, 12);
}

/**
 * Copies `directory` to `<snapshotRoot>/<name>/<hash>/` (once per hash) and returns the copy's
 * path. The snapshot root must sit inside the project so bare imports (`@cmz/engine`, `zod`)
 * resolve from the project's `node_modules`; the plugin's own `node_modules`, if any, is linked.
 *
 * @example
 * ```ts
 * const { snapshot, codeVersion } = await snapshotDirectory('plugins/quiz', '.plugin-versions');
 * ```
 */
export async function snapshotDirectory(
  directory: string,
  snapshotRoot: string,
): Promise<{ snapshot: string; codeVersion: string }> {
  const codeVersion = await hashDirectory(directory);
  const snapshot = join(snapshotRoot, basename(directory), codeVersion);
  if (await exists(snapshot)) return { snapshot, codeVersion };
  await mkdir(join(snapshotRoot, basename(directory)), { recursive: true });
  // Copy aside, then rename: two nodes (or two reloads) snapshotting the same version at once
  // must never import a half-copied directory.
  const staging = `${snapshot}.staging-${randomUUID()}`;
  await cp(directory, staging, {
    recursive: true,
    filter: (source) => !skipped.has(basename(source)),
  });
  const ownModules = join(directory, 'node_modules');
  if (await exists(ownModules))
    await symlink(resolve(ownModules), join(staging, 'node_modules'), 'dir');
  try {
    await rename(staging, snapshot);
  } catch {
    await rm(staging, { recursive: true, force: true });
  }
  return { snapshot, codeVersion };
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function listFiles(directory: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of (await readdir(directory, { withFileTypes: true })).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (skipped.has(entry.name)) continue;
    const path = join(directory, entry.name);
    if (entry.isDirectory()) files.push(...(await listFiles(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files;
}
