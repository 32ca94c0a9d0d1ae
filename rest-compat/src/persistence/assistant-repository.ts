/**
 * Animal assistants (`quest-dev-animal-assistant`, key `assistantId`, index `AnimalIndex`): the
 * live configuration of one animal (personality, guardrail, knowledge files, status). Besides the
 * assistant items the table holds two kinds of helper items, told apart by `itemType`:
 * - `animal-guard` (`animal#<animalId>`): claimed with a condition, so an animal has at most one
 *   live assistant without transactions;
 * - `version` (`<assistantId>#v000001`…): one per change of the live configuration, with the
 *   whole configuration, who changed it, when and a field diff, so a change can be rolled back.
 * Helper items carry no `animalId`, so `AnimalIndex` holds assistants only. Deleting an assistant
 * is a soft delete that frees its animal.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import {
  auditStamp,
  systemClock,
  type ActorRef,
  type AuditFields,
  type AuditStamp,
} from './audit.ts';
import { createLiveTable, oldestFirst, type RepositoryOptions } from './live-table.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { isConditionFailure, queryAll, scanAll, type StoredItem } from './store-operations.ts';

/** The assistant's statuses (the spec's enum). */
export type AssistantStatus = 'ACTIVE' | 'INACTIVE' | 'ERROR';

/** The live configuration of an animal: what a version records and a rollback restores. */
export interface AssistantConfig {
  personalityId: string;
  /** The personality's name and text when merged: the animal speaks with exactly this. */
  personalityName: string;
  personalityText: string;
  guardrailId: string;
  knowledgeBaseFileIds: string[];
  status: AssistantStatus;
  mergedPrompt: string;
}

/** A stored assistant. */
export interface AssistantRecord extends AssistantConfig, AuditFields {
  assistantId: string;
  animalId: string;
  /** The number of the latest version; every change adds one. */
  version: number;
  lastPromptMerge: { at: string };
}

/** Why the configuration changed. */
export type ChangeKind = 'create' | 'update' | 'promotion' | 'rollback' | 'personality-update';

/** One changed field: its value before and after. */
export interface FieldChange {
  field: keyof AssistantConfig;
  from: unknown;
  to: unknown;
}

/** One version of an assistant's configuration. */
export interface AssistantVersion {
  assistantId: string;
  version: number;
  kind: ChangeKind;
  at: string;
  by?: ActorRef;
  /** The promoted sandbox, for a promotion. */
  sandboxId?: string;
  /** The version restored, for a rollback. */
  restoredVersion?: number;
  config: AssistantConfig;
  changes: FieldChange[];
}

/** What describes a change besides the new configuration. */
export interface ChangeNote {
  kind: ChangeKind;
  sandboxId?: string;
  restoredVersion?: number;
}

/** Typed access to assistants and their versions. */
export interface AssistantRepository {
  /** ConditionFailed `animal_has_assistant` when the animal already has a live assistant. */
  create(
    animalId: string,
    config: AssistantConfig,
    note: ChangeNote,
    actor?: ActorRef,
  ): Promise<AssistantRecord>;
  /** A live assistant, or undefined. */
  get(assistantId: string): Promise<AssistantRecord | undefined>;
  /** Every live assistant, oldest first. */
  list(): Promise<AssistantRecord[]>;
  /** The animal's live assistant, if any. */
  findForAnimal(animalId: string): Promise<AssistantRecord | undefined>;
  /**
   * Replaces the configuration as version `expectedVersion + 1`; ConditionFailed
   * `version_conflict` when another change came first, NotFound when the assistant is gone.
   */
  change(
    assistantId: string,
    expectedVersion: number,
    config: AssistantConfig,
    note: ChangeNote,
    actor?: ActorRef,
  ): Promise<AssistantRecord>;
  /** Every version, oldest first. */
  versions(assistantId: string): Promise<AssistantVersion[]>;
  /** Soft-deletes and frees the animal; NotFound when there is no live assistant. */
  delete(assistantId: string, actor?: ActorRef): Promise<AssistantRecord>;
}

const configFields: readonly (keyof AssistantConfig)[] = [
  'personalityId',
  'personalityName',
  'personalityText',
  'guardrailId',
  'knowledgeBaseFileIds',
  'status',
  'mergedPrompt',
];

