/**
 * The list of revoked token ids (logout, refresh). An entry only has to outlive its token, so
 * stores may drop it after `expiresAt` (a Redis TTL, a DynamoDB TTL attribute).
 *
 * @module
 */

/** Remembers revoked token ids until the tokens would have expired anyway. */
export interface TokenRevocationStore {
  isRevoked(tokenId: string): Promise<boolean>;
  /** `expiresAt` is the token's own expiry in epoch milliseconds. */
  revoke(tokenId: string, expiresAt: number): Promise<void>;
}

/**
 * An in-memory store for one process (tests and single-node development). Expired entries are
 * dropped when new ones are added, so memory stays bounded by the tokens revoked in one lifetime.
 *
 * @example
 * ```ts
 * const revocations = createMemoryTokenRevocations();
 * await revocations.revoke(principal.tokenId, principal.expiresAt);
 * await revocations.isRevoked(principal.tokenId); // true
 * ```
 */
export function createMemoryTokenRevocations(now: () => number = Date.now): TokenRevocationStore {
  const revoked = new Map<string, number>();
  return {
    async isRevoked(tokenId) {
      return revoked.has(tokenId);
    },
    async revoke(tokenId, expiresAt) {
      const atMs = now();
      for (const [id, expiry] of revoked) if (expiry <= atMs) revoked.delete(id);
      revoked.set(tokenId, expiresAt);
    },
  };
}
