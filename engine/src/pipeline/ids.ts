import { randomUUID } from 'node:crypto';

/**
 * A random, URL-safe id with a readable prefix (`m_` message, `r_` reply, `c_` conversation).
 *
 * @example
 * ```ts
 * newId('r'); // 'r_3f2c9a0e4b7d4c1e9f0a1b2c3d4e5f60'
 * ```
 */
export function newId(prefix: string): string {
  return `${prefix}_${randomUUID().replaceAll('-', '')}`;
}
