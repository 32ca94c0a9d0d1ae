/**
 * Shared DynamoDB plumbing for the repositories: error translation, paging loops and batch writes
 * that retry unprocessed items.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  BatchWriteCommand,
  QueryCommand,
  ScanCommand,
  type DynamoDBDocumentClient,
  type QueryCommandInput,
  type ScanCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { StoreUnavailable } from './persistence-errors.ts';

/** A stored item as the document client returns it. */
export type StoredItem = Record<string, unknown>;

// DynamoDB caps BatchWriteItem at 25 requests.
const batchWriteLimit = 25;
const maxBatchRounds = 8;

/**
 * Runs one store call. Condition failures and request-validation errors (our bugs) pass through
 * unchanged for the caller to interpret; everything else becomes {@link StoreUnavailable}.
 *
 * @example
 * ```ts
 * const item = await runStore('GetItem user', () => document.send(new GetCommand(input)));
 * ```
 */
export async function runStore<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (isConditionFailure(error) || nameOf(error) === 'ValidationException') throw error;
    throw new StoreUnavailable(operation, { cause: error });
  }
}

/**
 * True when a conditional write was rejected.
 *
 * @example
 * ```ts
 * if (isConditionFailure(error)) throw new ConditionFailed('user', userId, 'already_exists');
 * ```
 */
export function isConditionFailure(error: unknown): boolean {
  return nameOf(error) === 'ConditionalCheckFailedException';
}

/**
 * Reads every page of a Scan.
 *
 * @example
 * ```ts
 * const users = await scanAll(document, { TableName: 'quest-dev-user' });
 * ```
 */
export async function scanAll(
  document: DynamoDBDocumentClient,
  input: ScanCommandInput,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await runStore(`Scan ${input.TableName}`, () =>
      document.send(new ScanCommand({ ...input, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/**
 * Reads every page of a Query.
 *
 * @example
 * ```ts
 * const turns = await queryAll(document, { TableName, KeyConditionExpression: '...' });
 * ```
 */
export async function queryAll(
  document: DynamoDBDocumentClient,
  input: QueryCommandInput,
): Promise<StoredItem[]> {
  const items: StoredItem[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await runStore(`Query ${input.TableName}`, () =>
      document.send(new QueryCommand({ ...input, ExclusiveStartKey: startKey })),
    );
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
  } while (startKey !== undefined);
  return items;
}

/**
 * Deletes items by key in batches of 25, retrying unprocessed ones. Deleting a missing key is a
 * no-op, so a crashed run can simply be repeated.
 *
 * @example
 * ```ts
 * await batchDelete(document, 'quest-dev-conversation', [{ conversationId, turnKey }]);
 * ```
 */
export async function batchDelete(
  document: DynamoDBDocumentClient,
  tableName: string,
  keys: readonly Record<string, unknown>[],
): Promise<void> {
  for (let start = 0; start < keys.length; start += batchWriteLimit) {
    let requests = keys
      .slice(start, start + batchWriteLimit)
      .map((key) => ({ DeleteRequest: { Key: key } }));
    for (let round = 0; requests.length > 0; round++) {
      if (round === maxBatchRounds) throw unprocessed(`BatchWrite ${tableName}`);
      const result = await runStore(`BatchWrite ${tableName}`, () =>
        document.send(new BatchWriteCommand({ RequestItems: { [tableName]: requests } })),
      );
      requests = (result.UnprocessedItems?.[tableName] ?? []).flatMap((request) =>
        request.DeleteRequest?.Key ? [{ DeleteRequest: { Key: request.DeleteRequest.Key } }] : [],
      );
    }
  }
}

/**
 * `<prefix><hex>` with `byteCount` random bytes, e.g. `user_` + 12 hex digits for 6 bytes.
 *
 * @example
 * ```ts
 * randomId('family_', 4); // 'family_9f2c01ab'
 * ```
 */
export function randomId(prefix: string, byteCount: number): string {
  return `${prefix}${randomBytes(byteCount).toString('hex')}`;
}

function unprocessed(operation: string): StoreUnavailable {
  return new StoreUnavailable(operation, { cause: new Error('items stayed unprocessed') });
}

function nameOf(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
