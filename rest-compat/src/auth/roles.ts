/**
 * The six roles of the product and the mapping from the older role vocabularies (the spec's
 * `User.role` enum, the old backend validator, the frontend) onto them.
 *
 * @module
 */

/** Every role, from most to least privileged. The same set as the engine's `Visitor['role']`. */
export const roles = ['admin', 'zookeeper', 'educator', 'parent', 'student', 'visitor'] as const;

/** One of the six roles. */
export type Role = (typeof roles)[number];

/**
 * Legacy role names and why each maps where it does. Keys are lower case.
 * Anything not here and not a current role is unknown: callers must fail closed on `null`.
 */
const legacyRoles: Readonly<Record<string, Role>> = {
  // The demo frontend's "member" was a visitor with a "My Conversations" page; conversations are
  // now always the caller's own, so a visitor already has what a member had.
  member: 'visitor',
  // The spec's `User.role` enum and the old validator use "user" for a signed-in account with no
  // staff duties: the least privileged signed-in role.
  user: 'visitor',
  // The old validator's "editor" edited animal content and configuration, which is what a
  // zookeeper does now.
  editor: 'zookeeper',
  // The old conversation access check spelled the admin role "administrator".
  administrator: 'admin',
};

/**
 * Maps a stored or claimed role value onto one of the six roles, ignoring case and surrounding
 * space. Returns `null` for anything unknown, so a typo never grants or silently lowers access.
 *
 * @example
 * ```ts
 * normalizeRole('Member'); // 'visitor'
 * normalizeRole('editor'); // 'zookeeper'
 * normalizeRole('root'); // null
 * ```
 */
export function normalizeRole(value: unknown): Role | null {
  if (typeof value !== 'string') return null;
  const key = value.trim().toLowerCase();
  if (isRole(key)) return key;
  return Object.hasOwn(legacyRoles, key) ? (legacyRoles[key] ?? null) : null;
}

/**
 * True when `value` is exactly one of the six current role names.
 *
 * @example
 * ```ts
 * isRole('parent'); // true
 * isRole('member'); // false (a legacy name: use normalizeRole)
 * ```
 */
export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}
