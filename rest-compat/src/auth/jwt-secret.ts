/**
 * Where the JWT signing secret comes from: `JWT_SECRET`, or in development a generated secret
 * stored in the data directory (shared logic with the engine's own secrets).
 *
 * @module
 */
import { resolveEngineSecret } from '@cmz/engine';
import { EngineError } from '@cmz/engine';

/** HS256 wants a key at least as long as its 256-bit output. */
const minimumSecretLength = 32;

/**
 * Returns the configured secret, or (when none is configured and this is not production) a
 * generated one persisted in `<dataDirectory>/jwt-secret`, with a warning through `warn`.
 * Production must configure it: nodes with different generated secrets reject each other's
 * tokens. A configured secret shorter than 32 characters is refused.
 *
 * @example
 * ```ts
 * const secret = await resolveJwtSecret(process.env.JWT_SECRET, '.data', (text) => logger.warn(text));
 * ```
 */
export async function resolveJwtSecret(
  environmentValue: string | undefined,
  dataDirectory: string,
  warn: (message: string) => void,
  options: { production?: boolean } = {},
): Promise<string> {
  const configured = environmentValue === '' ? undefined : environmentValue;
  if (configured === undefined && options.production === true) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', { args: ['JWT_SECRET is required'] });
  }
  if (configured !== undefined && configured.length < minimumSecretLength) {
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', {
      args: [`JWT_SECRET must be at least ${minimumSecretLength} characters`],
    });
  }
  return resolveEngineSecret(configured, dataDirectory, warn, 'jwt-secret');
}
