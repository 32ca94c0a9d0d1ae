/**
 * A child's parental controls (today: the daily chat-time limit), stored in the user table as an
 * extra record next to the child's account (`recordType: 'parental-controls'`, key
 * `parental-controls#<userId>`), so no new table is needed and user listings skip it like the
 * email guards.
 *
 * @module
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  auditStamp,
  systemClock,
  type ActorRef,
  type AuditStamp,
  type Clock,
} from '../persistence/audit.ts';
import { runStore } from '../persistence/store-operations.ts';

/** One child's controls. `dailyLimitMinutes: null` means no limit. */
export interface ParentalControls {
  userId: string;
  dailyLimitMinutes: number | null;
  modified?: AuditStamp;
}

/** Reads and writes parental controls. */
export interface ParentalControlsRepository {
  /** The child's controls (no limit when none were set). */
  get(userId: string): Promise<ParentalControls>;
  set(
    userId: string,
    dailyLimitMinutes: number | null,
    actor?: ActorRef,
  ): Promise<ParentalControls>;
  /** Removes the record (privacy deletion of the child). */
  remove(userId: string): Promise<void>;
}

const keyOf = (userId: string) => `parental-controls#${userId}`;

/**
 * Creates the repository over the user table.
 *
 * @example
 * ```ts
 * const controls = createParentalControlsRepository({ document, tableName: names.user });
 * await controls.set('user_child', 45);
 * ```
 */
export function createParentalControlsRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): ParentalControlsRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  return {
    async get(userId) {
      const { Item } = await runStore(`GetItem ${tableName}`, () =>
        document.send(
          new GetCommand({
            TableName: tableName,
            Key: { userId: keyOf(userId) },
            ConsistentRead: true,
          }),
        ),
      );
      const limit = Item?.dailyLimitMinutes;
      return {
        userId,
        dailyLimitMinutes: typeof limit === 'number' ? limit : null,
        ...(Item?.modified ? { modified: Item.modified as AuditStamp } : {}),
      };
    },
    async set(userId, dailyLimitMinutes, actor) {
      const modified = auditStamp(clock, actor);
      await runStore(`PutItem ${tableName}`, () =>
        document.send(
          new PutCommand({
            TableName: tableName,
            Item: {
              userId: keyOf(userId),
              recordType: 'parental-controls',
              childUserId: userId,
              ...(dailyLimitMinutes === null ? {} : { dailyLimitMinutes }),
              modified,
            },
          }),
        ),
      );
      return { userId, dailyLimitMinutes, modified };
    },
    async remove(userId) {
      await runStore(`DeleteItem ${tableName}`, () =>
        document.send(new DeleteCommand({ TableName: tableName, Key: { userId: keyOf(userId) } })),
      );
    },
  };
}
