/**
 * `npm run plugin -- <command> [name]`: lists, reloads and unloads plugins on a running node
 * through its admin REST operations (a reload or unload is broadcast to every node through Redis
 * by the node that receives it). Exit codes: 0 success, 1 the server refused or was unreachable,
 * 2 usage error.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { isMainModule } from './is-main-module.ts';

const usage = `Usage: npm run plugin -- <command> [name] [options]

Commands:
  list            show the plugins of the node, with status, version and code version
  reload <name>   re-import a plugin on every node (replies in flight finish on the old one)
  unload <name>   remove a plugin from every node

Options:
  --url <url>      the node (default: $CMZ_URL or http://127.0.0.1:3000)
  --token <token>  admin token (default: $ADMIN_TOKEN, else <$DATA_DIR or .data>/admin-token)
  --json           print the server's JSON answer
  --help           show this help`;

/** A parsed command line. */
export type PluginCliCommand =
  | { kind: 'list'; url: string; token?: string; json: boolean }
  | { kind: 'reload' | 'unload'; name: string; url: string; token?: string; json: boolean }
  | { kind: 'help' }
  | { kind: 'error'; message: string };

/**
 * Parses the command line (without the node and script entries) against the environment. Pure.
 *
 * @example
 * ```ts
 * parsePluginCliArguments(['reload', 'quiz'], { CMZ_URL: 'http://zoo:3000' });
 * // { kind: 'reload', name: 'quiz', url: 'http://zoo:3000', json: false }
 * ```
 */
export function parsePluginCliArguments(
  argv: readonly string[],
  env: Record<string, string | undefined>,
): PluginCliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        url: { type: 'string' },
        token: { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    return { kind: 'error', message: (error as Error).message };
  }
  const { values, positionals } = parsed;
  if (values.help === true) return { kind: 'help' };
  const url = (values.url ?? env.CMZ_URL ?? 'http://127.0.0.1:3000').replace(/\/+$/, '');
  if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol))
    return { kind: 'error', message: `--url must be an http(s) URL, not "${url}"` };
  const token = values.token ?? env.ADMIN_TOKEN;
  const common = { url, json: values.json === true, ...(token ? { token } : {}) };
  const [command, name, ...extra] = positionals;
  if (extra.length > 0)
    return { kind: 'error', message: `unexpected arguments: ${extra.join(' ')}` };
  if (command === 'list') {
    if (name !== undefined) return { kind: 'error', message: 'list takes no plugin name' };
    return { kind: 'list', ...common };
  }
  if (command === 'reload' || command === 'unload') {
    if (name === undefined) return { kind: 'error', message: `${command} needs a plugin name` };
    return { kind: command, name, ...common };
  }
  return {
    kind: 'error',
    message: command === undefined ? 'give a command' : `unknown command "${command}"`,
  };
}

/** One plugin as `GET /api/plugins` describes it (the fields this CLI prints). */
interface PluginStatusView {
  name: string;
  status: string;
  version?: string;
  codeVersion?: string;
  reloads?: number;
  events?: string[];
  error?: { code: string; message: string };
}

/**
 * One line per plugin, for people.
 *
 * @example
 * ```ts
 * formatPluginStatus({ name: 'quiz', status: 'active', version: '1.0.0', codeVersion: 'a1b2c3d4e5f6', reloads: 0 });
 * // 'quiz  active  1.0.0  code a1b2c3d4e5f6  reloads 0'
 * ```
 */
export function formatPluginStatus(plugin: PluginStatusView): string {
  const parts = [plugin.name, plugin.status];
  if (plugin.version !== undefined) parts.push(plugin.version);
  if (plugin.codeVersion !== undefined) parts.push(`code ${plugin.codeVersion}`);
  if (plugin.reloads !== undefined) parts.push(`reloads ${plugin.reloads}`);
  if (plugin.events !== undefined && plugin.events.length > 0)
    parts.push(`events ${plugin.events.join(', ')}`);
  if (plugin.error !== undefined) parts.push(`${plugin.error.code}: ${plugin.error.message}`);
  return parts.join('  ');
}

