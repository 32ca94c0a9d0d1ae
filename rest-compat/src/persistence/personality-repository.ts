/**
 * Personalities (`quest-dev-personality`, key `personalityId`): reusable personality texts that
 * assistants give to animals. Names are unique among live personalities (case-insensitively);
 * without transactions, uniqueness is held by a guard item `name#<lower-case name>` written with
 * a condition before the record, as the user table does for emails. Deleting is a soft delete.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { auditStamp, systemClock, type ActorRef, type AuditFields } from './audit.ts';
import { createLiveTable, oldestFirst, type RepositoryOptions } from './live-table.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { isConditionFailure, type StoredItem } from './store-operations.ts';
import { buildUpdate } from './update-expression.ts';

/** The writable fields of a personality (the spec's `CreatePersonalityRequest`). */
export interface PersonalityFields {
  name: string;
  description?: string;
  personalityText: string;
  animalType?: string;
  tone?: string;
  ageTarget?: string;
  isTemplate: boolean;
}

/** A stored personality. */
export interface PersonalityRecord extends PersonalityFields, AuditFields {
  personalityId: string;
}

/** Typed access to personalities. */
export interface PersonalityRepository {
  /** ConditionFailed `name_taken` when a live personality has this name. */
  create(fields: PersonalityFields, actor?: ActorRef): Promise<PersonalityRecord>;
  /** A live personality, or undefined. */
  get(personalityId: string): Promise<PersonalityRecord | undefined>;
  /** Every live personality, oldest first. */
  list(): Promise<PersonalityRecord[]>;
  /** Changes some fields; NotFound when missing, ConditionFailed `name_taken` on a taken name. */
  update(
    personalityId: string,
    changes: Partial<Omit<PersonalityFields, 'isTemplate'>>,
    actor?: ActorRef,
  ): Promise<PersonalityRecord>;
  /** Soft-deletes and frees the name; NotFound when there is no live personality. */
  delete(personalityId: string, actor?: ActorRef): Promise<void>;
}

const guardType = 'name-guard';

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const personalities = createPersonalityRepository({ document, tableName: names.personality });
 * await personalities.create({ name: 'Playful lion', personalityText: '…', isTemplate: false });
 * ```
 */
export function createPersonalityRepository(options: RepositoryOptions): PersonalityRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const table = createLiveTable({
    document,
    tableName,
    key: 'personalityId',
    entity: 'personality',
  });
  const { send } = table;

  const claimName = (name: string, personalityId: string) =>
    table.putNew(
      { personalityId: guardKey(name), itemType: guardType, guardFor: personalityId },
      () => new ConditionFailed('personality', name, 'name_taken'),
    );
  const releaseName = (name: string, personalityId: string) =>
    send('DeleteItem', () =>
      document.send(
        new DeleteCommand({
          TableName: tableName,
          Key: { personalityId: guardKey(name) },
          ConditionExpression: 'guardFor = :owner',
          ExpressionAttributeValues: { ':owner': personalityId },
        }),
      ),
    ).catch((error: unknown) => {
      // Someone else's guard (or none): nothing of ours to free.
      if (!isConditionFailure(error)) throw error;
    });

  const repository: PersonalityRepository = {
    async create(fields, actor) {
      const personalityId = randomUUID();
      await claimName(fields.name, personalityId);
      const record: PersonalityRecord = {
        ...withoutUndefined(fields),
        personalityId,
        created: auditStamp(clock, actor),
        softDelete: false,
      };
      try {
        // The id is fresh and the name claimed: the put needs no condition of its own.
        await send('PutItem', () =>
          document.send(new PutCommand({ TableName: tableName, Item: record })),
        );
      } catch (error) {
        await releaseName(fields.name, personalityId);
        throw error;
      }
      return record;
    },
    async get(personalityId) {
      const item = await table.getLive(personalityId, isLivePersonality);
      return item === undefined ? undefined : toRecord(item);
    },
    async list() {
      const items = await table.scanLive(isLivePersonality);
      return items.map(toRecord).sort(oldestFirst);
    },
    async update(personalityId, changes, actor) {
      const current = await repository.get(personalityId);
      if (current === undefined) throw new NotFound('personality', personalityId);
      const renamed =
        changes.name !== undefined && guardKey(changes.name) !== guardKey(current.name);
      if (renamed && changes.name !== undefined) await claimName(changes.name, personalityId);
      const update = buildUpdate({
        ...withoutUndefined(changes),
        modified: auditStamp(clock, actor),
      });
      if (update === undefined) return current;
      try {
        const item = await table.updateLive(personalityId, update);
        if (renamed) await releaseName(current.name, personalityId);
        return toRecord(item);
      } catch (error) {
        // The change did not happen (NotFound or a store error): give the new name back.
        if (renamed && changes.name !== undefined) await releaseName(changes.name, personalityId);
        throw error;
      }
    },
    async delete(personalityId, actor) {
      const current = await repository.get(personalityId);
      if (current === undefined) throw new NotFound('personality', personalityId);
      await table.softDelete(personalityId, auditStamp(clock, actor));
      await releaseName(current.name, personalityId);
    },
  };
  return repository;
}

function isLivePersonality(item: StoredItem): boolean {
  return item.itemType !== guardType && item.softDelete !== true;
}

function guardKey(name: string): string {
  return `name#${name.trim().toLowerCase()}`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}

function toRecord(item: StoredItem): PersonalityRecord {
  const record = item as unknown as PersonalityRecord;
  return { ...record, isTemplate: item.isTemplate === true, softDelete: item.softDelete === true };
}
