/**
 * A visitor's remembered context in the user-context table (`quest-dev-user-context`, PK
 * `userId`): interests, favourite animals, learning level, unfinished lessons, the conversations
 * it was updated from, and the archive of conversation summaries. One item per user, so an
 * update is one conditional write (optimistic `version`, retried) and erasure is one delete.
 * Lists are bounded so the item stays far below DynamoDB's 400 KB limit. Nothing here is
 * personal data: callers validate every text against the PII detector before storing it.
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
import { isConditionFailure, runStore, type StoredItem } from './store-operations.ts';
import { StoreUnavailable } from './persistence-errors.ts';

/** The spec's learning levels. */
export type LearningLevel = 'elementary' | 'middle' | 'high' | 'adult';

/** A conversation the context was updated from (ids and times only). */
export interface ContextConversation {
  conversationId: string;
  animalId: string;
  timestamp: string;
  duration?: number;
}

/** One archived summary (`ContextSummaryArchive` without the user id). */
export interface ContextSummaryRecord {
  summaryId: string;
  summary: string;
  topics: string[];
  originalTokens: number;
  compressedTokens: number;
  compressionRatio: number;
  qualityScore: number;
  conversationsCovered: string[];
  createdAt: string;
  expiresAt: string | null;
}

/** Everything remembered about one user. */
export interface UserContextRecord {
  userId: string;
  interests: string[];
  favoriteAnimals: string[];
  learningLevel?: LearningLevel;
  unfinishedLessons: string[];
  conversations: ContextConversation[];
  /** Oldest first. */
  summaries: ContextSummaryRecord[];
  lastUpdated: string;
  version: number;
}

/** The editable part of a context. */
export type ContextFields = Omit<UserContextRecord, 'userId' | 'lastUpdated' | 'version'>;

/** Bounds of the lists kept per user (the newest entries win). */
export const contextLimits = {
  interests: 50,
  favoriteAnimals: 20,
  unfinishedLessons: 20,
  conversations: 100,
  summaries: 20,
} as const;

/** Typed access to user contexts. */
export interface ContextRepository {
  /** The stored context, or undefined when nothing was remembered yet. */
  get(userId: string): Promise<UserContextRecord | undefined>;
  /**
   * Applies `change` to the current context (an empty one when none) and stores the result,
   * retrying when another writer got there first. Lists are trimmed to {@link contextLimits}.
   */
  update(
    userId: string,
    change: (current: ContextFields) => ContextFields,
  ): Promise<UserContextRecord>;
  /** Deletes the context and its summaries; false when there was none. */
  remove(userId: string): Promise<boolean>;
}

const maxAttempts = 5;

/**
 * An empty context.
 *
 * @example
 * ```ts
 * emptyContext().interests; // []
 * ```
 */
export function emptyContext(): ContextFields {
  return {
    interests: [],
    favoriteAnimals: [],
    unfinishedLessons: [],
    conversations: [],
    summaries: [],
  };
}

/**
 * Creates the repository over the user-context table.
 *
 * @example
 * ```ts
 * const contexts = createContextRepository({ document, tableName: names.userContext });
 * await contexts.update('user_1', (current) => ({ ...current, interests: ['lions'] }));
 * ```
 */
export function createContextRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): ContextRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;

  const get = async (userId: string) => {
    const { Item } = await runStore(`GetItem ${tableName}`, () =>
      document.send(
        new GetCommand({ TableName: tableName, Key: { userId }, ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : toContextRecord(Item);
  };

  return {
    get,
    async update(userId, change) {
      for (let attempt = 1; ; attempt++) {
        const current = await get(userId);
        const fields = current === undefined ? emptyContext() : fieldsOf(current);
        const next: UserContextRecord = {
          ...bounded(change(fields)),
          userId,
          lastUpdated: clock().toISOString(),
          version: (current?.version ?? 0) + 1,
        };
        try {
          await runStore(`PutItem ${tableName}`, () =>
            document.send(
              new PutCommand({
                TableName: tableName,
                Item: withoutUndefined(next),
                ConditionExpression:
                  current === undefined ? 'attribute_not_exists(userId)' : 'version = :version',
                ...(current === undefined
                  ? {}
                  : { ExpressionAttributeValues: { ':version': current.version } }),
              }),
            ),
          );
          return next;
        } catch (error) {
          if (!isConditionFailure(error)) throw error;
          if (attempt === maxAttempts) {
            throw new StoreUnavailable(`PutItem ${tableName}`, { cause: error });
          }
        }
      }
    },
    async remove(userId) {
      const { Attributes } = await runStore(`DeleteItem ${tableName}`, () =>
        document.send(
          new DeleteCommand({ TableName: tableName, Key: { userId }, ReturnValues: 'ALL_OLD' }),
        ),
      );
      return Attributes !== undefined;
    },
  };
}

function fieldsOf(record: UserContextRecord): ContextFields {
  const fields: Partial<UserContextRecord> = { ...record };
  delete fields.userId;
  delete fields.lastUpdated;
  delete fields.version;
  return fields as ContextFields;
}

function bounded(fields: ContextFields): ContextFields {
  const newest = <T>(items: readonly T[], limit: number) => items.slice(-limit);
  return {
    ...fields,
    interests: newest(fields.interests, contextLimits.interests),
    favoriteAnimals: newest(fields.favoriteAnimals, contextLimits.favoriteAnimals),
    unfinishedLessons: newest(fields.unfinishedLessons, contextLimits.unfinishedLessons),
    conversations: newest(fields.conversations, contextLimits.conversations),
    summaries: newest(fields.summaries, contextLimits.summaries),
  };
}

function withoutUndefined(record: UserContextRecord): StoredItem {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined));
}

function toContextRecord(item: StoredItem): UserContextRecord {
  const list = <T>(value: unknown) => (Array.isArray(value) ? (value as T[]) : []);
  return {
    userId: String(item.userId),
    interests: list<string>(item.interests),
    favoriteAnimals: list<string>(item.favoriteAnimals),
    ...(typeof item.learningLevel === 'string'
      ? { learningLevel: item.learningLevel as LearningLevel }
      : {}),
    unfinishedLessons: list<string>(item.unfinishedLessons),
    conversations: list<ContextConversation>(item.conversations),
    summaries: list<ContextSummaryRecord>(item.summaries),
    lastUpdated: String(item.lastUpdated ?? ''),
    version: Number(item.version ?? 0),
  };
}
