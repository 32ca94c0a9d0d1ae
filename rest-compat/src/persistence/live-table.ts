/**
 * The reads and writes the entity repositories share for a table keyed by one id attribute whose
 * items are soft-deleted (`softDelete`, `deleted`, `modified` audit stamps): a put that never
 * overwrites, a strongly consistent read and scan of live items, and updates that only touch a
 * live item and answer NotFound otherwise. Each repository keeps its own record shape and
 * ordering; this holds only the DynamoDB plumbing that was the same in each.
 *
 * @module
 */
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import type { AuditStamp, Clock } from './audit.ts';
import { NotFound } from './persistence-errors.ts';
import { isConditionFailure, runStore, scanAll, type StoredItem } from './store-operations.ts';

/** What every entity repository is created with. */
export interface RepositoryOptions {
  document: DynamoDBDocumentClient;
  tableName: string;
  /** @default the wall clock */
  clock?: Clock;
}

/** Where the table is and how its items are named in errors. */
export interface LiveTableOptions {
  document: DynamoDBDocumentClient;
  tableName: string;
  /** The partition key attribute (`fileId`, `mediaId`, …). */
  key: string;
  /** The entity named in NotFound errors (`'knowledge file'`, `'media'`, …). */
  entity: string;
}

/** An update of one live item. */
export interface LiveUpdate {
  UpdateExpression: string;
  ExpressionAttributeNames?: Record<string, string>;
  ExpressionAttributeValues?: Record<string, unknown>;
  /**
   * The attribute that must exist (the key by default). A table that also holds helper items
   * names an attribute only real records carry.
   */
  existsAttribute?: string;
  /** A further condition, joined with AND (its values go in `ExpressionAttributeValues`). */
  condition?: string;
}

/** The shared operations on one soft-deleting table. */
export interface LiveTable {
  /** Runs one store call named `<operation> <table>` (see `runStore`). */
  send<T>(operation: string, run: () => Promise<T>): Promise<T>;
  /**
   * Puts an item whose key must be new. A taken key throws `onTaken()` when given, else the
   * store's condition failure unchanged.
   */
  putNew(item: StoredItem, onTaken?: () => Error): Promise<void>;
  /** The item with this key when `isLive` holds for it (not soft-deleted by default). */
  getLive(id: string, isLive?: (item: StoredItem) => boolean): Promise<StoredItem | undefined>;
  /** Every item of the table, read consistently, for which `isLive` holds. */
  scanLive(isLive?: (item: StoredItem) => boolean): Promise<StoredItem[]>;
  /** Updates a live item and returns it as stored after; NotFound when there is none. */
  updateLive(id: string, update: LiveUpdate): Promise<StoredItem>;
  /**
   * Soft-deletes a live item with the `deleted` stamp (also as `modified` unless
   * `touchModified` is false); NotFound when there is none.
   */
  softDelete(
    id: string,
    deleted: AuditStamp,
    options?: { touchModified?: boolean; existsAttribute?: string },
  ): Promise<StoredItem>;
}

/**
 * True for an item that is not soft-deleted.
 *
 * @example
 * ```ts
 * items.filter(isNotDeleted);
 * ```
 */
export function isNotDeleted(item: StoredItem): boolean {
  return item.softDelete !== true;
}

/**
 * Orders records oldest first by their `created` stamp (for `sort`).
 *
 * @example
 * ```ts
 * records.sort(oldestFirst);
 * ```
 */
export function oldestFirst(first: Created, second: Created): number {
  return first.created.at.localeCompare(second.created.at);
}

/**
 * Orders records newest first by their `created` stamp (for `sort`).
 *
 * @example
 * ```ts
 * records.sort(newestFirst);
 * ```
 */
export function newestFirst(first: Created, second: Created): number {
  return second.created.at.localeCompare(first.created.at);
}

/** A record with a creation stamp. */
export interface Created {
  created: AuditStamp;
}

/**
 * Creates the operations for one table.
 *
 * @example
 * ```ts
 * const table = createLiveTable({ document, tableName, key: 'mediaId', entity: 'media' });
 * const item = await table.getLive(mediaId);
 * ```
 */
export function createLiveTable(options: LiveTableOptions): LiveTable {
  const { document, tableName, key, entity } = options;
  const send = <T>(operation: string, run: () => Promise<T>) =>
    runStore(`${operation} ${tableName}`, run);
  const updateLive = async (id: string, update: LiveUpdate): Promise<StoredItem> => {
    const conditions = [
      `attribute_exists(${update.existsAttribute ?? key})`,
      'softDelete = :false',
      ...(update.condition === undefined ? [] : [update.condition]),
    ];
    try {
      const { Attributes } = await send('UpdateItem', () =>
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { [key]: id },
            UpdateExpression: update.UpdateExpression,
            ConditionExpression: conditions.join(' AND '),
            ...(update.ExpressionAttributeNames === undefined
              ? {}
              : { ExpressionAttributeNames: update.ExpressionAttributeNames }),
            ExpressionAttributeValues: { ...update.ExpressionAttributeValues, ':false': false },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return Attributes ?? {};
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFound(entity, id);
      throw error;
    }
  };
  return {
    send,
    async putNew(item, onTaken) {
      try {
        await send('PutItem', () =>
          document.send(
            new PutCommand({
              TableName: tableName,
              Item: item,
              ConditionExpression: `attribute_not_exists(${key})`,
            }),
          ),
        );
      } catch (error) {
        if (onTaken !== undefined && isConditionFailure(error)) throw onTaken();
        throw error;
      }
    },
    async getLive(id, isLive = isNotDeleted) {
      const { Item } = await send('GetItem', () =>
        document.send(
          new GetCommand({ TableName: tableName, Key: { [key]: id }, ConsistentRead: true }),
        ),
      );
      return Item !== undefined && isLive(Item) ? Item : undefined;
    },
    async scanLive(isLive = isNotDeleted) {
      const items = await scanAll(document, { TableName: tableName, ConsistentRead: true });
      return items.filter(isLive);
    },
    updateLive,
    softDelete(id, deleted, softDeleteOptions = {}) {
      const touchModified = softDeleteOptions.touchModified ?? true;
      return updateLive(id, {
        UpdateExpression: touchModified
          ? 'SET softDelete = :true, deleted = :deleted, modified = :deleted'
          : 'SET softDelete = :true, deleted = :deleted',
        ExpressionAttributeValues: { ':true': true, ':deleted': deleted },
        ...(softDeleteOptions.existsAttribute === undefined
          ? {}
          : { existsAttribute: softDeleteOptions.existsAttribute }),
      });
    },
  };
}
