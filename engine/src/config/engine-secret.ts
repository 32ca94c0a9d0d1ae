/**
 * Secrets with a development fallback: the one that signs guest identities (`ENGINE_SECRET`) and
 * the plugin admin token (`ADMIN_TOKEN`). Production sets them; a development machine gets random
 * values stored in the data directory (so they survive restarts and the CLI can read them).
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Returns `configured` or the stored development secret, creating it on first use.
 *
 * @example
 * ```ts
 * const secret = await resolveEngineSecret(config.ENGINE_SECRET, config.DATA_DIR, (text) => logger.warn(text));
 * ```
 */
export async function resolveEngineSecret(
  configured: string | undefined,
  dataDirectory: string,
  warn: (message: string) => void,
  name = 'engine-secret',
): Promise<string> {
  if (configured !== undefined) return configured;
  const file = join(dataDirectory, name);
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return stored;
  } catch {
    // No stored secret yet: create one below.
  }
  await mkdir(dataDirectory, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  warn(
    `${name.toUpperCase().replaceAll('-', '_')} is not set: using a generated development value stored in ${file}`,
  );
  return secret;
}
