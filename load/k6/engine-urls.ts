/**
 * Where the scripts connect: `ENGINE_URLS` (comma-separated, one per node, e.g. behind no load
 * balancer) or `http://127.0.0.1:3000`. A VU picks its node by its number, so sockets split
 * evenly.
 *
 * @module
 */

/**
 * Every node URL.
 *
 * @example
 * ```ts
 * engineUrls(); // ['http://127.0.0.1:3000']
 * ```
 */
export function engineUrls(): string[] {
  return (__ENV.ENGINE_URLS ?? 'http://127.0.0.1:3000').split(',').map((url) => url.trim());
}

/**
 * This VU's node.
 *
 * @example
 * ```ts
 * const url = urlForVu();
 * ```
 */
export function urlForVu(): string {
  const urls = engineUrls();
  return urls[__VU % urls.length] as string;
}

/**
 * A numeric environment setting with a default.
 *
 * @example
 * ```ts
 * const holdSeconds = numberSetting('HOLD_SECONDS', 60);
 * ```
 */
export function numberSetting(name: string, fallback: number): number {
  const value = Number(__ENV[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}