/**
 * The fields that differ between two configurations.
 *
 * @example
 * ```ts
 * diffConfig(before, { ...before, status: 'INACTIVE' }); // [{ field: 'status', from: 'ACTIVE', to: 'INACTIVE' }]
 * ```
 */
export function diffConfig(
  before: AssistantConfig | undefined,
  after: AssistantConfig,
): FieldChange[] {
  return configFields.flatMap((field) => {
    const from = before?.[field];
    const to = after[field];
    return JSON.stringify(from) === JSON.stringify(to) ? [] : [{ field, from: from ?? null, to }];
  });
}

/**
 * The configuration part of a record.
 *
 * @example
 * ```ts
 * const config = configOf(assistant);
 * ```
 */
export function configOf(record: AssistantConfig): AssistantConfig {
  return Object.fromEntries(configFields.map((field) => [field, record[field]])) as never;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const assistants = createAssistantRepository({ document, tableName: names.animalAssistant });
 * ```
 */
export function createAssistantRepository(options: RepositoryOptions): AssistantRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const table = createLiveTable({ document, tableName, key: 'assistantId', entity: 'assistant' });
  const { send, putNew } = table;
  const deleteKey = (assistantId: string) =>
    send('DeleteItem', () =>
      document.send(new DeleteCommand({ TableName: tableName, Key: { assistantId } })),
    );
  const writeVersion = async (
    assistantId: string,
    version: number,
    at: AuditStamp,
    config: AssistantConfig,
    before: AssistantConfig | undefined,
    note: ChangeNote,
  ) => {
    const entry: AssistantVersion = {
      assistantId,
      version,
      kind: note.kind,
      at: at.at,
      ...(at.by ? { by: at.by } : {}),
      ...(note.sandboxId ? { sandboxId: note.sandboxId } : {}),
      ...(note.restoredVersion === undefined ? {} : { restoredVersion: note.restoredVersion }),
      config,
      changes: diffConfig(before, config),
    };
    const { assistantId: versionOf, ...rest } = entry;
    await putNew(
      { ...rest, assistantId: versionKey(assistantId, version), versionOf, itemType: 'version' },
      () => new ConditionFailed('assistant', assistantId, 'version_conflict'),
    );
  };

  const repository: AssistantRepository = {
    async create(animalId, config, note, actor) {
      const assistantId = randomUUID();
      const stamp = auditStamp(clock, actor);
      await putNew(
        { assistantId: guardKey(animalId), itemType: 'animal-guard', liveAssistantId: assistantId },
        () => new ConditionFailed('assistant', animalId, 'animal_has_assistant'),
      );
      const record: AssistantRecord = {
        ...configOf(config),
        assistantId,
        animalId,
        version: 1,
        lastPromptMerge: { at: stamp.at },
        created: stamp,
        softDelete: false,
      };
      try {
        await writeVersion(assistantId, 1, stamp, configOf(config), undefined, note);
        await send('PutItem', () =>
          document.send(new PutCommand({ TableName: tableName, Item: record })),
        );
      } catch (error) {
        await deleteKey(versionKey(assistantId, 1)).catch(() => undefined);
        await deleteKey(guardKey(animalId)).catch(() => undefined);
        throw error;
      }
      return record;
    },
    async get(assistantId) {
      const item = await table.getLive(assistantId, isLiveAssistant);
      return item === undefined ? undefined : toRecord(item);
    },
    async list() {
      const items = await table.scanLive(isLiveAssistant);
      return items.map(toRecord).sort(oldestFirst);
    },
    async findForAnimal(animalId) {
      const items = await queryAll(document, {
        TableName: tableName,
        IndexName: 'AnimalIndex',
        KeyConditionExpression: 'animalId = :animalId',
        ExpressionAttributeValues: { ':animalId': animalId },
      });
      const live = items.filter(isLiveAssistant).map(toRecord);
      // The index is eventually consistent: confirm with a strongly consistent read.
      for (const candidate of live) {
        const current = await repository.get(candidate.assistantId);
        if (current !== undefined) return current;
      }
      return undefined;
    },
    async change(assistantId, expectedVersion, config, note, actor) {
      const current = await repository.get(assistantId);
      if (current === undefined) throw new NotFound('assistant', assistantId);
      if (current.version !== expectedVersion)
        throw new ConditionFailed('assistant', assistantId, 'version_conflict');
      const stamp = auditStamp(clock, actor);
      const next = expectedVersion + 1;
      const fresh = configOf(config);
      await writeVersion(assistantId, next, stamp, fresh, configOf(current), note);
      const merged = fresh.mergedPrompt !== current.mergedPrompt;
      try {
        const { Attributes } = await send('UpdateItem', () =>
          document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { assistantId },
              UpdateExpression:
                'SET personalityId = :personalityId, personalityName = :personalityName, ' +
                'personalityText = :personalityText, guardrailId = :guardrailId, ' +
                'knowledgeBaseFileIds = :files, #status = :status, mergedPrompt = :merged, ' +
                'lastPromptMerge = :mergeAt, version = :next, modified = :modified',
              ConditionExpression: 'version = :expected AND softDelete = :false',
              ExpressionAttributeNames: { '#status': 'status' },
              ExpressionAttributeValues: {
                ':personalityId': fresh.personalityId,
                ':personalityName': fresh.personalityName,
                ':personalityText': fresh.personalityText,
                ':guardrailId': fresh.guardrailId,
                ':files': fresh.knowledgeBaseFileIds,
                ':status': fresh.status,
                ':merged': fresh.mergedPrompt,
                ':mergeAt': merged ? { at: stamp.at } : current.lastPromptMerge,
                ':next': next,
                ':modified': stamp,
                ':expected': expectedVersion,
                ':false': false,
              },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        return toRecord(Attributes ?? {});
      } catch (error) {
        // The version claimed above describes a change that did not happen: take it back.
        await deleteKey(versionKey(assistantId, next)).catch(() => undefined);
        if (isConditionFailure(error))
          throw new ConditionFailed('assistant', assistantId, 'version_conflict');
        throw error;
      }
    },
    async versions(assistantId) {
      const items = await scanAll(document, {
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: 'versionOf = :assistantId',
        ExpressionAttributeValues: { ':assistantId': assistantId },
      });
      return items
        .map((item): AssistantVersion => {
          const version = { ...item } as Record<string, unknown>;
          delete version.itemType;
          delete version.versionOf;
          return {
            ...(version as unknown as AssistantVersion),
            assistantId: String(item.versionOf),
          };
        })
        .sort((first, second) => first.version - second.version);
    },
    async delete(assistantId, actor) {
      // Only assistants carry `animalId`: a helper item with this key is not one.
      const record = toRecord(
        await table.softDelete(assistantId, auditStamp(clock, actor), {
          existsAttribute: 'animalId',
        }),
      );
      await send('DeleteItem', () =>
        document.send(
          new DeleteCommand({
            TableName: tableName,
            Key: { assistantId: guardKey(record.animalId) },
            ConditionExpression: 'liveAssistantId = :assistantId',
            ExpressionAttributeValues: { ':assistantId': assistantId },
          }),
        ),
      ).catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
      return record;
    },
  };
  return repository;
}

function guardKey(animalId: string): string {
  return `animal#${animalId}`;
}

function versionKey(assistantId: string, version: number): string {
  return `${assistantId}#v${String(version).padStart(6, '0')}`;
}

function isLiveAssistant(item: StoredItem): boolean {
  return (
    item.itemType === undefined && typeof item.animalId === 'string' && item.softDelete !== true
  );
}

function toRecord(item: StoredItem): AssistantRecord {
  const record = item as unknown as AssistantRecord;
  return {
    ...record,
    knowledgeBaseFileIds: Array.isArray(item.knowledgeBaseFileIds)
      ? item.knowledgeBaseFileIds.map(String)
      : [],
    personalityName: typeof item.personalityName === 'string' ? item.personalityName : '',
    personalityText: typeof item.personalityText === 'string' ? item.personalityText : '',
    mergedPrompt: typeof item.mergedPrompt === 'string' ? item.mergedPrompt : '',
    version: typeof item.version === 'number' ? item.version : 1,
    softDelete: item.softDelete === true,
  };
}
