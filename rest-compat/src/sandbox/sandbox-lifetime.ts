/**
 * How long a sandbox lives: `SANDBOX_TTL_MINUTES` (the original's variable), 30 by default.
 *
 * @module
 */

/**
 * The lifetime in milliseconds.
 *
 * @example
 * ```ts
 * sandboxLifetimeMs({}); // 1_800_000
 * ```
 */
export function sandboxLifetimeMs(
  environment: Readonly<Record<string, string | undefined>>,
): number {
  const raw = environment.SANDBOX_TTL_MINUTES?.trim();
  const minutes = raw === undefined || raw === '' ? 30 : Number(raw);
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 1440)
    throw new Error('SANDBOX_TTL_MINUTES must be a whole number of minutes from 1 to 1440');
  return minutes * 60_000;
}
