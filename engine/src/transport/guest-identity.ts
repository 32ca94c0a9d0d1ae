/**
 * Guest identities for visitors without an account: a random visitor id plus an HMAC signature,
 * so a client can come back as the same visitor (and continue its conversations) but cannot
 * claim someone else's id.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { newId } from '../pipeline/ids.ts';

/** A guest visitor id and the token that proves it. */
export interface GuestIdentity {
  visitorId: string;
  guestToken: string;
}

/**
 * Issues and verifies guest tokens of the form `g1.<visitorId>.<signature>`.
 *
 * @example
 * ```ts
 * const guests = new GuestIdentities(secret);
 * const { visitorId, guestToken } = guests.issue();
 * guests.verify(guestToken); // visitorId
 * ```
 */
export class GuestIdentities {
  readonly #secret: string;

  constructor(secret: string) {
    if (secret.length < 16)
      throw new Error('the guest identity secret must have at least 16 characters');
    this.#secret = secret;
  }

  /** A new guest. */
  issue(): GuestIdentity {
    const visitorId = newId('v');
    return { visitorId, guestToken: `g1.${visitorId}.${this.#sign(visitorId)}` };
  }

  /** The visitor id a token proves, or null for a forged or malformed token. */
  verify(token: string): string | null {
    const [version, visitorId, signature] = token.split('.');
    if (version !== 'g1' || !visitorId || !signature || !/^v_[a-f0-9]{32}$/.test(visitorId))
      return null;
    const expected = Buffer.from(this.#sign(visitorId));
    const given = Buffer.from(signature);
    return expected.length === given.length && timingSafeEqual(expected, given) ? visitorId : null;
  }

  #sign(visitorId: string): string {
    return createHmac('sha256', this.#secret).update(`guest:${visitorId}`).digest('base64url');
  }
}
