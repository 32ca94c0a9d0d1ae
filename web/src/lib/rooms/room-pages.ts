/**
 * The room pages in the header navigation, by role (like `STAFF_PAGES`): teachers open class
 * sessions, keepers open live rooms, admins both.
 *
 * @module
 */
import type { Role } from '../session.svelte.ts';

/**
 * Links the header shows to users with one of `roles`.
 *
 * @example
 * ```ts
 * ROOM_PAGES.filter((link) => session.hasRole(...link.roles));
 * ```
 */
export const ROOM_PAGES = [
  { href: '/teach', key: 'nav.classSession', roles: ['educator', 'admin'] },
  { href: '/live/new', key: 'nav.liveRoom', roles: ['zookeeper', 'admin'] },
] as const satisfies readonly { href: string; key: string; roles: readonly Role[] }[];
