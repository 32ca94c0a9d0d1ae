import { describe, expect, it } from 'vitest';
import { GuestIdentities } from './guest-identity.ts';

describe('GuestIdentities', () => {
  const guests = new GuestIdentities('a-secret-of-enough-length');

  it('verifies its own tokens and returns the visitor id', () => {
    const { visitorId, guestToken } = guests.issue();
    expect(visitorId).toMatch(/^v_[a-f0-9]{32}$/);
    expect(guests.verify(guestToken)).toBe(visitorId);
  });

  it('rejects tokens signed with another secret, tampered or malformed', () => {
    const { guestToken, visitorId } = new GuestIdentities(
      'another-secret-of-enough-length',
    ).issue();
    expect(guests.verify(guestToken)).toBeNull();
    const own = guests.issue();
    expect(guests.verify(own.guestToken.replace(own.visitorId, visitorId))).toBeNull();
    expect(guests.verify('g1.v_x.y')).toBeNull();
    expect(guests.verify('garbage')).toBeNull();
    expect(guests.verify(`g2.${own.visitorId}.${own.guestToken.split('.')[2]}`)).toBeNull();
  });

  it('refuses a short secret', () => {
    expect(() => new GuestIdentities('short')).toThrow();
  });
});
