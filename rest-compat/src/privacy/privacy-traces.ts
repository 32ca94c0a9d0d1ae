/**
 * The DynamoDB traces of a user that no entity repository owns, for export and erasure:
 *
 * - analytics records (`quest-dev-conversation-analytics`, `quest-dev-content-validation`), found
 *   through their `UserIndex`, whoever writes them;
 * - actor references in audit stamps of any table (`created|modified|deleted.by.actorId`, or
 *   `by` as a plain user id in the newer `AuditInfo` shape), rewritten to a pseudonym;
 * - the erasure marker (`erased#<pseudonym>` in the auth-token table) that makes tokens issued
 *   before an erasure stop working; it expires with the longest-lived such token.
 *
 * Scans are used where no index exists: erasure is rare and a zoo's tables are small.
 *
 * @module
 */
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  batchDelete,
  queryAll,
  runStore,
  scanAll,
  type StoredItem,
} from '../persistence/store-operations.ts';
import { tableSpecs } from '../persistence/table-definitions.ts';
import type { TableKey, TableNames } from '../persistence/table-names.ts';

/** A stored analytics record and the logical table it lives in. */
export interface AnalyticsRecord {
  table: TableKey;
  item: StoredItem;
}

/** Raw access to a user's untyped traces. */
export interface PrivacyTraceRepository {
  /** Remembers that the user behind `pseudonym` was erased at `erasedAtMs`. */
  markErased(pseudonym: string, erasedAtMs: number, keepUntilMs: number): Promise<void>;
  /** When the user behind `pseudonym` was erased, if the marker is still kept. */
  erasedAt(pseudonym: string): Promise<number | undefined>;
  listAnalytics(userId: string): Promise<AnalyticsRecord[]>;
  /** Deletes the user's analytics records; returns how many. */
  deleteAnalytics(userId: string): Promise<number>;
  /** Keeps the records but replaces the user id; returns how many. */
  pseudonymizeAnalytics(userId: string, pseudonym: string): Promise<number>;
  /** Replaces the user id in audit stamps of every table; returns how many items changed. */
  scrubAuditStamps(userId: string, pseudonym: string): Promise<number>;
}

const analyticsTables: readonly TableKey[] = ['conversationAnalytics', 'contentValidation'];
// Tables whose items carry no audit stamps, or whose traces other code removes.
const tablesWithoutStamps: ReadonlySet<TableKey> = new Set([
  'conversation',
  'session',
  'privacyAudit',
  'userContext',
  'authTokens',
  ...analyticsTables,
]);
const stampFields = ['created', 'modified', 'deleted'] as const;

/**
 * Creates the trace repository.
 *
 * @example
 * ```ts
 * const traces = createPrivacyTraceRepository({ document, tableNames });
 * await traces.deleteAnalytics('user_1');
 * ```
 */
export function createPrivacyTraceRepository(options: {
  document: DynamoDBDocumentClient;
  tableNames: TableNames;
}): PrivacyTraceRepository {
  const { document, tableNames } = options;
  const markerKey = (pseudonym: string) => ({ tokenKey: `erased#${pseudonym}` });
  const keyOf = (table: TableKey, item: StoredItem) => {
    const { partition, sort } = tableSpecs[table];
    return {
      [partition[0]]: item[partition[0]],
      ...(sort === undefined ? {} : { [sort[0]]: item[sort[0]] }),
    };
  };

  const listAnalytics = async (userId: string) => {
    const found = await Promise.all(
      analyticsTables.map(async (table) =>
        (
          await queryAll(document, {
            TableName: tableNames[table],
            IndexName: 'UserIndex',
            KeyConditionExpression: 'userId = :user',
            ExpressionAttributeValues: { ':user': userId },
          })
        ).map((item) => ({ table, item })),
      ),
    );
    return found.flat();
  };

  return {
    async markErased(pseudonym, erasedAtMs, keepUntilMs) {
      await runStore(`PutItem ${tableNames.authTokens}`, () =>
        document.send(
          new PutCommand({
            TableName: tableNames.authTokens,
            // `expiresAt` in seconds, like every item of the table, so its TTL drops it.
            Item: {
              ...markerKey(pseudonym),
              erasedAtMs,
              expiresAt: Math.ceil(keepUntilMs / 1000),
            },
          }),
        ),
      );
    },

    async erasedAt(pseudonym) {
      const { Item } = await runStore(`GetItem ${tableNames.authTokens}`, () =>
        document.send(
          new GetCommand({
            TableName: tableNames.authTokens,
            Key: markerKey(pseudonym),
            ConsistentRead: true,
          }),
        ),
      );
      return typeof Item?.erasedAtMs === 'number' ? Item.erasedAtMs : undefined;
    },

    listAnalytics,

    async deleteAnalytics(userId) {
      const records = await listAnalytics(userId);
      for (const table of analyticsTables) {
        const keys = records
          .filter((record) => record.table === table)
          .map((record) => keyOf(table, record.item));
        await batchDelete(document, tableNames[table], keys);
      }
      return records.length;
    },

    async pseudonymizeAnalytics(userId, pseudonym) {
      const records = await listAnalytics(userId);
      for (const record of records) {
        await runStore(`UpdateItem ${tableNames[record.table]}`, () =>
          document.send(
            new UpdateCommand({
              TableName: tableNames[record.table],
              Key: keyOf(record.table, record.item),
              UpdateExpression: 'SET userId = :pseudonym',
              ExpressionAttributeValues: { ':pseudonym': pseudonym },
            }),
          ),
        );
      }
      return records.length;
    },

    async scrubAuditStamps(userId, pseudonym) {
      let changed = 0;
      const tables = (Object.keys(tableNames) as TableKey[]).filter(
        (table) => !tablesWithoutStamps.has(table),
      );
      for (const table of tables) {
        const items = await scanAll(document, {
          TableName: tableNames[table],
          ConsistentRead: true,
          FilterExpression: stampFields
            .map((field) => `#${field}.#by.#actor = :user OR #${field}.#by = :user`)
            .join(' OR '),
          ExpressionAttributeNames: {
            ...Object.fromEntries(stampFields.map((field) => [`#${field}`, field])),
            '#by': 'by',
            '#actor': 'actorId',
          },
          ExpressionAttributeValues: { ':user': userId },
        });
        for (const item of items) {
          await scrubItem(table, item);
          changed++;
        }
      }
      return changed;

      async function scrubItem(table: TableKey, item: StoredItem) {
        const assignments: string[] = [];
        const names: Record<string, string> = {};
        for (const field of stampFields) {
          const by = (item[field] as { by?: unknown } | undefined)?.by;
          const byActor =
            by !== null &&
            typeof by === 'object' &&
            (by as { actorId?: unknown }).actorId === userId;
          if (by !== userId && !byActor) continue;
          names[`#${field}`] = field;
          names['#by'] = 'by';
          // The whole actor is replaced: old stamps may also carry the actor's email and name.
          assignments.push(`#${field}.#by = ${byActor ? ':actor' : ':pseudonym'}`);
        }
        const values: Record<string, unknown> = {};
        if (assignments.some((assignment) => assignment.endsWith(':pseudonym'))) {
          values[':pseudonym'] = pseudonym;
        }
        if (assignments.some((assignment) => assignment.endsWith(':actor'))) {
          values[':actor'] = { actorId: pseudonym };
        }
        await runStore(`UpdateItem ${tableNames[table]}`, () =>
          document.send(
            new UpdateCommand({
              TableName: tableNames[table],
              Key: keyOf(table, item),
              UpdateExpression: `SET ${assignments.join(', ')}`,
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          ),
        );
      }
    },
  };
}
