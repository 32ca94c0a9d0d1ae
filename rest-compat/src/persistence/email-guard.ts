/**
 * Email uniqueness without transactions: before a user is written, a guard item
 * `{ userId: "email#<lowercased email>", guardOwner, claimedAt }` is put into the user table with
 * `attribute_not_exists(userId)`. DynamoDB serialises conditional writes per key, so of N
 * concurrent creates with one email exactly one claim succeeds. (A GSI cannot do this: index
 * reads are eventually consistent and cannot carry a write condition.)
 *
 * A crash between the claim and the user write leaves a dangling guard. It blocks that email only
 * until it is stale: older than `staleAfterMs` while its owner is missing or has another email.
 * Then a new claim takes it over with a conditional write on the old owner and claim time.
 *
 * @module
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { Clock } from './audit.ts';
import { ConditionFailed } from './persistence-errors.ts';
import { isConditionFailure, runStore, type StoredItem } from './store-operations.ts';

/** Key prefix of guard items; user ids may not start with it. */
export const emailGuardPrefix = 'email#';

/** Guard operations over one user table. */
export interface EmailGuard {
  /** Claims `email` for `ownerId`; idempotent for the same owner. Throws ConditionFailed. */
  claim(email: string, ownerId: string): Promise<void>;
  /** Releases the claim if `ownerId` still holds it. */
  release(email: string, ownerId: string): Promise<void>;
  /** The user id holding `email`, if any (may be dangling: check the user). */
  ownerOf(email: string): Promise<string | undefined>;
}

/**
 * Lowercases and trims an email, the form in which it is stored and guarded.
 *
 * @example
 * ```ts
 * normalizeEmail(' Parent1@Test.CMZ.org '); // 'parent1@test.cmz.org'
 * ```
 */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/**
 * Guard operations over `tableName` (the user table).
 *
 * @example
 * ```ts
 * const guard = createEmailGuard({ document, tableName, clock: systemClock, staleAfterMs: 60_000 });
 * await guard.claim('ana@example.org', 'user_0123456789ab');
 * ```
 */
export function createEmailGuard(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock: Clock;
  staleAfterMs: number;
}): EmailGuard {
  const { document, tableName, clock, staleAfterMs } = options;
  const keyOf = (email: string) => ({ userId: `${emailGuardPrefix}${email}` });

  const read = async (key: Record<string, unknown>) =>
    (
      await runStore(`GetItem ${tableName}`, () =>
        document.send(new GetCommand({ TableName: tableName, Key: key, ConsistentRead: true })),
      )
    ).Item;

  const isStale = async (guard: StoredItem, email: string): Promise<boolean> => {
    const claimedAt = Date.parse(String(guard.claimedAt));
    if (!(clock().getTime() - claimedAt > staleAfterMs)) return false;
    const owner = await read({ userId: String(guard.guardOwner) });
    return owner === undefined || normalizeEmail(String(owner.email)) !== email;
  };

  const put = (email: string, ownerId: string, condition: string, values: StoredItem) =>
    runStore(`PutItem ${tableName}`, () =>
      document.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keyOf(email),
            recordType: 'email-guard',
            guardOwner: ownerId,
            claimedAt: clock().toISOString(),
          },
          ConditionExpression: condition,
          ExpressionAttributeValues: values,
        }),
      ),
    );

  return {
    async claim(email, ownerId) {
      try {
        await put(email, ownerId, 'attribute_not_exists(userId) OR guardOwner = :owner', {
          ':owner': ownerId,
        });
        return;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const guard = await read(keyOf(email));
      if (guard === undefined || !(await isStale(guard, email))) {
        throw new ConditionFailed('user', ownerId, 'email_taken');
      }
      try {
        await put(email, ownerId, 'guardOwner = :previous AND claimedAt = :claimedAt', {
          ':previous': guard.guardOwner,
          ':claimedAt': guard.claimedAt,
        });
      } catch (error) {
        if (isConditionFailure(error)) throw new ConditionFailed('user', ownerId, 'email_taken');
        throw error;
      }
    },

    async release(email, ownerId) {
      try {
        await runStore(`DeleteItem ${tableName}`, () =>
          document.send(
            new DeleteCommand({
              TableName: tableName,
              Key: keyOf(email),
              ConditionExpression: 'guardOwner = :owner',
              ExpressionAttributeValues: { ':owner': ownerId },
            }),
          ),
        );
      } catch (error) {
        // Someone else holds it (or nobody does): nothing of ours to release.
        if (!isConditionFailure(error)) throw error;
      }
    },

    async ownerOf(email) {
      const guard = await read(keyOf(email));
      return guard === undefined ? undefined : String(guard.guardOwner);
    },
  };
}
