/**
 * Member tokens: proof that a socket is a room member it claims to be (`m1.<roomId>.<memberId>.
 * <hmac>`), like guest tokens. A student keeps it to rejoin after a reconnect with the same
 * nickname, votes and questions; it proves nothing outside its room.
 *
 * @module
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Signs and verifies member tokens with the engine secret.
 *
 * @example
 * ```ts
 * const tokens = new MemberTokens(secret);
 * const token = tokens.issue('rm_1', 'rmm_2');
 * tokens.verify(token); // { roomId: 'rm_1', memberId: 'rmm_2' }
 * ```
 */
export class MemberTokens {
  readonly #secret: string;

  constructor(secret: string) {
    this.#secret = secret;
  }

  /** A token for one member of one room. */
  issue(roomId: string, memberId: string): string {
    return `m1.${roomId}.${memberId}.${this.#sign(roomId, memberId)}`;
  }

  /** The room and member a token proves, or null when it is forged or malformed. */
  verify(token: string): { roomId: string; memberId: string } | null {
    const [version, roomId, memberId, signature, ...rest] = token.split('.');
    if (version !== 'm1' || !roomId || !memberId || !signature || rest.length > 0) return null;
    const expected = Buffer.from(this.#sign(roomId, memberId));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    return { roomId, memberId };
  }

  #sign(roomId: string, memberId: string): string {
    return createHmac('sha256', this.#secret)
      .update(`member:${roomId}:${memberId}`)
      .digest('base64url');
  }
}
