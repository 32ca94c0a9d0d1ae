/**
 * Knowledge files (`quest-dev-knowledge-file`, key `fileId` = `kb-<16 hex>` as in the original,
 * index `AssistantIndex`): the metadata of a document uploaded for an animal, either through its
 * assistant (`/assistant/{id}/knowledge`, `assistantId` set) or directly (`/animal/{id}/documents`).
 * The text itself lives in the knowledge articles the document was split into (`articleIds`),
 * which become the animal's fact cards. Deleting is a soft delete.
 *
 * @module
 */
import { auditStamp, systemClock, type ActorRef, type AuditFields } from './audit.ts';
import {
  createLiveTable,
  isNotDeleted,
  oldestFirst,
  type RepositoryOptions,
} from './live-table.ts';
import { queryAll, randomId, scanAll, type StoredItem } from './store-operations.ts';

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
export interface KnowledgeFileRecord extends NewKnowledgeFile, AuditFields {
  fileId: string;
  processingStatus: ProcessingStatus;
  processingError: string | null;
  extractedTextLength: number;
  contentValidation?: { safe: boolean; ageAppropriate: boolean };
  processingStarted: string | null;
  processingCompleted: string | null;
  /** The knowledge articles (one per section) the text became. */
  articleIds: string[];
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
export function createKnowledgeFileRepository(options: RepositoryOptions): KnowledgeFileRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const table = createLiveTable({ document, tableName, key: 'fileId', entity: 'knowledge file' });
  const update = async (
    fileId: string,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<KnowledgeFileRecord> =>
    toRecord(
      await table.updateLive(fileId, {
        UpdateExpression: expression,
        ExpressionAttributeValues: values,
      }),
    );
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
      await table.putNew(
        Object.fromEntries(Object.entries(record).filter(([, value]) => value !== undefined)),
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
      const item = await table.getLive(fileId);
      return item === undefined ? undefined : toRecord(item);
    },
    async listByAssistant(assistantId) {
      const items = await queryAll(document, {
        TableName: tableName,
        IndexName: 'AssistantIndex',
        KeyConditionExpression: 'assistantId = :assistantId',
        ExpressionAttributeValues: { ':assistantId': assistantId },
      });
      return items.filter(isNotDeleted).map(toRecord).sort(oldestFirst);
    },
    async listByAnimal(animalId) {
      const items = await scanAll(document, {
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: 'animalId = :animalId AND softDelete = :false',
        ExpressionAttributeValues: { ':animalId': animalId, ':false': false },
      });
      return items.map(toRecord).sort(oldestFirst);
    },
    async delete(fileId, actor) {
      return toRecord(await table.softDelete(fileId, auditStamp(clock, actor)));
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
