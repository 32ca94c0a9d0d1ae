/**
 * The signed-in user, kept in `localStorage` (`cmz_token`: the REST layer's JWT, which the socket
 * client also sends; `cmz_user`: the user's id, role and name), as reactive state (Svelte 5 runes).
 *
 * The token lives in the browser only, so the server renders every page signed out; pages for
 * staff check the role in the browser (see `RequireRole.svelte`) and fetch their data there.
 * The store is filled only in the browser ({@link Session.restore} runs from `onMount`), so the
 * module-level {@link session} never carries one visitor's account into another's server render.
 *
 * @module
 */
import { BEARER_TOKEN_KEY } from './socket-client.ts';

/** Where the signed-in user's public details are kept (the original app's key). */
export const USER_KEY = 'cmz_user';

/** The six roles of the REST layer (legacy names are mapped by {@link normalizeRole}). */
export const ROLES = ['admin', 'zookeeper', 'educator', 'parent', 'student', 'visitor'] as const;
export type Role = (typeof ROLES)[number];

export interface SessionUser {
  userId: string;
  role: Role;
  displayName: string;
  email?: string;
}

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** `member`/`user` are visitors, `editor` a zookeeper, `administrator` an admin (docs/rest-roles.md). */
export function normalizeRole(value: unknown): Role | null {
  if (typeof value !== 'string') return null;
  const role = value.toLowerCase();
  if ((ROLES as readonly string[]).includes(role)) return role as Role;
  if (role === 'member' || role === 'user') return 'visitor';
  if (role === 'editor') return 'zookeeper';
  if (role === 'administrator') return 'admin';
  return null;
}

/** Reads the `user` of a `POST /api/auth` answer (or a stored copy); null when unusable. */
export function parseUser(value: unknown): SessionUser | null {
  if (!value || typeof value !== 'object') return null;
  const record = value as Record<string, unknown>;
  const userId = record.userId ?? record.user_id;
  const role = normalizeRole(record.role);
  if (typeof userId !== 'string' || !userId || !role) return null;
  const name = record.displayName ?? record.name;
  const email = typeof record.email === 'string' ? record.email : undefined;
  return {
    userId,
    role,
    displayName: typeof name === 'string' && name ? name : (email ?? userId),
    ...(email ? { email } : {}),
  };
}

/**
 * Where a user lands after signing in: `next` when it is a path of this site, else admins and
 * zookeepers go to the staff dashboard and everyone else to the animals (cmz-api.md §2.3).
 */
export function landingPage(role: Role, next?: string | null): string {
  if (next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\')) {
    return next;
  }
  return role === 'admin' || role === 'zookeeper' ? '/staff' : '/';
}

/** The staff pages and who may open them (the header shows the links by role). */
export const STAFF_PAGES = [
  { href: '/staff', key: 'nav.dashboard', roles: ['admin', 'zookeeper', 'educator'] },
  { href: '/staff/animals', key: 'nav.staffAnimals', roles: ['admin', 'zookeeper'] },
  { href: '/staff/families', key: 'nav.families', roles: ['admin', 'educator'] },
  { href: '/staff/users', key: 'nav.users', roles: ['admin'] },
  { href: '/parent', key: 'nav.parent', roles: ['parent'] },
] as const satisfies readonly { href: string; key: string; roles: readonly Role[] }[];

export class Session {
  /** Null when signed out. */
  user = $state<SessionUser | null>(null);
  token = $state<string | null>(null);
  /** False until the browser storage was read (always false during server rendering). */
  ready = $state(false);

  readonly #storage: () => KeyValueStorage | null;

  constructor(storage: () => KeyValueStorage | null = browserStorage) {
    this.#storage = storage;
  }

  get signedIn(): boolean {
    return this.user !== null && this.token !== null;
  }

  /** True when signed in with one of `roles`. */
  hasRole(...roles: readonly Role[]): boolean {
    return this.user !== null && this.token !== null && roles.includes(this.user.role);
  }

  /**
   * Reads the stored sign-in (browser only). A half-written or broken entry counts as signed
   * out but is left alone: another tab may be in the middle of signing in (clearing it here
   * would sign that tab out again through its `storage` event).
   */
  restore(): void {
    const storage = this.#storage();
    const token = storage?.getItem(BEARER_TOKEN_KEY) ?? null;
    let user: SessionUser | null;
    try {
      user = parseUser(JSON.parse(storage?.getItem(USER_KEY) ?? 'null'));
    } catch {
      user = null;
    }
    if (token && user) {
      this.token = token;
      this.user = user;
    } else {
      this.token = null;
      this.user = null;
    }
    this.ready = true;
  }

  /** Keeps the answer of `POST /api/auth`. */
  signIn(token: string, user: SessionUser): void {
    const storage = this.#storage();
    storage?.setItem(USER_KEY, JSON.stringify(user));
    storage?.setItem(BEARER_TOKEN_KEY, token);
    this.token = token;
    this.user = user;
    this.ready = true;
  }

  /** Forgets the sign-in here (the caller revokes the token on the server first). */
  clear(): void {
    this.#clearStorage();
    this.token = null;
    this.user = null;
    this.ready = true;
  }

  #clearStorage(): void {
    const storage = this.#storage();
    storage?.removeItem(BEARER_TOKEN_KEY);
    storage?.removeItem(USER_KEY);
  }
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

/** The app's one session (filled only in the browser). */
export const session = new Session();
