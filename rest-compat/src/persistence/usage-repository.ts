/**
 * Model usage per day, animal and service (`quest-dev-conversation-analytics`, key
 * `analyticsId = usage#<day>#<animalId>#<service>`). Every finished reply adds its tokens and
 * estimated cost to its day's item with one atomic `ADD` (no read-modify-write, so nodes never
 * lose each other's increments and no transaction is needed). One item per day, animal and
 * service keeps the table small: a month's bill is a Scan over a few thousand small items.
 *
 * No user or conversation id is stored: billing needs neither, and usage then is not personal
 * data (nothing to export or erase per child).
 *
 * @module
 */
import { UpdateCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { runStore, scanAll, type StoredItem } from './store-operations.ts';

/** One reply's usage. */
export interface UsageEvent {
  /** When the reply ended. */
  at: Date;
  animalId: string;
  /** `openai:<model>` or `offline`. */
  service: string;
  promptTokens: number;
  completionTokens: number;
  /** Estimated cost in millionths of a US dollar. */
  costMicroUsd: number;
  /** True when the token counts are estimates (the offline responder counts characters). */
  estimated: boolean;
}

/** A day's total for one animal and service. */
export interface DailyUsage {
  /** `YYYY-MM-DD`, UTC. */
  day: string;
  animalId: string;
  service: string;
  replies: number;
  promptTokens: number;
  completionTokens: number;
  costMicroUsd: number;
  estimated: boolean;
}

/** Typed access to usage. */
export interface UsageRepository {
  /** Adds one reply's usage to its day. */
  record(event: UsageEvent): Promise<void>;
  /** Every daily total of a month (`YYYY-MM`), by day then animal then service. */
  listMonth(period: string): Promise<DailyUsage[]>;
}

const recordType = 'usage-daily';

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const usage = createUsageRepository({ document, tableName: names.conversationAnalytics });
 * await usage.record({ at: new Date(), animalId: 'leo', service: 'offline', promptTokens: 40, completionTokens: 12, costMicroUsd: 0, estimated: true });
 * ```
 */
export function createUsageRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
}): UsageRepository {
  const { document, tableName } = options;
  return {
    async record(event) {
      const day = event.at.toISOString().slice(0, 10);
      await runStore(`UpdateItem ${tableName}`, () =>
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { analyticsId: `usage#${day}#${event.animalId}#${event.service}` },
            UpdateExpression:
              'SET #recordType = :recordType, #day = :day, #timestamp = :day, ' +
              '#animalId = :animalId, #service = :service, #estimated = :estimated ' +
              'ADD #replies :one, #promptTokens :prompt, #completionTokens :completion, ' +
              '#costMicroUsd :cost',
            ExpressionAttributeNames: {
              '#recordType': 'recordType',
              '#day': 'day',
              '#timestamp': 'timestamp',
              '#animalId': 'animalId',
              '#service': 'service',
              '#estimated': 'estimated',
              '#replies': 'replies',
              '#promptTokens': 'promptTokens',
              '#completionTokens': 'completionTokens',
              '#costMicroUsd': 'costMicroUsd',
            },
            ExpressionAttributeValues: {
              ':recordType': recordType,
              ':day': day,
              ':animalId': event.animalId,
              ':service': event.service,
              ':estimated': event.estimated,
              ':one': 1,
              ':prompt': Math.max(0, Math.round(event.promptTokens)),
              ':completion': Math.max(0, Math.round(event.completionTokens)),
              ':cost': Math.max(0, Math.round(event.costMicroUsd)),
            },
          }),
        ),
      );
    },
    async listMonth(period) {
      const items = await scanAll(document, {
        TableName: tableName,
        FilterExpression: '#recordType = :recordType AND begins_with(#day, :period)',
        ExpressionAttributeNames: { '#recordType': 'recordType', '#day': 'day' },
        ExpressionAttributeValues: { ':recordType': recordType, ':period': `${period}-` },
        ConsistentRead: true,
      });
      return items
        .map(toDailyUsage)
        .sort(
          (first, second) =>
            first.day.localeCompare(second.day) ||
            first.animalId.localeCompare(second.animalId) ||
            first.service.localeCompare(second.service),
        );
    },
  };
}

function toDailyUsage(item: StoredItem): DailyUsage {
  return {
    day: String(item.day),
    animalId: String(item.animalId),
    service: String(item.service),
    replies: Number(item.replies ?? 0),
    promptTokens: Number(item.promptTokens ?? 0),
    completionTokens: Number(item.completionTokens ?? 0),
    costMicroUsd: Number(item.costMicroUsd ?? 0),
    estimated: item.estimated === true,
  };
}
