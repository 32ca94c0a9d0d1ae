/**
 * The secret that signs guest identities. Production sets `ENGINE_SECRET`; a development machine
 * gets a random one stored in the data directory (so guests keep their identity across restarts).
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
): Promise<string> {
  if (configured !== undefined) return configured;
  const file = join(dataDirectory, 'engine-secret');
  try {
    const stored = (await readFile(file, 'utf8')).trim();
    if (stored.length >= 16) return stored;
  } catch {
    // No stored secret yet: create one below.
  }
  await mkdir(dataDirectory, { recursive: true });
  const secret = randomBytes(32).toString('base64url');
  await writeFile(file, secret, { mode: 0o600 });
  warn(`ENGINE_SECRET is not set: using a generated development secret stored in ${file}`);
  return secret;
}
