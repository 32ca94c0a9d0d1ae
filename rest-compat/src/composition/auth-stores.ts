/**
 * Adapters from the DynamoDB repositories to the stores the auth service expects.
 *
 * @module
 */
import type { AuthUserStore, ResetTokenStore } from '../auth/auth-types.ts';
import type { TokenRevocationStore } from '../auth/token-revocations.ts';
import type { Repositories } from '../persistence/repositories.ts';

/**
 * The auth service's three stores, backed by DynamoDB.
 *
 * @example
 * ```ts
 * const { users, revocations, resetTokens } = createAuthStores(repositories);
 * ```
 */
export function createAuthStores(repositories: Pick<Repositories, 'users' | 'authTokens'>): {
  users: AuthUserStore;
  revocations: TokenRevocationStore;
  resetTokens: ResetTokenStore;
} {
  const { users, authTokens } = repositories;
  const toAuthUser = (record: Awaited<ReturnType<typeof users.get>>) =>
    record === undefined || record === null
      ? null
      : {
          userId: record.userId,
          email: record.email,
          displayName: record.displayName,
          role: record.role,
          ...(record.passwordHash ? { passwordHash: record.passwordHash } : {}),
          softDelete: record.softDelete,
        };
  return {
    users: {
      findByEmail: async (email) => toAuthUser(await users.getByEmail(email)),
      findById: async (userId) => toAuthUser(await users.get(userId)),
      setPasswordHash: (userId, passwordHash) => users.setPasswordHash(userId, passwordHash),
    },
    revocations: {
      isRevoked: (tokenId) => authTokens.isRevoked(tokenId),
      revoke: (tokenId, expiresAt) => authTokens.revoke(tokenId, new Date(expiresAt)),
    },
    resetTokens: {
      save: (tokenHash, userId, expiresAt) =>
        authTokens.saveResetToken(tokenHash, userId, new Date(expiresAt)),
      consume: async (tokenHash) => {
        const userId = await authTokens.consumeResetToken(tokenHash);
        // The repository already ignores expired tokens, so a found one is valid now.
        return userId === null ? null : { userId, expiresAt: Number.MAX_SAFE_INTEGER };
      },
    },
  };
}
