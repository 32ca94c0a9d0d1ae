/**
 * Loads, unloads and reloads configured plugins at run time. A change builds a new frozen hook
 * table and swaps one reference; messages already in the pipeline keep the table they captured,
 * and an outgoing version is disposed only after the replies using it have ended.
 *
 * @module
 */
import express, { type Router } from 'express';
import { EngineError, toPublicError, type PublicError } from '../errors/engine-error.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { HookTable, PluginScope } from './hook-table.ts';
import type { PluginEntry } from './plugin-config.ts';
import { loadPlugin, type LoadedPlugin, type PluginLoaderOptions } from './plugin-loader.ts';
import type { PluginStateFactory } from './plugin-state.ts';
import type {
  ConversationEmitter,
  Plugin,
  PluginEventDefinition,
  PluginWebEntry,
} from './plugin-types.ts';

/** What the host needs from the engine and the deployment. */
export interface PluginHostOptions {
  engineVersion: string;
  loader: Omit<PluginLoaderOptions, 'engineVersion'>;
  stateFor: PluginStateFactory;
  emitToConversation: ConversationEmitter;
  /** Rebuilds the engine's hook table from these plugins and returns the table it replaced. */
  apply: (plugins: Plugin[], scopes: ReadonlyMap<string, PluginScope>) => HookTable;
  /** Resolves when replies that captured `table` have ended (or after `timeoutMs`). */
  waitForTable: (table: HookTable, timeoutMs: number) => Promise<void>;
  logger: Logger;
  /** @default 5000 */
  setupTimeoutMs?: number;
  /** Distinct code versions imported before the node recommends recycling. @default 100 */
  reloadBudget?: number;
  /** Replaces the module loader (tests). */
  load?: (entry: PluginEntry, options: PluginLoaderOptions) => Promise<LoadedPlugin>;
}

/** What `GET /api/plugins` shows for one plugin. */
export interface PluginStatus {
  name: string;
  status: 'active' | 'failed' | 'disabled';
  version?: string;
  codeVersion?: string;
  error?: PublicError & { details?: Record<string, unknown> };
  scope?: PluginScope;
  web?: PluginWebEntry;
  events: string[];
  loadedAt?: string;
  reloads: number;
}

interface PluginRecord {
  entry: PluginEntry;
  loaded?: LoadedPlugin;
  dispose?: () => void | Promise<void>;
  router?: Router;
  error?: EngineError;
  loadedAt?: string;
  reloads: number;
}

/**
 * The plugin host of one engine node.
 *
 * @example
 * ```ts
 * await engine.plugins.start(await readPluginConfig('plugins.config.json'));
 * await engine.plugins.reload('quiz');
 * ```
 */
