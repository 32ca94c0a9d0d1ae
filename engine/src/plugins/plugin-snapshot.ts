/**
 * Versioned snapshots of a plugin's directory. Node never unloads an imported ES module, and a
 * re-import with a query string still resolves the plugin's own relative imports to the old
 * files. Copying the directory to `<snapshot root>/<name>/<content hash>/` and importing from there
 * gives each code version a fresh module graph, while an unchanged plugin maps to the same snapshot (and the
 * same cached modules): memory grows only with genuinely new versions, by their own size.
 *
 * That size is halved by importing JavaScript: each `.ts`/`.mts` module is replaced in the
 * snapshot by its type-stripped `.js`/`.mjs` twin, and relative imports point at the twins. The
 * original must go: tsx and vite resolve a `.js` import from a TypeScript importer (the loader)
 * to a `.ts` file of the same name when there is one, which would import the TypeScript again.
 *
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  cp,
  mkdir,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { basename, dirname, join, relative, resolve } from 'node:path';
import {
  rewriteImports,
  stripTypes,
  transpiledName,
  transpilerVersion,
} from './plugin-transpile.ts';

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
 * Copies `directory` to `<snapshotRoot>/<name>/<hash>-<transpiler version>/` (once per hash)
 * with each TypeScript module replaced by its JavaScript twin, and returns the copy's path. The
 * hash covers the original sources only, so `codeVersion` means the same code on every node; the
 * transpiler version in the name keeps a snapshot made by other transpile logic from being reused.
 * The snapshot root must sit inside the project so bare imports (`@cmz/engine`, `zod`) resolve
 * from the project's `node_modules`; the plugin's own `node_modules`, if any, is linked.
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
  const snapshot = join(snapshotRoot, basename(directory), `${codeVersion}-${transpilerVersion}`);
  if (await exists(snapshot)) return { snapshot, codeVersion };
  await mkdir(join(snapshotRoot, basename(directory)), { recursive: true });
  // Copy aside, then rename: two nodes (or two reloads) snapshotting the same version at once
  // must never import a half-copied directory.
  const staging = `${snapshot}.staging-${randomUUID()}`;
  await cp(directory, staging, {
    recursive: true,
    filter: (source) => !skipped.has(basename(source)),
  });
  await addJavaScriptTwins(staging);
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

/**
 * The file to import for a plugin entry inside its snapshot: the JavaScript twin of a TypeScript
 * entry when the transpiler replaced it (the original is gone), else the entry as written.
 *
 * @example
 * ```ts
 * await snapshotEntryFile(snapshot, 'src/index.ts'); // 'src/index.js'
 * ```
 */
export async function snapshotEntryFile(snapshot: string, entryFile: string): Promise<string> {
  const twin = transpiledName(entryFile);
  if (twin === undefined || (await exists(join(snapshot, entryFile)))) return entryFile;
  return twin;
}

/**
 * Replaces each `x.ts` (and `y.mts`) of a fresh copy by `x.js` (`y.mjs`). A module whose
 * JavaScript name the plugin already uses, or that does not parse, stays TypeScript, and imports
 * of it keep their `.ts` specifier so the host's loader handles it (and reports its errors) as
 * before.
 */
async function addJavaScriptTwins(copy: string): Promise<void> {
  const files = new Set(await listFiles(copy));
  const stripped = new Map<string, string>();
  for (const file of files) {
    const twin = transpiledName(file);
    if (twin === undefined || files.has(twin)) continue;
    const code = stripTypes(await readFile(file, 'utf8'), file);
    if (code !== undefined) stripped.set(file, code);
  }
  for (const [file, code] of stripped) {
    const rewritten = rewriteImports(code, (specifier) =>
      stripped.has(resolve(dirname(file), specifier)),
    );
    await writeFile(transpiledName(file) as string, rewritten);
    await rm(file);
  }
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
