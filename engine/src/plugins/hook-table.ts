/**
 * Builds the frozen, sorted hook table of a set of plugins. A table is built once per load and
 * never mutated; a message captures the current table when it enters the pipeline, so a reload
 * (which builds a new table and swaps one reference) never changes a reply in flight.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import {
  hookNames,
  type HookFunctions,
  type HookName,
  type Plugin,
  type RoomType,
} from './plugin-types.ts';

/** Where a plugin runs (from the deployment's configuration); omitted fields mean "everywhere". */
export interface PluginScope {
  animals?: readonly string[];
  roomTypes?: readonly RoomType[];
}

/** One registered hook, ready to call. */
export interface HookEntry<N extends HookName> {
  readonly pluginName: string;
  readonly handler: HookFunctions[N];
  /** Time budget in ms (not enforced for the synchronous `transformChunk`). */
  readonly timeoutMs: number;
  /** Where the plugin runs; undefined means everywhere. */
  readonly scope: PluginScope | undefined;
}

/** The hooks of every plugin, sorted per hook: `pre`, then unordered, then `post`. */
export interface HookTable {
  readonly plugins: readonly Plugin[];
  readonly hooks: { readonly [N in HookName]: readonly HookEntry<N>[] };
}

/** Default time budgets per hook, in ms. */
export interface HookBudgets {
  /** @default 2000 */
  defaultTimeoutMs: number;
  /** Notifications may do slower work (speech synthesis, archiving). @default 10000 */
  onReplyEndTimeoutMs: number;
}

const defaultBudgets: HookBudgets = { defaultTimeoutMs: 2_000, onReplyEndTimeoutMs: 10_000 };
const validName = /^[a-z][a-z0-9-]*(:[a-z][a-z0-9-]*)?$/;

/**
 * Validates plugins and builds their frozen hook table. Throws a coded error for a duplicate
 * name, an unknown hook, a non-function handler or a missing dependency.
 *
 * @example
 * ```ts
 * const table = buildHookTable([personaPlugin(), quizPlugin()]);
 * table.hooks.transformPrompt.map((entry) => entry.pluginName); // ['core:persona', 'quiz']
 * ```
 */
export function buildHookTable(
  plugins: readonly Plugin[],
  budgets: Partial<HookBudgets> = {},
  scopes: ReadonlyMap<string, PluginScope> = new Map(),
): HookTable {
  const resolvedBudgets = { ...defaultBudgets, ...budgets };
  const seen = new Set<string>();
  for (const plugin of plugins) {
    validatePlugin(plugin, seen);
    seen.add(plugin.name);
  }
  const hooks = Object.fromEntries(
    hookNames.map((hookName) => [
      hookName,
      Object.freeze(sortEntries(plugins, hookName, resolvedBudgets, scopes)),
    ]),
  ) as unknown as HookTable['hooks'];
  return Object.freeze({ plugins: Object.freeze([...plugins]), hooks: Object.freeze(hooks) });
}

function validatePlugin(plugin: Plugin, seen: ReadonlySet<string>): void {
  const name = typeof plugin?.name === 'string' ? plugin.name : String(plugin?.name);
  if (!validName.test(name)) invalid(name, 'name must be lowercase letters, digits and dashes');
  if (typeof plugin.version !== 'string' || plugin.version.length === 0)
    invalid(name, 'version is required');
  if (typeof plugin.hooks !== 'object' || plugin.hooks === null)
    invalid(name, 'hooks must be an object');
  if (seen.has(name)) throw new EngineError('CMZ_ERR_PLUGIN_DUPLICATE', { args: [name] });
  for (const dependency of plugin.dependsOn ?? []) {
    if (!seen.has(dependency)) {
      throw new EngineError('CMZ_ERR_PLUGIN_DEPENDENCY_MISSING', { args: [name, dependency] });
    }
  }
  for (const [hookName, hook] of Object.entries(plugin.hooks)) {
    if (!(hookNames as readonly string[]).includes(hookName))
      invalid(name, `unknown hook "${hookName}"`);
    const handler = typeof hook === 'function' ? hook : (hook as { handler?: unknown })?.handler;
    if (typeof handler !== 'function') invalid(name, `hook "${hookName}" has no handler function`);
  }
}

function invalid(name: string, reason: string): never {
  throw new EngineError('CMZ_ERR_PLUGIN_INVALID', { args: [name, reason] });
}

function sortEntries<N extends HookName>(
  plugins: readonly Plugin[],
  hookName: N,
  budgets: HookBudgets,
  scopes: ReadonlyMap<string, PluginScope>,
): HookEntry<N>[] {
  const buckets: Record<'pre' | 'normal' | 'post', HookEntry<N>[]> = {
    pre: [],
    normal: [],
    post: [],
  };
  const fallbackTimeout =
    hookName === 'onReplyEnd' ? budgets.onReplyEndTimeoutMs : budgets.defaultTimeoutMs;
  for (const plugin of plugins) {
    const hook = plugin.hooks[hookName];
    if (hook === undefined) continue;
    const isFunction = typeof hook === 'function';
    const entry: HookEntry<N> = Object.freeze({
      pluginName: plugin.name,
      handler: (isFunction ? hook : hook.handler) as HookFunctions[N],
      timeoutMs: (isFunction ? undefined : hook.timeoutMs) ?? fallbackTimeout,
      scope: scopes.get(plugin.name),
    });
    buckets[(isFunction ? undefined : hook.order) ?? 'normal'].push(entry);
  }
  return [...buckets.pre, ...buckets.normal, ...buckets.post];
}
