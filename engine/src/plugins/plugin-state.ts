/**
 * Plugin state stores: each plugin gets keys under its own name, in memory (one node) or in
 * Redis (`cmz:plugin:<name>:<key>`, shared by every node, kept across reloads and restarts).
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { withStoreErrors } from '../session/store-errors.ts';
import type { PluginStateStore } from './plugin-types.ts';

/** Creates the state store of one plugin. */
export type PluginStateFactory = (pluginName: string) => PluginStateStore;

/**
 * In-memory plugin state (values are copied through JSON so plugins cannot share references).
 *
 * @example
 * ```ts
 * const stateFor = createMemoryPluginState();
 * await stateFor('quiz').set('round', 2);
 * ```
 */
export function createMemoryPluginState(now: () => number = Date.now): PluginStateFactory {
  const values = new Map<string, { json: string; expiresAt: number | undefined }>();
  return (pluginName) => {
    const key = (name: string) => `${pluginName}:${name}`;
    return {
      async get<T>(name: string) {
        const entry = values.get(key(name));
        if (entry === undefined) return undefined;
        if (entry.expiresAt !== undefined && entry.expiresAt <= now()) {
          values.delete(key(name));
          return undefined;
        }
        return JSON.parse(entry.json) as T;
      },
      async set(name, value, options = {}) {
        const json = toJson(value);
        if (json === undefined) {
          values.delete(key(name));
          return;
        }
        const expiresAt =
          options.ttlSeconds === undefined ? undefined : now() + options.ttlSeconds * 1000;
        values.set(key(name), { json, expiresAt });
      },
      async delete(name) {
        values.delete(key(name));
      },
    };
  };
}

/**
 * Redis plugin state.
 *
 * @example
 * ```ts
 * const stateFor = createRedisPluginState(redis);
 * ```
 */
export function createRedisPluginState(redis: Redis, keyPrefix = 'cmz:'): PluginStateFactory {
  return (pluginName) => {
    const key = (name: string) => `${keyPrefix}plugin:${pluginName}:${name}`;
    return {
      get: <T>(name: string) =>
        withStoreErrors(async () => {
          const json = await redis.get(key(name));
          return json === null ? undefined : (JSON.parse(json) as T);
        }),
      set: async (name, value, options = {}) => {
        const json = toJson(value);
        if (json === undefined)
          return withStoreErrors(async () => void (await redis.del(key(name))));
        return withStoreErrors(async () => {
          if (options.ttlSeconds === undefined) await redis.set(key(name), json);
          else await redis.set(key(name), json, 'EX', Math.max(1, Math.round(options.ttlSeconds)));
        });
      },
      delete: (name) =>
        withStoreErrors(async () => {
          await redis.del(key(name));
        }),
    };
  };
}

/**
 * JSON text of a state value; `undefined` means "no value" (the key is removed). A value JSON cannot
 * represent (a BigInt, a cycle) is the plugin's bug: it fails here, the same way on every backend.
 */
function toJson(value: unknown): string | undefined {
  if (value === undefined) return undefined;
  const json = JSON.stringify(value);
  if (json === undefined) throw new TypeError('plugin state values must be JSON-serializable');
  return json;
}
