/**
 * The feature-flag document (`quest-dev-feature-flags`, one item `flagDocumentId = "global"`).
 * A patch sets only the named flags, each as its own map path in one UpdateItem, so concurrent
 * patches of different flags both survive.
 *
 * @module
 */
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { auditStamp, systemClock, type ActorRef, type AuditStamp, type Clock } from './audit.ts';
import { isConditionFailure, runStore } from './store-operations.ts';

/** The stored flags. */
export interface FeatureFlagDocument {
  flags: Record<string, boolean>;
  /** Absent until the first patch. */
  modified?: AuditStamp;
}

/** Typed access to the flags. */
export interface FeatureFlagRepository {
  get(): Promise<FeatureFlagDocument>;
  /** Sets the given flags, keeps the others; returns the whole document. */
  patch(flags: Record<string, boolean>, actor?: ActorRef): Promise<FeatureFlagDocument>;
}

const documentKey = { flagDocumentId: 'global' };

/**
 * Creates the feature-flag repository.
 *
 * @example
 * ```ts
 * const flags = createFeatureFlagRepository({ document, tableName: names.featureFlags });
 * await flags.patch({ voice: true });
 * ```
 */
export function createFeatureFlagRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): FeatureFlagRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;

  return {
    async get() {
      const { Item } = await runStore(`GetItem ${tableName}`, () =>
        document.send(
          new GetCommand({ TableName: tableName, Key: documentKey, ConsistentRead: true }),
        ),
      );
      return toDocument(Item);
    },

    async patch(flags, actor) {
      // Map paths need the map to exist: create an empty document first, unless one already does.
      try {
        await runStore(`PutItem ${tableName}`, () =>
          document.send(
            new PutCommand({
              TableName: tableName,
              Item: { ...documentKey, flags: {} },
              ConditionExpression: 'attribute_not_exists(flagDocumentId)',
            }),
          ),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
      const entries = Object.entries(flags);
      const names: Record<string, string> = {};
      const values: Record<string, unknown> = { ':modified': auditStamp(clock, actor) };
      const assignments = entries.map(([flag, enabled], index) => {
        names[`#flag${index}`] = flag;
        values[`:flag${index}`] = enabled;
        return `flags.#flag${index} = :flag${index}`;
      });
      const { Attributes } = await runStore(`UpdateItem ${tableName}`, () =>
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: documentKey,
            UpdateExpression: `SET ${[...assignments, 'modified = :modified'].join(', ')}`,
            ...(entries.length > 0 ? { ExpressionAttributeNames: names } : {}),
            ExpressionAttributeValues: values,
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return toDocument(Attributes);
    },
  };
}

function toDocument(item: Record<string, unknown> | undefined): FeatureFlagDocument {
  const flags = (item?.flags as Record<string, boolean> | undefined) ?? {};
  const modified = item?.modified as AuditStamp | undefined;
  return modified === undefined ? { flags } : { flags, modified };
}
