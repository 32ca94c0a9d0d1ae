/**
 * Sandboxes (`quest-dev-sandbox`, key `sandboxId`, index `CreatedByIndex`): a zookeeper's draft
 * configuration of an animal, to chat with before promoting it to the live assistant. A sandbox
 * holds a snapshot of the personality text it was created with, so the draft tested is exactly
 * the draft promoted. It expires (`expiresAt`, 30 minutes by default, as in the original);
 * deleting is a soft delete.
 *
 * @module
 */
import { auditStamp, systemClock, type ActorRef, type AuditStamp } from './audit.ts';
import {
  createLiveTable,
  isNotDeleted,
  newestFirst,
  type RepositoryOptions,
} from './live-table.ts';
import { queryAll, randomId, type StoredItem } from './store-operations.ts';

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
export function createSandboxRepository(options: RepositoryOptions): SandboxRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const table = createLiveTable({ document, tableName, key: 'sandboxId', entity: 'sandbox' });
  const update = async (
    sandboxId: string,
    expression: string,
    values: Record<string, unknown>,
  ): Promise<SandboxRecord> =>
    toRecord(
      await table.updateLive(sandboxId, {
        UpdateExpression: expression,
        ExpressionAttributeValues: values,
      }),
    );
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
      await table.putNew({ ...record });
      return record;
    },
    async get(sandboxId) {
      const item = await table.getLive(sandboxId);
      return item === undefined ? undefined : toRecord(item);
    },
    async listByCreator(createdBy) {
      const items = await queryAll(document, {
        TableName: tableName,
        IndexName: 'CreatedByIndex',
        KeyConditionExpression: 'createdBy = :createdBy',
        ExpressionAttributeValues: { ':createdBy': createdBy },
      });
      return items.filter(isNotDeleted).map(toRecord).sort(newestFirst);
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
      // A sandbox never had a `modified` stamp: deleting does not add one.
      await table.softDelete(sandboxId, auditStamp(clock, actor), { touchModified: false });
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
