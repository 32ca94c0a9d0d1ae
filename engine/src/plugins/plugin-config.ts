/**
 * The deployment's plugin configuration (`plugins.config.json`, or the file `PLUGINS_CONFIG`
 * names): which plugins run, with which options, and where.
 *
 * @module
 */
import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.ts';

const pluginName = z.string().regex(/^[a-z][a-z0-9-]*$/, 'lowercase letters, digits and dashes');

/** One configured plugin. */
export const pluginEntrySchema = z
  .object({
    name: pluginName,
    /** A directory with a package.json (a workspace under `plugins/`), relative to the config file. */
    path: z.string().min(1).optional(),
    /** An installed npm package name (code reloads need a deploy; options reload live). */
    package: z.string().min(1).optional(),
    options: z.record(z.string(), z.unknown()).default({}),
    scope: z
      .object({
        animals: z.array(z.string().regex(/^[A-Za-z0-9_-]+$/)).optional(),
        roomTypes: z.array(z.enum(['private', 'school', 'live', 'tour'])).optional(),
      })
      .optional(),
    enabled: z.boolean().default(true),
  })
  .refine((entry) => (entry.path === undefined) !== (entry.package === undefined), {
    message: 'give exactly one of "path" or "package"',
  });

export const pluginConfigSchema = z.object({ plugins: z.array(pluginEntrySchema).default([]) });

export type PluginEntry = z.infer<typeof pluginEntrySchema>;
export type PluginConfig = z.infer<typeof pluginConfigSchema>;

/**
 * Validates a configuration object.
 *
 * @example
 * ```ts
 * parsePluginConfig({ plugins: [{ name: 'quiz', path: 'plugins/quiz' }] });
 * ```
 */
export function parsePluginConfig(value: unknown, source = 'plugin configuration'): PluginConfig {
  const result = pluginConfigSchema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const where = issue?.path.join('.') ?? '';
  throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
    args: [`${source} ${where}: ${issue?.message ?? 'invalid'}`],
  });
}

/**
 * Reads the configuration file; a missing file means "no plugins".
 *
 * @example
 * ```ts
 * const config = await readPluginConfig('plugins.config.json');
 * ```
 */
export async function readPluginConfig(file: string): Promise<PluginConfig> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { plugins: [] };
    throw error;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: [`${file}: ${(error as Error).message}`],
    });
  }
  return parsePluginConfig(value, file);
}
