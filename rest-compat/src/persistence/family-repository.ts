/**
 * Families (`quest-dev-family`, PK `familyId`) with bidirectional links to their members: each
 * member user's `familyIds` string set names the family.
 *
 * Without transactions the two sides are written in a fixed order:
 * - create: validate members → write the family → ADD the id to every member.
 * - update: validate new members → write the family → ADD the id to every current member →
 *   DELETE it from removed members.
 * - delete: soft-delete the family → DELETE the id from every member.
 *
 * The family item is the source of truth; users' `familyIds` are a denormalised copy. A crash
 * between steps leaves a user link missing (create/update) or stale (update/delete). Reads
 * tolerate that: `listForUser` scans families by membership and skips deleted ones, and the
 * REST layer should populate families from the family item. Link writes are idempotent set
 * operations, so repeating the interrupted call (every update re-adds all current links, and
 * delete may be repeated) repairs the copy.
 *
 * @module
 */
import {
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { auditStamp, systemClock, type ActorRef, type Clock } from './audit.ts';
import {
  toFamilyRecord,
  toItem,
  toSet,
  type FamilyChanges,
  type FamilyRecord,
  type NewFamily,
} from './family-record.ts';
import { ConditionFailed, InvalidReference, NotFound } from './persistence-errors.ts';
import {
  isConditionFailure,
  randomId,
  runStore,
  scanAll,
  type StoredItem,
} from './store-operations.ts';
import { buildUpdate } from './update-expression.ts';
import type { UserRepository } from './user-repository.ts';

const memberFilter = 'contains(parentIds, :user) OR contains(studentIds, :user)';

export type { FamilyAddress, FamilyChanges, FamilyRecord, NewFamily } from './family-record.ts';

/** Typed access to families. */
export interface FamilyRepository {
  /** Throws InvalidReference for unknown members, ConditionFailed for a taken id. */
  create(input: NewFamily, actor?: ActorRef): Promise<FamilyRecord>;
  get(familyId: string, options?: { includeDeleted?: boolean }): Promise<FamilyRecord | undefined>;
  /** Every live family, by name. */
  list(): Promise<FamilyRecord[]>;
  /** Live families naming `userId` as parent or student. */
  listForUser(userId: string): Promise<FamilyRecord[]>;
  update(familyId: string, changes: FamilyChanges, actor?: ActorRef): Promise<FamilyRecord>;
  /** Soft delete and unlink members; repeatable to finish an interrupted delete. */
  delete(familyId: string, actor?: ActorRef): Promise<void>;
  /** Removes a user from every family listing it (privacy deletion); returns how many. */
  removeMemberEverywhere(userId: string): Promise<number>;
}

/**
 * Creates the family repository over the family table and the user repository.
 *
 * @example
 * ```ts
 * const families = createFamilyRepository({ document, tableName: names.family, users });
 * await families.create({ familyName: 'Ng', parentIds: [parentId], studentIds: [childId] });
 * ```
 */
export function createFamilyRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  users: UserRepository;
  clock?: Clock;
}): FamilyRepository {
  const { document, tableName, users } = options;
  const clock = options.clock ?? systemClock;

  const readItem = async (familyId: string) => {
    const { Item } = await runStore(`GetItem ${tableName}`, () =>
      document.send(
        new GetCommand({ TableName: tableName, Key: { familyId }, ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : toFamilyRecord(Item);
  };

  const requireMembers = async (userIds: readonly string[]) => {
    const found = await Promise.all(userIds.map((userId) => users.get(userId)));
    const missing = userIds.filter((_, index) => found[index] === undefined);
    if (missing.length > 0) throw new InvalidReference('user', missing);
  };

  // A member may have been hard-deleted meanwhile; its link then has nothing to point from.
  const link = (userIds: readonly string[], familyId: string, operation: 'add' | 'remove') =>
    Promise.all(
      userIds.map(async (userId) => {
        try {
          if (operation === 'add') await users.addFamily(userId, familyId);
          else await users.removeFamily(userId, familyId);
        } catch (error) {
          if (!(error instanceof NotFound)) throw error;
        }
      }),
    );

  const scanFamilies = async (
    filter: string | undefined,
    values: StoredItem | undefined,
    includeDeleted = false,
  ) =>
    (
      await scanAll(document, {
        TableName: tableName,
        ConsistentRead: true,
        ...(filter === undefined
          ? {}
          : { FilterExpression: filter, ExpressionAttributeValues: values }),
      })
    )
      .map(toFamilyRecord)
      .filter((family) => includeDeleted || !family.softDelete)
      .sort(
        (left, right) =>
          left.familyName.localeCompare(right.familyName) ||
          left.familyId.localeCompare(right.familyId),
      );

  return {
    async create(input, actor) {
      const parentIds = unique(input.parentIds);
      const studentIds = unique(input.studentIds);
      await requireMembers([...parentIds, ...studentIds]);
      const created = auditStamp(clock, actor);
      const record: FamilyRecord = {
        ...input,
        familyId: input.familyId ?? randomId('family_', 4),
        parentIds,
        studentIds,
        status: input.status ?? 'active',
        memberSince: created.at,
        created,
        softDelete: false,
      };
      try {
        await runStore(`PutItem ${tableName}`, () =>
          document.send(
            new PutCommand({
              TableName: tableName,
              Item: toItem(record),
              ConditionExpression: 'attribute_not_exists(familyId)',
            }),
          ),
        );
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new ConditionFailed('family', record.familyId, 'already_exists');
        }
        throw error;
      }
      await link([...parentIds, ...studentIds], record.familyId, 'add');
      return record;
    },

    async get(familyId, getOptions = {}) {
      const family = await readItem(familyId);
      if (family === undefined || (family.softDelete && getOptions.includeDeleted !== true)) {
        return undefined;
      }
      return family;
    },

    list: () => scanFamilies(undefined, undefined),

    listForUser: (userId) => scanFamilies(memberFilter, { ':user': userId }),

    async update(familyId, changes, actor) {
      const current = await readItem(familyId);
      if (current === undefined || current.softDelete) throw new NotFound('family', familyId);
      const parentIds =
        changes.parentIds === undefined ? current.parentIds : unique(changes.parentIds);
      const studentIds =
        changes.studentIds === undefined ? current.studentIds : unique(changes.studentIds);
      const before = new Set([...current.parentIds, ...current.studentIds]);
      const members = unique([...parentIds, ...studentIds]);
      // Only newcomers must exist: a hard-deleted old member must not block editing the family.
      await requireMembers(members.filter((userId) => !before.has(userId)));
      const parts = buildUpdate({
        ...changes,
        parentIds: changes.parentIds === undefined ? undefined : toSet(parentIds),
        studentIds: changes.studentIds === undefined ? undefined : toSet(studentIds),
        modified: auditStamp(clock, actor),
      });
      let updated: FamilyRecord;
      try {
        const { Attributes } = await runStore(`UpdateItem ${tableName}`, () =>
          document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { familyId },
              ...parts,
              ConditionExpression:
                'attribute_exists(familyId) AND (attribute_not_exists(softDelete) OR softDelete = :false)',
              ExpressionAttributeValues: { ...parts?.ExpressionAttributeValues, ':false': false },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        updated = toFamilyRecord(Attributes ?? {});
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFound('family', familyId);
        throw error;
      }
      await link(members, familyId, 'add');
      await link(
        [...before].filter((userId) => !members.includes(userId)),
        familyId,
        'remove',
      );
      return updated;
    },

    async delete(familyId, actor) {
      const current = await readItem(familyId);
      if (current === undefined) throw new NotFound('family', familyId);
      if (!current.softDelete) {
        await runStore(`UpdateItem ${tableName}`, () =>
          document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { familyId },
              UpdateExpression: 'SET softDelete = :true, deleted = :deleted',
              ExpressionAttributeValues: { ':true': true, ':deleted': auditStamp(clock, actor) },
            }),
          ),
        );
      }
      await link([...current.parentIds, ...current.studentIds], familyId, 'remove');
    },

    async removeMemberEverywhere(userId) {
      // Soft-deleted families too: erasure must not leave the id behind anywhere.
      const families = await scanFamilies(memberFilter, { ':user': userId }, true);
      for (const family of families) {
        await runStore(`UpdateItem ${tableName}`, () =>
          document.send(
            new UpdateCommand({
              TableName: tableName,
              Key: { familyId: family.familyId },
              UpdateExpression: 'DELETE parentIds :user, studentIds :user',
              ExpressionAttributeValues: { ':user': new Set([userId]) },
            }),
          ),
        );
      }
      return families.length;
    },
  };
}

function unique(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort();
}