/** What {@link runPluginCli} uses from the outside world (tests pass their own). */
export interface PluginCliContext {
  fetch: typeof fetch;
  env: Record<string, string | undefined>;
  output: { log(text: string): void; error(text: string): void };
  /** Base of a relative DATA_DIR. @default process.cwd() */
  cwd?: string;
}

/**
 * Runs the CLI and returns its exit code.
 *
 * @example
 * ```ts
 * process.exitCode = await runPluginCli(['list'], { fetch, env: process.env, output: console });
 * ```
 */
export async function runPluginCli(
  argv: readonly string[],
  context: PluginCliContext,
): Promise<number> {
  const { output } = context;
  const command = parsePluginCliArguments(argv, context.env);
  if (command.kind === 'help') {
    output.log(usage);
    return 0;
  }
  if (command.kind === 'error') {
    output.error(`plugin: ${command.message}\n\n${usage}`);
    return 2;
  }
  let path = '/api/plugins';
  let token: string | undefined;
  if (command.kind !== 'list') {
    token = command.token ?? (await readStoredToken(context));
    if (token === undefined) {
      output.error(
        'plugin: no admin token: pass --token, set ADMIN_TOKEN, or run this where the node keeps its DATA_DIR (.data/admin-token)',
      );
      return 2;
    }
    path = `/api/admin/plugins/${encodeURIComponent(command.name)}/${command.kind}`;
  }
  const answer = await call(context.fetch, `${command.url}${path}`, token);
  if (!answer.ok) {
    output.error(`plugin: ${answer.message}`);
    return 1;
  }
  if (command.json) output.log(JSON.stringify(answer.body, null, 2));
  else output.log(describe(command, answer.body));
  return 0;
}

function describe(
  command: Extract<PluginCliCommand, { url: string }>,
  body: Record<string, unknown>,
): string {
  if (command.kind === 'unload') return `unloaded ${command.name}`;
  if (command.kind === 'reload')
    return `reloaded ${formatPluginStatus(body.plugin as PluginStatusView)}`;
  const plugins = (body.plugins ?? []) as PluginStatusView[];
  const lines = plugins.length === 0 ? ['no plugins configured'] : plugins.map(formatPluginStatus);
  if (body.recycleRecommended === true)
    lines.push('recycle recommended: this node passed its plugin reload budget');
  return lines.join('\n');
}

async function readStoredToken(context: PluginCliContext): Promise<string | undefined> {
  // The node writes a generated token here when ADMIN_TOKEN is not set (start-server.ts).
  const dataDirectory = context.env.DATA_DIR ?? '.data';
  try {
    const token = (
      await readFile(resolve(context.cwd ?? process.cwd(), dataDirectory, 'admin-token'), 'utf8')
    ).trim();
    return token.length > 0 ? token : undefined;
  } catch {
    return undefined;
  }
}

async function call(
  fetchFunction: typeof fetch,
  url: string,
  token: string | undefined,
): Promise<{ ok: true; body: Record<string, unknown> } | { ok: false; message: string }> {
  let response: Response;
  try {
    response = await fetchFunction(url, {
      method: token === undefined ? 'GET' : 'POST',
      headers: token === undefined ? {} : { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(30_000),
    });
  } catch (error) {
    return { ok: false, message: `could not reach ${url}: ${(error as Error).message}` };
  }
  const body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
  if (response.ok) return { ok: true, body };
  const code = typeof body.code === 'string' ? body.code : `HTTP ${response.status}`;
  const message = typeof body.message === 'string' ? body.message : response.statusText;
  return { ok: false, message: `${code}: ${message}` };
}

if (isMainModule(import.meta.url)) {
  process.exitCode = await runPluginCli(process.argv.slice(2), {
    fetch,
    env: process.env,
    output: console,
  });
}
