/**
 * Imports one configured plugin: snapshot its directory (or import its package), call its
 * factory with the configured options, and check the result (shape, name, engine range).
 * Every failure is a coded error naming the plugin.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import semver from 'semver';
import { EngineError } from '../errors/engine-error.ts';
import { buildHookTable } from './hook-table.ts';
import type { PluginEntry } from './plugin-config.ts';
import { snapshotDirectory, snapshotEntryFile } from './plugin-snapshot.ts';
import type { Plugin } from './plugin-types.ts';

/** A plugin ready to set up. */
export interface LoadedPlugin {
  plugin: Plugin;
  /** Content hash of the directory, or the package version: what "same version" means across nodes. */
  codeVersion: string;
  /** The directory the plugin lives in (for the development watcher). */
  directory?: string;
}

/** Where things are. */
export interface PluginLoaderOptions {
  /** Base directory of relative `path` entries (the config file's directory). */
  baseDirectory: string;
  /** Where versioned snapshots go; inside the project so bare imports resolve. */
  snapshotRoot: string;
  engineVersion: string;
}

/** The shape a plugin module exports: a factory as default export or as `createPlugin`. */
type PluginFactory = (options: Record<string, unknown>) => Plugin | Promise<Plugin>;

/**
 * Loads a configured plugin.
 *
 * @example
 * ```ts
 * const loaded = await loadPlugin({ name: 'quiz', path: 'plugins/quiz', options: {}, enabled: true }, loaderOptions);
 * ```
 */
export async function loadPlugin(
  entry: PluginEntry,
  options: PluginLoaderOptions,
): Promise<LoadedPlugin> {
  const { module, codeVersion, directory } = await importModule(entry, options);
  const factory = pickFactory(module);
  if (factory === undefined) {
    throw new EngineError('CMZ_ERR_PLUGIN_INVALID', {
      args: [entry.name, 'the module exports no factory (default export or createPlugin)'],
    });
  }
  let plugin: Plugin;
  try {
    plugin = await factory(entry.options);
  } catch (cause) {
    throw new EngineError('CMZ_ERR_PLUGIN_LOAD_FAILED', {
      args: [entry.name, `its factory threw: ${firstLine(cause)}`],
      cause,
    });
  }
  checkPlugin(entry.name, plugin, options.engineVersion);
  return { plugin, codeVersion, ...(directory ? { directory } : {}) };
}

/**
 * Checks a plugin object: valid shape, the configured name, a satisfied engine range.
 *
 * @example
 * ```ts
 * checkPlugin('quiz', plugin, '0.1.0');
 * ```
 */
export function checkPlugin(expectedName: string, plugin: Plugin, engineVersion: string): void {
  if (typeof plugin !== 'object' || plugin === null) {
    throw new EngineError('CMZ_ERR_PLUGIN_INVALID', {
      args: [expectedName, 'the factory returned no plugin object'],
    });
  }
  // Dependencies are checked later against the whole set; validate the rest alone.
  buildHookTable([{ ...plugin, dependsOn: [] }]);
  if (plugin.name !== expectedName) {
    throw new EngineError('CMZ_ERR_PLUGIN_INVALID', {
      args: [expectedName, `the module is named "${plugin.name}"`],
    });
  }
  if (plugin.name.startsWith('core:')) {
    throw new EngineError('CMZ_ERR_PLUGIN_INVALID', {
      args: [expectedName, '"core:" names are reserved for the engine'],
    });
  }
  if (
    plugin.engine !== undefined &&
    !semver.satisfies(engineVersion, plugin.engine, { includePrerelease: true })
  ) {
    throw new EngineError('CMZ_ERR_PLUGIN_ENGINE_MISMATCH', {
      args: [plugin.name, plugin.engine, engineVersion],
    });
  }
}

async function importModule(
  entry: PluginEntry,
  options: PluginLoaderOptions,
): Promise<{ module: Record<string, unknown>; codeVersion: string; directory?: string }> {
  try {
    if (entry.package !== undefined) {
      const module = (await import(entry.package)) as Record<string, unknown>;
      return { module, codeVersion: `package:${await packageVersion(entry.package)}` };
    }
    const path = entry.path as string;
    const directory = isAbsolute(path) ? path : resolve(options.baseDirectory, path);
    const { snapshot, codeVersion } = await snapshotDirectory(directory, options.snapshotRoot);
    const entryFile = await snapshotEntryFile(snapshot, await entryFileOf(directory));
    const module = (await import(pathToFileURL(join(snapshot, entryFile)).href)) as Record<
      string,
      unknown
    >;
    return { module, codeVersion, directory };
  } catch (cause) {
    if (EngineError.isInstance(cause)) throw cause;
    throw new EngineError('CMZ_ERR_PLUGIN_LOAD_FAILED', {
      args: [entry.name, firstLine(cause)],
      cause,
    });
  }
}

async function entryFileOf(directory: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8')) as {
    exports?: string | Record<string, unknown>;
    main?: string;
  };
  const exported =
    typeof manifest.exports === 'string' ? manifest.exports : manifest.exports?.['.'];
  if (typeof exported === 'string') return exported;
  return manifest.main ?? 'src/index.ts';
}

async function packageVersion(name: string): Promise<string> {
  try {
    const manifest = await import(`${name}/package.json`, { with: { type: 'json' } });
    return String((manifest.default as { version?: string }).version ?? 'unknown');
  } catch {
    return 'unknown';
  }
}

function pickFactory(module: Record<string, unknown>): PluginFactory | undefined {
  const candidate = module.default ?? module.createPlugin;
  return typeof candidate === 'function' ? (candidate as PluginFactory) : undefined;
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.split('\n')[0]?.slice(0, 300) ?? 'unknown error';
}
