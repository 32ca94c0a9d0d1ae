/**
 * Where a student or viewer keeps their room membership between reconnects and reloads of the
 * same tab: `sessionStorage['cmz.room.<CODE>']` holds the `memberToken` and nickname the first
 * `room:join` answered. Rejoining with the token keeps the nickname, the votes and the place
 * (docs/rooms.md). `sessionStorage` rather than `localStorage`: a class computer shared by the next
 * group of children starts fresh when the tab is closed, and two tabs are two members.
 *
 * @module
 */

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

/** What is kept per room. */
export interface StoredMembership {
  memberToken: string;
  nickname: string;
}

const PREFIX = 'cmz.room.';

/**
 * The storage key of one room's membership (codes are case-insensitive).
 *
 * @example
 * ```ts
 * membershipKey('k7qx2m'); // 'cmz.room.K7QX2M'
 * ```
 */
export function membershipKey(joinCode: string): string {
  return PREFIX + joinCode.trim().toUpperCase();
}

/**
 * Reads and writes memberships; every method tolerates a missing or broken storage (privacy
 * mode), in which case a reconnect joins again with the nickname instead.
 *
 * @example
 * ```ts
 * const store = new MemberTokenStore();
 * store.save('K7QX2M', { memberToken: 't', nickname: 'Brave Otter' });
 * store.load('K7QX2M')?.memberToken; // 't'
 * ```
 */
export class MemberTokenStore {
  readonly #storage: () => KeyValueStorage | null;

  constructor(storage: () => KeyValueStorage | null = browserSessionStorage) {
    this.#storage = storage;
  }

  load(joinCode: string): StoredMembership | null {
    try {
      const raw = this.#storage()?.getItem(membershipKey(joinCode));
      if (!raw) return null;
      const value = JSON.parse(raw) as Partial<StoredMembership> | null;
      if (typeof value?.memberToken !== 'string' || !value.memberToken) return null;
      return { memberToken: value.memberToken, nickname: String(value.nickname ?? '') };
    } catch {
      return null;
    }
  }

  save(joinCode: string, membership: StoredMembership): void {
    try {
      this.#storage()?.setItem(membershipKey(joinCode), JSON.stringify(membership));
    } catch {
      // Storage full or disabled: the membership lasts as long as the connection.
    }
  }

  /** After removal or the end of the room: the token is refused from now on. */
  forget(joinCode: string): void {
    try {
      this.#storage()?.removeItem(membershipKey(joinCode));
    } catch {
      // nothing kept, nothing to forget
    }
  }
}

function browserSessionStorage(): KeyValueStorage | null {
  try {
    return typeof sessionStorage === 'undefined' ? null : sessionStorage;
  } catch {
    return null;
  }
}
