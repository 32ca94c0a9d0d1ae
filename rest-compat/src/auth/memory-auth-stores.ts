/**
 * In-memory account and reset-token stores for tests and single-process development, until the
 * DynamoDB-backed ones exist. They follow the same contracts (case-insensitive email lookup,
 * single-use consume).
 *
 * @module
 */
import type { AuthUser, AuthUserStore, ResetTokenRecord, ResetTokenStore } from './auth-types.ts';
import { normalizeEmail } from './hash-identifier.ts';

/**
 * An account store over a fixed list of accounts (copied, so callers' objects are not changed).
 *
 * @example
 * ```ts
 * const users = createMemoryUserStore([{ userId: 'u1', email: 'a@b.org', displayName: 'A', role: 'parent', passwordHash }]);
 * await users.findByEmail('A@B.org'); // the account
 * ```
 */
export function createMemoryUserStore(accounts: readonly AuthUser[] = []): AuthUserStore {
  const byId = new Map(accounts.map((account) => [account.userId, { ...account }]));
  return {
    async findByEmail(email) {
      const wanted = normalizeEmail(email);
      for (const account of byId.values()) {
        if (normalizeEmail(account.email) === wanted) return { ...account };
      }
      return null;
    },
    async findById(userId) {
      const account = byId.get(userId);
      return account === undefined ? null : { ...account };
    },
    async setPasswordHash(userId, passwordHash) {
      const account = byId.get(userId);
      if (account !== undefined) account.passwordHash = passwordHash;
    },
  };
}

/**
 * A reset-token store in a Map; `consume` removes the entry it returns.
 *
 * @example
 * ```ts
 * const resetTokens = createMemoryResetTokenStore();
 * await resetTokens.save(hash, 'u1', Date.now() + 3_600_000);
 * await resetTokens.consume(hash); // { userId: 'u1', expiresAt: … }; a second call returns null
 * ```
 */
export function createMemoryResetTokenStore(): ResetTokenStore {
  const records = new Map<string, ResetTokenRecord>();
  return {
    async save(tokenHash, userId, expiresAt) {
      records.set(tokenHash, { userId, expiresAt });
    },
    async consume(tokenHash) {
      const record = records.get(tokenHash);
      records.delete(tokenHash);
      return record ?? null;
    },
  };
}