export class PluginHost {
  readonly #options: PluginHostOptions;
  readonly #records = new Map<string, PluginRecord>();
  readonly #codeVersionsSeen = new Set<string>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(options: PluginHostOptions) {
    this.#options = options;
  }

  /** Loads every configured plugin; failures are recorded and reported, the engine keeps running. */
  start(config: { plugins: PluginEntry[] }): Promise<PluginStatus[]> {
    return this.#serial(async () => {
      for (const entry of config.plugins) {
        const record: PluginRecord = { entry, reloads: 0 };
        this.#records.set(entry.name, record);
        if (entry.enabled) await this.#activate(record, undefined);
      }
      this.#apply();
      return this.list();
    });
  }

  /** Re-imports a plugin (or a new entry for it) and swaps it in; on failure the old one stays. */
  reload(name: string, entry?: PluginEntry): Promise<PluginStatus> {
    return this.#serial(async () => {
      const current = this.#records.get(name);
      if (current === undefined && entry === undefined)
        throw new EngineError('CMZ_ERR_PLUGIN_NOT_FOUND', { args: [name] });
      const next: PluginRecord = {
        entry: entry ?? (current as PluginRecord).entry,
        reloads: (current?.reloads ?? -1) + 1,
      };
      // A disabled entry is recorded but never activated (reloading it only updates its entry).
      if (next.entry.enabled) await this.#activate(next, current?.loaded ? current : undefined);
      if (next.error !== undefined && current?.loaded !== undefined) {
        current.error = next.error;
        throw next.error;
      }
      this.#records.set(name, next);
      const previousTable = this.#apply();
      if (current?.loaded !== undefined) this.#retire(current, previousTable);
      if (next.error !== undefined) throw next.error;
      return this.#status(next);
    });
  }

  /** Removes a plugin; refused while another active plugin depends on it. */
  unload(name: string): Promise<void> {
    return this.#serial(async () => {
      const record = this.#records.get(name);
      if (record === undefined) throw new EngineError('CMZ_ERR_PLUGIN_NOT_FOUND', { args: [name] });
      const dependent = this.#active().find((plugin) => plugin.dependsOn?.includes(name));
      if (dependent !== undefined) {
        throw new EngineError('CMZ_ERR_PLUGIN_DEPENDENCY_MISSING', {
          args: [dependent.name, name],
        });
      }
      this.#records.delete(name);
      const previousTable = this.#apply();
      if (record.loaded !== undefined) this.#retire(record, previousTable);
    });
  }

  /** Every configured plugin with its status. */
  list(): PluginStatus[] {
    return [...this.#records.values()].map((record) => this.#status(record));
  }

  /** The plugin event definition behind `<plugin>:<event>`, if an active plugin owns it. */
  findEvent(event: string): { plugin: Plugin; definition: PluginEventDefinition } | undefined {
    const separator = event.indexOf(':');
    if (separator <= 0) return undefined;
    const plugin = this.#records.get(event.slice(0, separator))?.loaded?.plugin;
    const definition = plugin?.events?.[event.slice(separator + 1)];
    return plugin && definition ? { plugin, definition } : undefined;
  }

  /** The REST router of an active plugin. */
  routerFor(name: string): Router | undefined {
    return this.#records.get(name)?.router;
  }

  /** The state store of a plugin (for its event handlers). */
  stateFor(name: string) {
    return this.#options.stateFor(name);
  }

  /** Directories of active path plugins (for the development watcher). */
  directories(): Map<string, string> {
    const result = new Map<string, string>();
    for (const [name, record] of this.#records)
      if (record.loaded?.directory) result.set(name, record.loaded.directory);
    return result;
  }

  /** True once more distinct code versions were imported than the reload budget allows. */
  get recycleRecommended(): boolean {
    return this.#codeVersionsSeen.size > (this.#options.reloadBudget ?? 100);
  }

  /** Disposes every plugin (shutdown). */
  close(): Promise<void> {
    return this.#serial(async () => {
      for (const record of this.#records.values()) await this.#dispose(record);
      this.#records.clear();
    });
  }

  async #activate(record: PluginRecord, previous: PluginRecord | undefined): Promise<void> {
    const { entry } = record;
    try {
      const loader = this.#options.load ?? loadPlugin;
      const loaded = await loader(entry, {
        ...this.#options.loader,
        engineVersion: this.#options.engineVersion,
      });
      this.#checkDependencies(loaded.plugin);
      record.dispose = await this.#setup(loaded.plugin, entry);
      try {
        if (previous?.loaded !== undefined && loaded.plugin.migrate !== undefined) {
          const state = previous.loaded.plugin.exportState?.();
          await loaded.plugin.migrate(state, { version: previous.loaded.plugin.version });
        }
        if (loaded.plugin.routes !== undefined) {
          record.router = express.Router();
          loaded.plugin.routes(record.router, {
            state: this.#options.stateFor(entry.name),
            options: entry.options,
          });
        }
      } catch (cause) {
        throw new EngineError('CMZ_ERR_PLUGIN_SETUP_FAILED', {
          args: [entry.name, `migrate or routes failed: ${toReason(cause)}`],
          cause,
        });
      }
      record.loaded = loaded;
      record.loadedAt = new Date().toISOString();
      this.#codeVersionsSeen.add(`${entry.name}@${loaded.codeVersion}`);
      if (this.recycleRecommended) {
        this.#options.logger.warn(
          { distinctVersions: this.#codeVersionsSeen.size },
          'plugin reload budget exceeded: recycle this node',
        );
      }
      this.#options.logger.info(
        { plugin: entry.name, version: loaded.plugin.version, codeVersion: loaded.codeVersion },
        'plugin loaded',
      );
    } catch (cause) {
      await this.#dispose(record);
      delete record.dispose;
      record.error = EngineError.from(cause);
      this.#options.logger.error(
        { plugin: entry.name, code: record.error.code, reason: record.error.message },
        'plugin failed to load',
      );
    }
  }

  #checkDependencies(plugin: Plugin): void {
    const active = new Set(this.#active().map((candidate) => candidate.name));
    for (const dependency of plugin.dependsOn ?? []) {
      if (!active.has(dependency))
        throw new EngineError('CMZ_ERR_PLUGIN_DEPENDENCY_MISSING', {
          args: [plugin.name, dependency],
        });
    }
  }

  async #setup(
    plugin: Plugin,
    entry: PluginEntry,
  ): Promise<(() => void | Promise<void>) | undefined> {
    if (plugin.setup === undefined) return undefined;
    const logger = this.#options.logger;
    const emit = this.#options.emitToConversation;
    const context = {
      options: entry.options,
      state: this.#options.stateFor(plugin.name),
      engineVersion: this.#options.engineVersion,
      log: (
        level: 'info' | 'warn' | 'error',
        message: string,
        fields: Record<string, unknown> = {},
      ) => logger[level]({ ...fields, plugin: plugin.name }, message),
      emitToConversation: (conversationId: string, event: string, payload: unknown) => {
        if (!event.startsWith(`${plugin.name}:`))
          throw new TypeError(`plugin events must start with "${plugin.name}:"`);
        emit(conversationId, event, payload);
      },
    };
    const timeoutMs = this.#options.setupTimeoutMs ?? 5_000;
    let timer: NodeJS.Timeout | undefined;
    const running = Promise.resolve().then(() => plugin.setup?.(context));
    try {
      const result = await Promise.race([
        running,
        new Promise<never>((_, reject) => {
          timer = setTimeout(
            () => reject(new Error(`setup took longer than ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ]);
      return typeof result === 'function' ? result : undefined;
    } catch (cause) {
      // A setup that finishes after its budget still started things: dispose them when it does.
      running.then(
        (late) => (typeof late === 'function' ? late() : undefined),
        () => undefined,
      );
      throw new EngineError('CMZ_ERR_PLUGIN_SETUP_FAILED', {
        args: [plugin.name, toReason(cause)],
        cause,
      });
    } finally {
      clearTimeout(timer);
    }
  }

  #active(): Plugin[] {
    return [...this.#records.values()].flatMap((record) =>
      record.loaded ? [record.loaded.plugin] : [],
    );
  }

  #apply(): HookTable {
    const scopes = new Map<string, PluginScope>();
    for (const record of this.#records.values())
      if (record.loaded && record.entry.scope) scopes.set(record.entry.name, record.entry.scope);
    return this.#options.apply(this.#active(), scopes);
  }

  #retire(record: PluginRecord, previousTable: HookTable): void {
    // Replies in flight may still call the outgoing version: dispose it once they have ended.
    void this.#options.waitForTable(previousTable, 60_000).then(() => this.#dispose(record));
  }

  async #dispose(record: PluginRecord): Promise<void> {
    try {
      await record.dispose?.();
    } catch (cause) {
      this.#options.logger.warn(
        { plugin: record.entry.name, reason: toReason(cause) },
        'plugin dispose failed',
      );
    }
  }

  #status(record: PluginRecord): PluginStatus {
    const plugin = record.loaded?.plugin;
    const status: PluginStatus = {
      name: record.entry.name,
      status: !record.entry.enabled ? 'disabled' : plugin ? 'active' : 'failed',
      events: Object.keys(plugin?.events ?? {}).map((event) => `${record.entry.name}:${event}`),
      reloads: record.reloads,
    };
    if (plugin)
      Object.assign(status, {
        version: plugin.version,
        codeVersion: record.loaded?.codeVersion,
        loadedAt: record.loadedAt,
      });
    if (plugin?.web) status.web = plugin.web;
    if (record.entry.scope) status.scope = record.entry.scope;
    if (record.error)
      status.error = {
        ...toPublicError(record.error),
        ...(record.error.details ? { details: record.error.details } : {}),
      };
    return status;
  }

  #serial<T>(operation: () => Promise<T>): Promise<T> {
    const result = this.#queue.then(operation, operation);
    this.#queue = result.catch(() => undefined);
    return result;
  }
}

function toReason(cause: unknown): string {
  return (
    (cause instanceof Error ? cause.message : String(cause)).split('\n')[0]?.slice(0, 300) ??
    'unknown'
  );
}
