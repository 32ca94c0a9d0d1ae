/**
 * Animals (`quest-dev-animal`, PK `animalId`). Every write bumps `version` under a condition on
 * the version read, so concurrent edits never silently overwrite each other: with
 * `expectedVersion` a mismatch is a ConditionFailed (`version_conflict`, the 409 of the original
 * config editor); without it the repository re-reads and retries a few times.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import {
  defaultConfiguration,
  personaToAnimal,
  type AnimalChanges,
  type AnimalRecord,
  type NewAnimal,
  type SeedPersona,
} from './animal-record.ts';
import { auditStamp, systemClock, type ActorRef, type Clock } from './audit.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { isConditionFailure, runStore, scanAll, type StoredItem } from './store-operations.ts';
import { buildUpdate } from './update-expression.ts';

export type {
  AnimalChanges,
  AnimalConfiguration,
  AnimalRecord,
  NewAnimal,
  SeedPersona,
} from './animal-record.ts';

/** Options of {@link AnimalRepository.update}. */
export interface AnimalUpdateOptions {
  /** The version the caller edited; a different stored version fails with `version_conflict`. */
  expectedVersion?: number;
  actor?: ActorRef;
}

/** Typed access to animals. */
export interface AnimalRepository {
  create(input: NewAnimal, actor?: ActorRef): Promise<AnimalRecord>;
  /** Soft-deleted animals read as absent. */
  get(animalId: string): Promise<AnimalRecord | undefined>;
  /** Live animals sorted by name, optionally by top-level status. */
  list(options?: { status?: AnimalRecord['status'] }): Promise<AnimalRecord[]>;
  update(
    animalId: string,
    changes: AnimalChanges,
    options?: AnimalUpdateOptions,
  ): Promise<AnimalRecord>;
  softDelete(animalId: string, actor?: ActorRef): Promise<void>;
  /** Writes each persona whose id is not in the table yet (even soft-deleted ones stay). */
  seedFromPersonas(
    personas: readonly SeedPersona[],
  ): Promise<{ created: string[]; kept: string[] }>;
}

const unversionedRetries = 5;

/**
 * Creates the animal repository.
 *
 * @example
 * ```ts
 * const animals = createAnimalRepository({ document, tableName: names.animal });
 * await animals.update('bella', { configuration: { temperature: 0.4 } }, { expectedVersion: 3 });
 * ```
 */
export function createAnimalRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): AnimalRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;

  const readItem = async (animalId: string) => {
    const { Item } = await runStore(`GetItem ${tableName}`, () =>
      document.send(
        new GetCommand({ TableName: tableName, Key: { animalId }, ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : toAnimalRecord(Item);
  };

  const insert = async (input: NewAnimal, actor?: ActorRef): Promise<AnimalRecord> => {
    const record: AnimalRecord = {
      ...input,
      animalId: input.animalId ?? randomUUID(),
      status: input.status ?? 'active',
      personality: { description: input.personality ?? '' },
      configuration: { ...defaultConfiguration, ...input.configuration },
      created: auditStamp(clock, actor),
      softDelete: false,
      version: 1,
    };
    try {
      await runStore(`PutItem ${tableName}`, () =>
        document.send(
          new PutCommand({
            TableName: tableName,
            Item: record,
            ConditionExpression: 'attribute_not_exists(animalId)',
          }),
        ),
      );
    } catch (error) {
      if (isConditionFailure(error)) {
        throw new ConditionFailed('animal', record.animalId, 'already_exists');
      }
      throw error;
    }
    return record;
  };

  // One versioned write: succeeds only if the stored version is still `current.version`.
  const writeVersioned = async (current: AnimalRecord, fields: Record<string, unknown>) => {
    const parts = buildUpdate({ ...fields, version: current.version + 1 });
    const { Attributes } = await runStore(`UpdateItem ${tableName}`, () =>
      document.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { animalId: current.animalId },
          ...parts,
          ExpressionAttributeNames: { ...parts?.ExpressionAttributeNames, '#version': 'version' },
          ExpressionAttributeValues: {
            ...parts?.ExpressionAttributeValues,
            ':seen': current.version,
          },
          // Records written before versioning have none; they count as version 0.
          ConditionExpression: 'attribute_not_exists(#version) OR #version = :seen',
          ReturnValues: 'ALL_NEW',
        }),
      ),
    );
    return toAnimalRecord(Attributes ?? {});
  };

  const mutate = async (
    animalId: string,
    expectedVersion: number | undefined,
    fieldsFor: (current: AnimalRecord) => Record<string, unknown>,
  ) => {
    for (let attempt = 1; ; attempt++) {
      const current = await readItem(animalId);
      if (current === undefined || current.softDelete) throw new NotFound('animal', animalId);
      if (expectedVersion !== undefined && current.version !== expectedVersion) {
        throw new ConditionFailed('animal', animalId, 'version_conflict');
      }
      try {
        return await writeVersioned(current, fieldsFor(current));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        if (expectedVersion !== undefined || attempt === unversionedRetries) {
          throw new ConditionFailed('animal', animalId, 'version_conflict', { cause: error });
        }
      }
    }
  };

  return {
    create: insert,

    async get(animalId) {
      const animal = await readItem(animalId);
      return animal === undefined || animal.softDelete ? undefined : animal;
    },

    async list(listOptions = {}) {
      return (await scanAll(document, { TableName: tableName, ConsistentRead: true }))
        .map(toAnimalRecord)
        .filter((animal) => !animal.softDelete)
        .filter(
          (animal) => listOptions.status === undefined || animal.status === listOptions.status,
        )
        .sort(
          (left, right) =>
            left.name.localeCompare(right.name, 'en', { sensitivity: 'base' }) ||
            left.animalId.localeCompare(right.animalId),
        );
    },

    update(animalId, changes, updateOptions = {}) {
      return mutate(animalId, updateOptions.expectedVersion, (current) => ({
        ...changes,
        personality:
          changes.personality === undefined ? undefined : { description: changes.personality },
        configuration:
          changes.configuration === undefined
            ? undefined
            : { ...current.configuration, ...changes.configuration },
        modified: auditStamp(clock, updateOptions.actor),
      }));
    },

    async softDelete(animalId, actor) {
      await mutate(animalId, undefined, () => ({
        softDelete: true,
        deleted: auditStamp(clock, actor),
      }));
    },

    async seedFromPersonas(personas) {
      const created: string[] = [];
      const kept: string[] = [];
      for (const persona of personas) {
        try {
          await insert(personaToAnimal(persona), { actorId: 'system:seed' });
          created.push(persona.id);
        } catch (error) {
          // Already there (possibly edited or deleted by a keeper): never overwrite.
          if (!(error instanceof ConditionFailed)) throw error;
          kept.push(persona.id);
        }
      }
      return { created, kept };
    },
  };
}

function toAnimalRecord(item: StoredItem): AnimalRecord {
  const personality = item.personality;
  return {
    ...(item as unknown as AnimalRecord),
    status: item.status === 'hidden' ? 'hidden' : 'active',
    // Some original records stored personality as a plain string.
    personality:
      typeof personality === 'string'
        ? { description: personality }
        : ((personality as AnimalRecord['personality'] | undefined) ?? { description: '' }),
    configuration: {
      ...defaultConfiguration,
      ...(item.configuration as Partial<AnimalRecord['configuration']> | undefined),
    },
    softDelete: item.softDelete === true,
    version: typeof item.version === 'number' ? item.version : 0,
  };
}
