/**
 * The feature-flag document (`quest-dev-feature-flags`, one item `flagDocumentId = "global"`).
 * Each flag is `{enabled, rollout}` (the spec's FeatureFlags values; rollout is the share of
 * users, 0 to 1). A patch sets only the named flags, each as its own map path in one UpdateItem,
 * so concurrent patches of different flags both survive. A patch naming only one field of a flag
 * keeps the other from the value read just before (a concurrent patch of the other field of the
 * same flag can be lost; of different flags, never).
 *
 * Flags stored as plain booleans by earlier versions read as `{enabled: <boolean>, rollout: 1}`.
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

/** One flag: on or off, and for which share of users (0 to 1). */
export interface FeatureFlagValue {
  enabled: boolean;
  rollout: number;
}

/** A patch: per flag, the fields to set (a new flag defaults to disabled, rollout 1). */
export type FeatureFlagPatch = Record<string, Partial<FeatureFlagValue>>;

/** The stored flags. */
export interface FeatureFlagDocument {
  flags: Record<string, FeatureFlagValue>;
  /** Absent until the first patch. */
  modified?: AuditStamp;
}

/** Typed access to the flags. */
export interface FeatureFlagRepository {
  get(): Promise<FeatureFlagDocument>;
  /** Sets the given flags, keeps the others; returns the whole document. RangeError for a rollout outside 0–1. */
  patch(flags: FeatureFlagPatch, actor?: ActorRef): Promise<FeatureFlagDocument>;
}

const documentKey = { flagDocumentId: 'global' };

/**
 * Creates the feature-flag repository.
 *
 * @example
 * ```ts
 * const flags = createFeatureFlagRepository({ document, tableName: names.featureFlags });
 * await flags.patch({ voice: { enabled: true, rollout: 0.25 } });
 * ```
 */
export function createFeatureFlagRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): FeatureFlagRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;

  const get = async () => {
    const { Item } = await runStore(`GetItem ${tableName}`, () =>
      document.send(
        new GetCommand({ TableName: tableName, Key: documentKey, ConsistentRead: true }),
      ),
    );
    return toDocument(Item);
  };

  return {
    get,

    async patch(patch, actor) {
      const flags = mergeFlags(patch, Object.keys(patch).length > 0 ? (await get()).flags : {});
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
      const assignments = entries.map(([flag, value], index) => {
        names[`#flag${index}`] = flag;
        values[`:flag${index}`] = value;
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

/** Full values for the patched flags: given fields over the current value over the defaults. */
function mergeFlags(
  patch: FeatureFlagPatch,
  current: Record<string, FeatureFlagValue>,
): Record<string, FeatureFlagValue> {
  return Object.fromEntries(
    Object.entries(patch).map(([flag, fields]) => {
      const value = { enabled: false, rollout: 1, ...current[flag], ...definedFields(fields) };
      if (!(value.rollout >= 0 && value.rollout <= 1)) {
        throw new RangeError(`rollout of flag ${flag} must be between 0 and 1`);
      }
      return [flag, value];
    }),
  );
}

function definedFields(fields: Partial<FeatureFlagValue>): Partial<FeatureFlagValue> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as Partial<FeatureFlagValue>;
}

function toDocument(item: Record<string, unknown> | undefined): FeatureFlagDocument {
  const stored = (item?.flags as Record<string, unknown> | undefined) ?? {};
  const flags = Object.fromEntries(
    Object.entries(stored).map(([flag, value]) => [flag, toFlagValue(value)]),
  );
  const modified = item?.modified as AuditStamp | undefined;
  return modified === undefined ? { flags } : { flags, modified };
}

function toFlagValue(value: unknown): FeatureFlagValue {
  if (typeof value === 'boolean') return { enabled: value, rollout: 1 };
  const fields = (value ?? {}) as Partial<FeatureFlagValue>;
  return {
    enabled: fields.enabled === true,
    rollout: typeof fields.rollout === 'number' ? fields.rollout : 1,
  };
}
