/**
 * Revoked tokens and password-reset tokens (`quest-dev-auth-tokens`, PK `tokenKey` =
 * `revoked#<tokenId>` or `reset#<tokenHash>`).
 *
 * TTL is emulated: every item has `expiresAt` in epoch seconds (the format DynamoDB TTL expects,
 * so TTL can be switched on for that attribute in AWS), and reads ignore expired items. dynalite
 * has no TTL, so {@link AuthTokenRepository.purgeExpired} removes them on demand.
 *
 * Reset tokens are stored by hash only, never in clear, and consumed with a conditional delete:
 * of two concurrent consumers exactly one gets the user id.
 *
 * @module
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from './audit.ts';
import { batchDelete, isConditionFailure, runStore, scanAll } from './store-operations.ts';

/** Typed access to revocations and reset tokens. */
export interface AuthTokenRepository {
  /** Marks a token id (e.g. a JWT `jti`) revoked until `expiresAt` (its own expiry). */
  revoke(tokenId: string, expiresAt: Date): Promise<void>;
  /** True while a revocation is unexpired. */
  isRevoked(tokenId: string): Promise<boolean>;
  saveResetToken(tokenHash: string, userId: string, expiresAt: Date): Promise<void>;
  /** The user id, once; null when unknown, used or expired. */
  consumeResetToken(tokenHash: string): Promise<string | null>;
  /** Deletes expired items; returns how many. */
  purgeExpired(): Promise<number>;
}

/**
 * Creates the auth-token repository.
 *
 * @example
 * ```ts
 * const tokens = createAuthTokenRepository({ document, tableName: names.authTokens });
 * await tokens.revoke(jti, new Date(exp * 1000));
 * ```
 */
export function createAuthTokenRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): AuthTokenRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const nowSeconds = () => clock().getTime() / 1000;

  const put = (item: Record<string, unknown>) =>
    runStore(`PutItem ${tableName}`, () =>
      document.send(new PutCommand({ TableName: tableName, Item: item })),
    );

  return {
    async revoke(tokenId, expiresAt) {
      // Rounded up: a revocation must never lapse before the token itself does.
      await put({
        tokenKey: `revoked#${tokenId}`,
        expiresAt: Math.ceil(expiresAt.getTime() / 1000),
      });
    },

    async isRevoked(tokenId) {
      const { Item } = await runStore(`GetItem ${tableName}`, () =>
        document.send(
          new GetCommand({
            TableName: tableName,
            Key: { tokenKey: `revoked#${tokenId}` },
            ConsistentRead: true,
          }),
        ),
      );
      return Item !== undefined && Number(Item.expiresAt) > nowSeconds();
    },

    async saveResetToken(tokenHash, userId, expiresAt) {
      // Rounded down: a reset link must never outlive the promised validity.
      await put({
        tokenKey: `reset#${tokenHash}`,
        userId,
        expiresAt: Math.floor(expiresAt.getTime() / 1000),
      });
    },

    async consumeResetToken(tokenHash) {
      try {
        const { Attributes } = await runStore(`DeleteItem ${tableName}`, () =>
          document.send(
            new DeleteCommand({
              TableName: tableName,
              Key: { tokenKey: `reset#${tokenHash}` },
              ConditionExpression: 'attribute_exists(tokenKey) AND expiresAt > :now',
              ExpressionAttributeValues: { ':now': nowSeconds() },
              ReturnValues: 'ALL_OLD',
            }),
          ),
        );
        return typeof Attributes?.userId === 'string' ? Attributes.userId : null;
      } catch (error) {
        if (isConditionFailure(error)) return null;
        throw error;
      }
    },

    async purgeExpired() {
      const expired = await scanAll(document, {
        TableName: tableName,
        FilterExpression: 'expiresAt <= :now',
        ExpressionAttributeValues: { ':now': nowSeconds() },
        ProjectionExpression: 'tokenKey',
      });
      await batchDelete(document, tableName, expired);
      return expired.length;
    },
  };
}
