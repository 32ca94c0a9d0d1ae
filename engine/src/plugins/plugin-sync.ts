/**
 * Keeps every node on the same plugin versions: an admin action runs on the node that received
 * it, then is broadcast on a Redis channel so every other node performs the same action from its
 * own copy of the files. A registry hash records what each plugin was last set to.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import { z } from 'zod';
import { newId } from '../pipeline/ids.ts';
import type { Logger } from '../telemetry/logger.ts';
import { pluginEntrySchema, type PluginEntry } from './plugin-config.ts';
import type { PluginHost, PluginStatus } from './plugin-host.ts';

/** One plugin action. */
export type PluginAction =
  { action: 'reload'; name: string; entry?: PluginEntry } | { action: 'unload'; name: string };

const commandSchema = z.object({
  origin: z.string(),
  action: z.enum(['reload', 'unload']),
  name: z.string(),
  entry: pluginEntrySchema.optional(),
});

/** Runs plugin actions here and on every other node. */
export interface PluginSync {
  /** Performs the action locally, then tells the other nodes (only when it succeeded here). */
  run(action: PluginAction): Promise<PluginStatus | undefined>;
  close(): Promise<void>;
}

/**
 * Local-only sync (one node, no Redis).
 *
 * @example
 * ```ts
 * const sync = createLocalPluginSync(engine.plugins);
 * await sync.run({ action: 'reload', name: 'quiz' });
 * ```
 */
export function createLocalPluginSync(host: PluginHost): PluginSync {
  return { run: (action) => perform(host, action), close: async () => {} };
}

/**
 * Redis-backed sync. `subscriber` must be a dedicated connection (it enters subscribe mode).
 *
 * @example
 * ```ts
 * const sync = await createRedisPluginSync({ host: engine.plugins, publisher, subscriber, logger });
 * ```
 */
export async function createRedisPluginSync(options: {
  host: PluginHost;
  publisher: Redis;
  subscriber: Redis;
  logger: Logger;
  keyPrefix?: string;
}): Promise<PluginSync> {
  const { host, publisher, subscriber, logger } = options;
  const channel = `${options.keyPrefix ?? 'cmz:'}plugins:commands`;
  const registry = `${options.keyPrefix ?? 'cmz:'}plugins:registry`;
  const origin = newId('node');
  const onMessage = (received: string, message: string) => {
    if (received !== channel) return;
    const parsed = commandSchema.safeParse(safeJson(message));
    if (!parsed.success || parsed.data.origin === origin) return;
    const { action, name, entry } = parsed.data;
    const command: PluginAction =
      action === 'unload' ? { action, name } : { action, name, ...(entry ? { entry } : {}) };
    perform(host, command).then(
      (status) =>
        logger.info(
          { plugin: name, action, codeVersion: status?.codeVersion },
          'plugin action from another node applied',
        ),
      (error: unknown) =>
        logger.error(
          { plugin: name, action, reason: String(error) },
          'plugin action from another node failed',
        ),
    );
  };
  subscriber.on('message', onMessage);
  await subscriber.subscribe(channel);
  return {
    async run(action) {
      const status = await perform(host, action);
      await publisher.publish(channel, JSON.stringify({ ...action, origin }));
      if (action.action === 'unload') await publisher.hdel(registry, action.name);
      else
        await publisher.hset(
          registry,
          action.name,
          JSON.stringify({
            version: status?.version,
            codeVersion: status?.codeVersion,
            at: new Date().toISOString(),
          }),
        );
      return status;
    },
    async close() {
      subscriber.off('message', onMessage);
      await subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}

async function perform(host: PluginHost, action: PluginAction): Promise<PluginStatus | undefined> {
  if (action.action === 'unload') {
    await host.unload(action.name);
    return undefined;
  }
  return host.reload(action.name, action.entry);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
