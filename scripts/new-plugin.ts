/**
 * `npm run new-plugin -- <name> [--directory <dir>]`: scaffolds a working plugin (package.json,
 * README, source with a hook, a client event, a route and setup, its error codes and a test) at
 * `plugins/<name>/`, then prints what to do next. Exit codes: 0 created, 2 usage or invalid name.
 *
 * @module
 */
import { mkdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { format, resolveConfig } from 'prettier';
import { errorCatalog } from '../engine/src/errors/error-catalog.ts';
import { pluginEntrySchema } from '../engine/src/plugins/plugin-config.ts';
import { isMainModule } from './is-main-module.ts';
import { pluginNames, renderPluginFiles } from './plugin-templates.ts';

const repositoryRoot = fileURLToPath(new URL('..', import.meta.url));

const usage = `Usage: npm run new-plugin -- <name> [--directory <dir>]

  <name>             lowercase letters, digits and single dashes, starting with a letter
  --directory <dir>  where to create it (default: plugins/<name>)
  --help             show this help`;

/** What the command line asked for. */
export type NewPluginArguments =
  | { kind: 'create'; name: string; directory?: string }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/**
 * Parses the command line (without the node and script entries). Pure.
 *
 * @example
 * ```ts
 * parseNewPluginArguments(['fun-fact', '--directory', 'tmp/fun-fact']);
 * // { kind: 'create', name: 'fun-fact', directory: 'tmp/fun-fact' }
 * ```
 */
export function parseNewPluginArguments(argv: readonly string[]): NewPluginArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: { directory: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  if (parsed.values.help === true) return { kind: 'help' };
  const [name, ...extra] = parsed.positionals;
  if (name === undefined) return { kind: 'error', message: 'give the plugin a name' };
  if (extra.length > 0)
    return { kind: 'error', message: `unexpected arguments: ${extra.join(' ')}` };
  const directory = parsed.values.directory;
  return directory === undefined ? { kind: 'create', name } : { kind: 'create', name, directory };
}

// Error-code families of the engine (`CMZ_ERR_<FAMILY>_*`): a plugin called `session` would own
// `CMZ_ERR_SESSION_*` and its codes would read like the engine's own.
const engineCodeFamilies = new Set(
  Object.keys(errorCatalog).map((code) => code.split('_')[2]?.toLowerCase() ?? ''),
);

/**
 * Returns why `name` cannot be a plugin name, or undefined when it can. Pure.
 *
 * @example
 * ```ts
 * checkPluginName('Fun_Fact'); // 'invalid plugin name "Fun_Fact": use lowercase letters, ...'
 * checkPluginName('fun-fact'); // undefined
 * ```
 */
export function checkPluginName(name: string): string | undefined {
  const prefix = `invalid plugin name "${name}"`;
  // The engine's own rule (plugins.config.json), then a stricter shape so package names, error
  // codes (`CMZ_ERR_FUN_FACT_*`) and identifiers (`funFact`) derived from it stay clean.
  if (
    !pluginEntrySchema.shape.name.safeParse(name).success ||
    !/^[a-z][a-z0-9]*(-[a-z0-9]+)*$/.test(name)
  ) {
    return `${prefix}: use lowercase letters, digits and single dashes, starting with a letter (e.g. "fun-fact")`;
  }
  if (name.length > 40) return `${prefix}: use at most 40 characters`;
  if (name === 'core') return `${prefix}: "core" is reserved for the engine's own plugins`;
  if (engineCodeFamilies.has(name)) {
    return `${prefix}: its error codes (CMZ_ERR_${name.toUpperCase()}_*) would collide with the engine's`;
  }
  return undefined;
}

/**
 * Writes the plugin's files (formatted with the repository's Prettier settings) and returns their
 * paths. The directory must not exist yet.
 *
 * @example
 * ```ts
 * await scaffoldPlugin('fun-fact', '/repo/plugins/fun-fact');
 * ```
 */
export async function scaffoldPlugin(name: string, directory: string): Promise<string[]> {
  const written: string[] = [];
  for (const [path, text] of Object.entries(renderPluginFiles(pluginNames(name)))) {
    const file = join(directory, path);
    await mkdir(dirname(file), { recursive: true });
    await writeFile(file, await formatted(file, text));
    written.push(file);
  }
  return written;
}

async function formatted(file: string, text: string): Promise<string> {
  // Markdown is not Prettier-checked in this repository (.prettierignore); keep it as written.
  if (file.endsWith('.md')) return text;
  // The repository's settings even for a plugin created elsewhere (--directory).
  const config = (await resolveConfig(join(repositoryRoot, basename(file)))) ?? {};
  return format(text, { ...config, filepath: file });
}

/** Where the command writes its messages. */
export interface CommandOutput {
  log(text: string): void;
  error(text: string): void;
}

/**
 * Runs the command and returns its exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runNewPlugin(['fun-fact'], { root: process.cwd(), output: console });
 * ```
 */
export async function runNewPlugin(
  argv: readonly string[],
  context: { root: string; cwd?: string; output: CommandOutput },
): Promise<number> {
  const { root, output } = context;
  const request = parseNewPluginArguments(argv);
  if (request.kind === 'help') {
    output.log(usage);
    return 0;
  }
  if (request.kind === 'error') {
    output.error(`new-plugin: ${request.message}\n\n${usage}`);
    return 2;
  }
  const invalid = checkPluginName(request.name);
  if (invalid !== undefined) {
    output.error(`new-plugin: ${invalid}`);
    return 2;
  }
  const directory =
    request.directory === undefined
      ? join(root, 'plugins', request.name)
      : resolve(context.cwd ?? root, request.directory);
  if (await exists(directory)) {
    output.error(`new-plugin: ${directory} already exists; choose another name or --directory`);
    return 2;
  }
  await scaffoldPlugin(request.name, directory);
  output.log(nextSteps(request.name, root, directory));
  return 0;
}

function nextSteps(name: string, root: string, directory: string): string {
  const shown = relative(root, directory) || '.';
  const inPlugins = shown === join('plugins', name) || shown.startsWith(`plugins${sep}`);
  const configPath = shown.split(sep).join('/');
  const test = inPlugins
    ? `npx vitest run ${configPath}`
    : `npx vitest run --root ${configPath} (the root vitest config only collects plugins/*)`;
  return `Created the plugin "${name}" in ${shown}/

Next steps:
  1. Enable it in plugins.config.json (paths are relative to that file):
       { "plugins": [{ "name": "${name}", "path": "${configPath}", "options": { "promptLine": "Mention the keepers." } }] }
  2. Run its test:
       ${test}
  3. Start a node that reloads it on every save:
       PLUGINS_WATCH=true npm run dev
     or reload it on a running node:
       npm run plugin -- reload ${name}
  4. Read docs/plugins.md for hooks, events, routes, state and hot reload.`;
}

function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runNewPlugin(process.argv.slice(2), {
    root: repositoryRoot,
    // npm runs scripts from the repository root; INIT_CWD is where the author typed the command.
    cwd: process.env.INIT_CWD ?? process.cwd(),
    output: console,
  });
}
