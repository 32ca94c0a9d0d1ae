/**
 * Sandboxes (`quest-dev-sandbox`, key `sandboxId`, index `CreatedByIndex`): a zookeeper's draft
 * configuration of an animal, to chat with before promoting it to the live assistant. A sandbox
 * holds a snapshot of the personality text it was created with, so the draft tested is exactly
 * the draft promoted. It expires (`expiresAt`, 30 minutes by default, as in the original);
 * deleting is a soft delete.
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
  type StoredItem,
} from './store-operations.ts';

/** The draft a sandbox tests. */
export interface SandboxDraft {
  animalId: string | null;
  personalityId: string;
  personalityName: string;
  personalityText: string;
  guardrailId: string;
  knowledgeBaseFileIds: string[];
  mergedPrompt: string;
}

/** A stored sandbox. */
export interface SandboxRecord extends SandboxDraft {
  sandboxId: string;
  createdBy: string;
  expiresAt: string;
  conversationCount: number;
  lastConversationAt: string | null;
  isPromoted: boolean;
  promotedAt: string | null;
  /** The assistant the sandbox was promoted to. */
  promotedTo?: { assistantId: string; version: number };
  created: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/** Typed access to sandboxes. */
export interface SandboxRepository {
  create(
    draft: SandboxDraft,
    createdBy: string,
    lifetimeMs: number,
    actor?: ActorRef,
  ): Promise<SandboxRecord>;
  /** A sandbox not deleted (expired ones included: the caller answers 410 for them). */
  get(sandboxId: string): Promise<SandboxRecord | undefined>;
  /** The sandboxes `createdBy` made, not deleted, newest first. */
  listByCreator(createdBy: string): Promise<SandboxRecord[]>;
  /** Counts one test conversation turn. */
  recordConversation(sandboxId: string): Promise<void>;
  /** Marks the sandbox promoted. */
  markPromoted(
    sandboxId: string,
    promotedTo: { assistantId: string; version: number },
  ): Promise<SandboxRecord>;
  /** Soft-deletes; NotFound when missing. */
  delete(sandboxId: string, actor?: ActorRef): Promise<void>;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const sandboxes = createSandboxRepository({ document, tableName: names.sandbox });
 * ```
 */
export function createSandboxRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): SandboxRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const send = <T>(operation: string, run: () => Promise<T>) =>
    runStore(`${operation} ${tableName}`, run);
  const update = async (
    sandboxId: string,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<SandboxRecord> => {
    try {
      const { Attributes } = await send('UpdateItem', () =>
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { sandboxId },
            UpdateExpression: expression,
            ConditionExpression: 'attribute_exists(sandboxId) AND softDelete = :false',
            ExpressionAttributeValues: { ...values, ':false': false },
            ReturnValues: 'ALL_NEW',
          }),
        ),
      );
      return toRecord(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFound('sandbox', sandboxId);
      throw error;
    }
  };
  return {
    async create(draft, createdBy, lifetimeMs, actor) {
      const created = auditStamp(clock, actor);
      const record: SandboxRecord = {
        ...draft,
        sandboxId: randomId('sandbox-', 8),
        createdBy,
        expiresAt: new Date(Date.parse(created.at) + lifetimeMs).toISOString(),
        conversationCount: 0,
        lastConversationAt: null,
        isPromoted: false,
        promotedAt: null,
        created,
        softDelete: false,
      };
      await send('PutItem', () =>
        document.send(
          new PutCommand({
            TableName: tableName,
            Item: record,
            ConditionExpression: 'attribute_not_exists(sandboxId)',
          }),
        ),
      );
      return record;
    },
    async get(sandboxId) {
      const { Item } = await send('GetItem', () =>
        document.send(
          new GetCommand({ TableName: tableName, Key: { sandboxId }, ConsistentRead: true }),
        ),
      );
      return Item === undefined || Item.softDelete === true ? undefined : toRecord(Item);
    },
    async listByCreator(createdBy) {
      const items = await queryAll(document, {
        TableName: tableName,
        IndexName: 'CreatedByIndex',
        KeyConditionExpression: 'createdBy = :createdBy',
        ExpressionAttributeValues: { ':createdBy': createdBy },
      });
      return items
        .filter((item) => item.softDelete !== true)
        .map(toRecord)
        .sort((first, second) => second.created.at.localeCompare(first.created.at));
    },
    async recordConversation(sandboxId) {
      await update(
        sandboxId,
        'SET conversationCount = conversationCount + :one, lastConversationAt = :at',
        { ':one': 1, ':at': clock().toISOString() },
      );
    },
    async markPromoted(sandboxId, promotedTo) {
      return update(
        sandboxId,
        'SET isPromoted = :true, promotedAt = :at, promotedTo = :promotedTo',
        { ':true': true, ':at': clock().toISOString(), ':promotedTo': promotedTo },
      );
    },
    async delete(sandboxId, actor) {
      const deleted = auditStamp(clock, actor);
      await update(sandboxId, 'SET softDelete = :true, deleted = :deleted', {
        ':true': true,
        ':deleted': deleted,
      });
    },
  };
}

function toRecord(item: StoredItem): SandboxRecord {
  const record = item as unknown as SandboxRecord;
  return {
    ...record,
    animalId: typeof item.animalId === 'string' ? item.animalId : null,
    knowledgeBaseFileIds: Array.isArray(item.knowledgeBaseFileIds)
      ? item.knowledgeBaseFileIds.map(String)
      : [],
    conversationCount: typeof item.conversationCount === 'number' ? item.conversationCount : 0,
    lastConversationAt:
      typeof item.lastConversationAt === 'string' ? item.lastConversationAt : null,
    isPromoted: item.isPromoted === true,
    promotedAt: typeof item.promotedAt === 'string' ? item.promotedAt : null,
    softDelete: item.softDelete === true,
  };
}
