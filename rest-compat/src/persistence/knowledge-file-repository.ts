/**
 * Knowledge files (`quest-dev-knowledge-file`, key `fileId` = `kb-<16 hex>` as in the original,
 * index `AssistantIndex`): the metadata of a document uploaded for an animal, either through its
 * assistant (`/assistant/{id}/knowledge`, `assistantId` set) or directly (`/animal/{id}/documents`).
 * The text itself lives in the knowledge articles the document was split into (`articleIds`),
 * which become the animal's fact cards. Deleting is a soft delete.
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
  queryAll,
  randomId,
  runStore,
  scanAll,
  type StoredItem,
} from './store-operations.ts';

/** Where a file is in its processing (the spec's enum). */
export type ProcessingStatus = 'UPLOADED' | 'PROCESSING' | 'COMPLETED' | 'FAILED';

/** What is known about a file when it arrives. */
export interface NewKnowledgeFile {
  animalId: string;
  assistantId?: string;
  originalName: string;
  title: string;
  description?: string;
  tags: string[];
  fileSize: number;
  mimeType: string;
}

/** A stored knowledge file. */
export interface KnowledgeFileRecord extends NewKnowledgeFile {
  fileId: string;
  processingStatus: ProcessingStatus;
  processingError: string | null;
  extractedTextLength: number;
  contentValidation?: { safe: boolean; ageAppropriate: boolean };
  processingStarted: string | null;
  processingCompleted: string | null;
  /** The knowledge articles (one per section) the text became. */
  articleIds: string[];
  created: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/** The outcome of processing. */
export interface ProcessingOutcome {
  articleIds: string[];
  extractedTextLength: number;
  contentValidation: { safe: boolean; ageAppropriate: boolean };
}

/** Typed access to knowledge files. */
export interface KnowledgeFileRepository {
  /** Stores a file as `PROCESSING`. */
  create(input: NewKnowledgeFile, actor?: ActorRef): Promise<KnowledgeFileRecord>;
  complete(fileId: string, outcome: ProcessingOutcome): Promise<KnowledgeFileRecord>;
  fail(fileId: string, reason: string): Promise<KnowledgeFileRecord>;
  /** A live file, or undefined. */
  get(fileId: string): Promise<KnowledgeFileRecord | undefined>;
  /** The live files uploaded through an assistant, oldest first. */
  listByAssistant(assistantId: string): Promise<KnowledgeFileRecord[]>;
  /** The live files of an animal (through any route), oldest first. */
  listByAnimal(animalId: string): Promise<KnowledgeFileRecord[]>;
  /** Soft-deletes; NotFound when there is no live file. */
  delete(fileId: string, actor?: ActorRef): Promise<KnowledgeFileRecord>;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const files = createKnowledgeFileRepository({ document, tableName: names.knowledgeFile });
 * ```
 */
export function createKnowledgeFileRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): KnowledgeFileRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const send = <T>(operation: string, run: () => Promise<T>) =>
    runStore(`${operation} ${tableName}`, run);
  const update = async (
    fileId: string,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<KnowledgeFileRecord> => {
    try {
      const { Attributes } = await send('UpdateItem', () =>
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { fileId },
            UpdateExpression: expression,
            ConditionExpression: 'attribute_exists(fileId) AND softDelete = :false',
            ExpressionAttributeValues: { ...values, ':false': false },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return toRecord(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFound('knowledge file', fileId);
      throw error;
    }
  };
  const byCreation = (records: KnowledgeFileRecord[]) =>
    records.sort((first, second) => first.created.at.localeCompare(second.created.at));
  return {
    async create(input, actor) {
      const created = auditStamp(clock, actor);
      const record: KnowledgeFileRecord = {
        ...input,
        ...(input.assistantId === undefined ? {} : { assistantId: input.assistantId }),
        fileId: randomId('kb-', 8),
        processingStatus: 'PROCESSING',
        processingError: null,
        extractedTextLength: 0,
        processingStarted: created.at,
        processingCompleted: null,
        articleIds: [],
        created,
        softDelete: false,
      };
      await send('PutItem', () =>
        document.send(
          new PutCommand({
            TableName: tableName,
            Item: Object.fromEntries(
              Object.entries(record).filter(([, value]) => value !== undefined),
            ),
            ConditionExpression: 'attribute_not_exists(fileId)',
          }),
        ),
      );
      return record;
    },
    complete(fileId, outcome) {
      return update(
        fileId,
        'SET processingStatus = :status, articleIds = :articles, extractedTextLength = :length, ' +
          'contentValidation = :validation, processingCompleted = :at, modified = :modified',
        {
          ':status': 'COMPLETED',
          ':articles': outcome.articleIds,
          ':length': outcome.extractedTextLength,
          ':validation': outcome.contentValidation,
          ':at': clock().toISOString(),
          ':modified': auditStamp(clock),
        },
      );
    },
    fail(fileId, reason) {
      return update(
        fileId,
        'SET processingStatus = :status, processingError = :reason, processingCompleted = :at',
        { ':status': 'FAILED', ':reason': reason, ':at': clock().toISOString() },
      );
    },
    async get(fileId) {
      const { Item } = await send('GetItem', () =>
        document.send(
          new GetCommand({ TableName: tableName, Key: { fileId }, ConsistentRead: true }),
        ),
      );
      return Item === undefined || Item.softDelete === true ? undefined : toRecord(Item);
    },
    async listByAssistant(assistantId) {
      const items = await queryAll(document, {
        TableName: tableName,
        IndexName: 'AssistantIndex',
        KeyConditionExpression: 'assistantId = :assistantId',
        ExpressionAttributeValues: { ':assistantId': assistantId },
      });
      return byCreation(items.filter((item) => item.softDelete !== true).map(toRecord));
    },
    async listByAnimal(animalId) {
      const items = await scanAll(document, {
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: 'animalId = :animalId AND softDelete = :false',
        ExpressionAttributeValues: { ':animalId': animalId, ':false': false },
      });
      return byCreation(items.map(toRecord));
    },
    delete(fileId, actor) {
      const deleted = auditStamp(clock, actor);
      return update(fileId, 'SET softDelete = :true, deleted = :deleted, modified = :deleted', {
        ':true': true,
        ':deleted': deleted,
      });
    },
  };
}

function toRecord(item: StoredItem): KnowledgeFileRecord {
  const record = item as unknown as KnowledgeFileRecord;
  return {
    ...record,
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    articleIds: Array.isArray(item.articleIds) ? item.articleIds.map(String) : [],
    processingError: typeof item.processingError === 'string' ? item.processingError : null,
    processingStarted: typeof item.processingStarted === 'string' ? item.processingStarted : null,
    processingCompleted:
      typeof item.processingCompleted === 'string' ? item.processingCompleted : null,
    extractedTextLength:
      typeof item.extractedTextLength === 'number' ? item.extractedTextLength : 0,
    softDelete: item.softDelete === true,
  };
}
