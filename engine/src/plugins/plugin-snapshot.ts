/**
 * Versioned snapshots of a plugin's directory. Node never unloads an imported ES module, and a
 * re-import with a query string still resolves the plugin's own relative imports to the old
 * files. Copying the directory to `<snapshot root>/<name>/<content hash>/` and importing from there
 * gives each code version a fresh module graph, while an unchanged plugin maps to the same snapshot (and the
 * same cached modules): memory grows only with genuinely new versions, by their own size.
 *
 * That size is halved by importing JavaScript: each `.ts`/`.mts` module gets a type-stripped
 * `.js`/`.mjs` twin in the snapshot, and relative imports between twins point at each other. The
 * originals stay next to them for what cannot be rewritten (a computed `import(\`./${name}.ts\`)`,
 * a `.tsx` importer, a file that does not parse), which the host's TypeScript loader still handles.
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
 * Copies `directory` to `<snapshotRoot>/<name>/<hash>-<transpiler version>/` (once per hash) with
 * a JavaScript twin of each TypeScript module, and returns the copy's path. The hash covers the
 * original sources only, so `codeVersion` means the same code on every node; the transpiler
 * version in the name keeps a snapshot made by other transpile logic from ever being reused.
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
 * entry when the snapshot has one the transpiler made (not a `.js` file the plugin ships itself).
 *
 * @example
 * ```ts
 * await snapshotEntryFile('plugins/quiz', snapshot, 'src/index.ts'); // 'src/index.js'
 * ```
 */
export async function snapshotEntryFile(
  directory: string,
  snapshot: string,
  entryFile: string,
): Promise<string> {
  const twin = transpiledName(entryFile);
  if (twin === undefined) return entryFile;
  const made = (await exists(join(snapshot, twin))) && !(await exists(join(directory, twin)));
  return made ? twin : entryFile;
}

/**
 * Writes `x.js` next to each `x.ts` (and `y.mjs` next to `y.mts`) of a fresh copy. A module
 * that already has a JavaScript file of that name, or that does not parse, gets no twin, and
 * imports of it keep their `.ts` specifier so the host's loader handles it as before.
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
