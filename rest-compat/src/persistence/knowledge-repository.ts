/**
 * Knowledge articles (`quest-dev-knowledge`, key `knowledgeId`): the spec's `KnowledgeArticle`
 * with audit fields. Articles about one animal that are `public` become that animal's fact cards
 * (see `knowledge/article-cards.ts`). Deleting is a soft delete, as for every CMZ entity, so the
 * audit trail stays; a deleted article is hidden from every read.
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
import { NotFound } from './persistence-errors.ts';
import {
  isConditionFailure,
  randomId,
  runStore,
  scanAll,
  type StoredItem,
} from './store-operations.ts';

/** Who may read an article: `public` ones are told to visitors. */
export type KnowledgeVisibility = 'public' | 'staff' | 'internal';

/** The writable part of an article (the spec's `KnowledgeCreate`). */
export interface NewKnowledgeArticle {
  title: string;
  body: string;
  tags?: string[];
  visibility: KnowledgeVisibility;
  animalId?: string | null;
  /** The uploaded document (knowledge file) this article is a section of, if any. */
  sourceFileId?: string;
}

/** A stored article. */
export interface KnowledgeArticleRecord extends NewKnowledgeArticle {
  knowledgeId: string;
  tags: string[];
  created: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/** Typed access to articles. */
export interface KnowledgeRepository {
  create(input: NewKnowledgeArticle, actor?: ActorRef): Promise<KnowledgeArticleRecord>;
  /** A live article, or undefined (also for a soft-deleted one). */
  get(knowledgeId: string): Promise<KnowledgeArticleRecord | undefined>;
  /** Every live article (about one animal when `animalId` is given), oldest first. */
  list(options?: { animalId?: string }): Promise<KnowledgeArticleRecord[]>;
  /** Soft-deletes; NotFound when there is no live article. */
  delete(knowledgeId: string, actor?: ActorRef): Promise<void>;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const knowledge = createKnowledgeRepository({ document, tableName: names.knowledge });
 * const article = await knowledge.create({ title: 'Birthday', body: '…', visibility: 'public', animalId: 'leo' });
 * ```
 */
export function createKnowledgeRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): KnowledgeRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  return {
    async create(input, actor) {
      const record: KnowledgeArticleRecord = {
        knowledgeId: randomId('kb_', 8),
        title: input.title,
        body: input.body,
        tags: [...(input.tags ?? [])],
        visibility: input.visibility,
        animalId: input.animalId ?? null,
        ...(input.sourceFileId === undefined ? {} : { sourceFileId: input.sourceFileId }),
        created: auditStamp(clock, actor),
        softDelete: false,
      };
      await runStore(`PutItem ${tableName}`, () =>
        document.send(
          new PutCommand({
            TableName: tableName,
            Item: record,
            ConditionExpression: 'attribute_not_exists(knowledgeId)',
          }),
        ),
      );
      return record;
    },
    async get(knowledgeId) {
      const { Item } = await runStore(`GetItem ${tableName}`, () =>
        document.send(
          new GetCommand({ TableName: tableName, Key: { knowledgeId }, ConsistentRead: true }),
        ),
      );
      const record = Item === undefined ? undefined : toRecord(Item);
      return record?.softDelete ? undefined : record;
    },
    async list(listOptions = {}) {
      const items = await scanAll(document, { TableName: tableName, ConsistentRead: true });
      return items
        .map(toRecord)
        .filter((record) => !record.softDelete)
        .filter(
          (record) =>
            listOptions.animalId === undefined || record.animalId === listOptions.animalId,
        )
        .sort((first, second) => first.created.at.localeCompare(second.created.at));
    },
    async delete(knowledgeId, actor) {
      const deleted = auditStamp(clock, actor);
      try {
        await runStore(`UpdateItem ${tableName}`, () =>
          document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { knowledgeId },
              UpdateExpression: 'SET softDelete = :true, deleted = :deleted, modified = :deleted',
              ConditionExpression: 'attribute_exists(knowledgeId) AND softDelete = :false',
              ExpressionAttributeValues: { ':true': true, ':false': false, ':deleted': deleted },
            }),
          ),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFound('knowledge article', knowledgeId);
        throw error;
      }
    },
  };
}

function toRecord(item: StoredItem): KnowledgeArticleRecord {
  const record = item as unknown as KnowledgeArticleRecord;
  return {
    ...record,
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    animalId: typeof item.animalId === 'string' ? item.animalId : null,
    softDelete: item.softDelete === true,
  };
}
