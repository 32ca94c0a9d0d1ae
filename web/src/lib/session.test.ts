import { describe, expect, it } from 'vitest';
import { landingPage, normalizeRole, parseUser, Session, USER_KEY } from './session.svelte.ts';
import { BEARER_TOKEN_KEY } from './socket-client.ts';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key: string) => data.get(key) ?? null,
    setItem: (key: string, value: string) => void data.set(key, value),
    removeItem: (key: string) => void data.delete(key),
  };
}

const bella = { userId: 'u_1', role: 'zookeeper' as const, displayName: 'Kim Keeper' };

describe('Session', () => {
  it('is not ready and signed out until the browser storage is read', () => {
    const session = new Session(() => memoryStorage());
    expect(session.ready).toBe(false);
    expect(session.signedIn).toBe(false);
    session.restore();
    expect(session.ready).toBe(true);
    expect(session.user).toBeNull();
  });

  it('stores the token under cmz_token and the user under cmz_user, and restores them', () => {
    const storage = memoryStorage();
    const first = new Session(() => storage);
    first.signIn('jwt-1', bella);
    expect(storage.data.get(BEARER_TOKEN_KEY)).toBe('jwt-1');
    expect(JSON.parse(storage.data.get(USER_KEY) ?? '')).toEqual(bella);

    const second = new Session(() => storage);
    second.restore();
    expect(second.token).toBe('jwt-1');
    expect(second.user).toEqual(bella);
    expect(second.hasRole('admin', 'zookeeper')).toBe(true);
    expect(second.hasRole('educator')).toBe(false);
  });

  it('clears both keys on sign-out', () => {
    const storage = memoryStorage();
    const session = new Session(() => storage);
    session.signIn('jwt-1', bella);
    session.clear();
    expect(storage.data.size).toBe(0);
    expect(session.user).toBeNull();
    expect(session.hasRole('zookeeper')).toBe(false);
  });

  it('treats a broken or half-stored sign-in as signed out, without touching it', () => {
    const broken = memoryStorage({ [BEARER_TOKEN_KEY]: 'jwt', [USER_KEY]: '{not json' });
    const session = new Session(() => broken);
    session.restore();
    expect(session.signedIn).toBe(false);
    // Another tab may be half-way through signing in: clearing would sign it out again.
    expect(broken.data.size).toBe(2);

    const noToken = memoryStorage({ [USER_KEY]: JSON.stringify(bella) });
    const other = new Session(() => noToken);
    other.restore();
    expect(other.user).toBeNull();
    expect(noToken.data.size).toBe(1);
  });

  it('works without storage (privacy mode)', () => {
    const session = new Session(() => null);
    session.signIn('jwt', bella);
    expect(session.signedIn).toBe(true);
    session.restore();
    expect(session.signedIn).toBe(false);
  });
});

describe('parseUser and normalizeRole', () => {
  it('reads the /api/auth user, mapping legacy roles', () => {
    expect(
      parseUser({ userId: 'u', email: 'a@b.org', role: 'editor', displayName: 'Ann', name: 'Ann' }),
    ).toEqual({ userId: 'u', email: 'a@b.org', role: 'zookeeper', displayName: 'Ann' });
    expect(parseUser({ user_id: 'u', role: 'member', email: 'a@b.org' })).toMatchObject({
      role: 'visitor',
      displayName: 'a@b.org',
    });
    expect(normalizeRole('Administrator')).toBe('admin');
    expect(normalizeRole('superuser')).toBeNull();
    expect(parseUser({ userId: 'u', role: 'superuser' })).toBeNull();
    expect(parseUser(null)).toBeNull();
  });
});

describe('landingPage', () => {
  it('sends admins and zookeepers to the staff dashboard, everyone else to the animals', () => {
    expect(landingPage('admin')).toBe('/staff');
    expect(landingPage('zookeeper')).toBe('/staff');
    expect(landingPage('educator')).toBe('/');
    expect(landingPage('parent')).toBe('/');
    expect(landingPage('visitor')).toBe('/');
  });

  it('honours a local next path only', () => {
    expect(landingPage('parent', '/parent')).toBe('/parent');
    expect(landingPage('parent', '//evil.example')).toBe('/');
    expect(landingPage('parent', 'https://evil.example')).toBe('/');
    expect(landingPage('admin', '/\\evil.example')).toBe('/staff');
  });
});
