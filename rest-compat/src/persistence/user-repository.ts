/**
 * Users in the user table (`quest-dev-user`, PK `userId`), with unique lowercased emails.
 *
 * Listing scans the table and filters in memory: at a zoo's scale (hundreds to a few thousand
 * users) one Scan is cheap, and it gives exact totals and case-insensitive substring search,
 * which DynamoDB queries cannot.
 *
 * @module
 */
import {
  DeleteCommand,
  GetCommand,
  PutCommand,
  UpdateCommand,
  type DynamoDBDocumentClient,
} from '@aws-sdk/lib-dynamodb';
import { auditStamp, systemClock, type ActorRef, type Clock } from './audit.ts';
import { createEmailGuard, emailGuardPrefix, normalizeEmail } from './email-guard.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { isConditionFailure, randomId, runStore, scanAll } from './store-operations.ts';
import { buildUpdate } from './update-expression.ts';
import {
  toUserRecord,
  type NewUser,
  type UserChanges,
  type UserRecord,
  type UserRole,
} from './user-record.ts';

export type { NewUser, UserChanges, UserRecord, UserRole } from './user-record.ts';

// Legacy items may lack `softDelete`; a missing flag means live.
const notDeleted = '(attribute_not_exists(softDelete) OR softDelete = :false)';

/** Filters and paging of {@link UserRepository.list}. */
export interface UserListOptions {
  /** Case-insensitive substring of the display name or email. */
  query?: string;
  role?: UserRole;
  /** 1-based. @default 1 */
  page?: number;
  /** @default 20 */
  pageSize?: number;
  includeDeleted?: boolean;
}

/** Typed access to users. */
export interface UserRepository {
  create(input: NewUser, actor?: ActorRef): Promise<UserRecord>;
  /** Hides soft-deleted users unless `includeDeleted`. */
  get(userId: string, options?: { includeDeleted?: boolean }): Promise<UserRecord | undefined>;
  getByEmail(email: string): Promise<UserRecord | undefined>;
  list(options?: UserListOptions): Promise<{ items: UserRecord[]; total: number }>;
  update(userId: string, changes: UserChanges, actor?: ActorRef): Promise<UserRecord>;
  setPasswordHash(userId: string, passwordHash: string): Promise<void>;
  softDelete(userId: string, actor?: ActorRef): Promise<void>;
  /** Removes the record and frees the email (privacy deletion). False when it did not exist. */
  hardDelete(userId: string): Promise<boolean>;
  addFamily(userId: string, familyId: string): Promise<void>;
  removeFamily(userId: string, familyId: string): Promise<void>;
  /** Writes missing email guards for users imported without them; returns conflicting user ids. */
  backfillEmailGuards(): Promise<{ claimed: number; conflicts: string[] }>;
}

/**
 * Creates the user repository.
 *
 * @example
 * ```ts
 * const users = createUserRepository({ document, tableName: names.user });
 * const user = await users.create({ email: 'ana@example.org', displayName: 'Ana', role: 'parent' });
 * ```
 */
export function createUserRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
  /** How old a dangling email claim must be before a new user may take it. @default 60000 */
  staleClaimMs?: number;
}): UserRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const guard = createEmailGuard({
    document,
    tableName,
    clock,
    staleAfterMs: options.staleClaimMs ?? 60_000,
  });

  const readItem = async (userId: string) => {
    const { Item } = await runStore(`GetItem ${tableName}`, () =>
      document.send(
        new GetCommand({ TableName: tableName, Key: { userId }, ConsistentRead: true }),
      ),
    );
    return Item === undefined || Item.recordType !== undefined ? undefined : toUserRecord(Item);
  };

  const requireLive = async (userId: string) => {
    const user = await readItem(userId);
    if (user === undefined || user.softDelete) throw new NotFound('user', userId);
    return user;
  };

  const updateExisting = async (userId: string, input: Record<string, unknown>) => {
    try {
      const { Attributes } = await runStore(`UpdateItem ${tableName}`, () =>
        document.send(
          new UpdateCommand({
            TableName: tableName,
            Key: { userId },
            ReturnValues: 'ALL_NEW',
            ...input,
          }),
        ),
      );
      return toUserRecord(Attributes ?? {});
    } catch (error) {
      if (isConditionFailure(error)) throw new NotFound('user', userId);
      throw error;
    }
  };

  const changeFamilies = (userId: string, operation: 'ADD' | 'DELETE', familyId: string) =>
    updateExisting(userId, {
      UpdateExpression: `${operation} familyIds :family`,
      ConditionExpression: 'attribute_exists(userId)',
      ExpressionAttributeValues: { ':family': new Set([familyId]) },
    });

  return {
    async create(input, actor) {
      const userId = input.userId ?? randomId('user_', 6);
      if (userId.startsWith(emailGuardPrefix)) throw new RangeError('reserved user id prefix');
      const email = normalizeEmail(input.email);
      await guard.claim(email, userId);
      const record: UserRecord = {
        ...input,
        userId,
        email,
        familyIds: [],
        created: auditStamp(clock, actor),
        softDelete: false,
      };
      // familyIds is stored only once non-empty: DynamoDB has no empty string sets (the
      // undefined value is dropped by the marshaller).
      const item = { ...record, familyIds: undefined };
      try {
        await runStore(`PutItem ${tableName}`, () =>
          document.send(
            new PutCommand({
              TableName: tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(userId)',
            }),
          ),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const existing = await readItem(userId);
        // A retried seed with the same id and email already owns the claim: keep it.
        if (existing?.email !== email) await guard.release(email, userId);
        throw new ConditionFailed('user', userId, 'already_exists');
      }
      return record;
    },

    async get(userId, getOptions = {}) {
      const user = await readItem(userId);
      if (user === undefined || (user.softDelete && getOptions.includeDeleted !== true)) {
        return undefined;
      }
      return user;
    },

    async getByEmail(email) {
      const normalized = normalizeEmail(email);
      const ownerId = await guard.ownerOf(normalized);
      if (ownerId === undefined) return undefined;
      const user = await readItem(ownerId);
      // A dangling claim (crash mid-create or mid-change) points at a missing or other user.
      if (user === undefined || normalizeEmail(user.email) !== normalized || user.softDelete) {
        return undefined;
      }
      return user;
    },

    async list(listOptions = {}) {
      const page = Math.max(1, listOptions.page ?? 1);
      const pageSize = Math.max(1, listOptions.pageSize ?? 20);
      const query = listOptions.query?.trim().toLowerCase() ?? '';
      const users = (await scanAll(document, { TableName: tableName, ConsistentRead: true }))
        .filter((item) => item.recordType === undefined)
        .map(toUserRecord)
        .filter((user) => listOptions.includeDeleted === true || !user.softDelete)
        .filter((user) => listOptions.role === undefined || user.role === listOptions.role)
        .filter(
          (user) =>
            query === '' ||
            user.email.includes(query) ||
            (user.displayName ?? '').toLowerCase().includes(query),
        )
        .sort(
          (left, right) =>
            (left.displayName ?? '').localeCompare(right.displayName ?? '', 'en', {
              sensitivity: 'base',
            }) || left.userId.localeCompare(right.userId),
        );
      const start = (page - 1) * pageSize;
      return { items: users.slice(start, start + pageSize), total: users.length };
    },

    async update(userId, changes, actor) {
      const current = await requireLive(userId);
      const email = changes.email === undefined ? undefined : normalizeEmail(changes.email);
      const currentEmail = normalizeEmail(current.email);
      const emailChanges = email !== undefined && email !== currentEmail;
      // Order: claim the new email, update the user, release the old email. A crash leaves at
      // worst a stale claim, which getByEmail ignores and a later claim takes over.
      if (emailChanges) await guard.claim(email, userId);
      const parts = buildUpdate({ ...changes, email, modified: auditStamp(clock, actor) });
      let updated: UserRecord;
      try {
        updated = await updateExisting(userId, {
          UpdateExpression: parts?.UpdateExpression,
          ExpressionAttributeNames: { ...parts?.ExpressionAttributeNames, '#email': 'email' },
          ExpressionAttributeValues: {
            ...parts?.ExpressionAttributeValues,
            ':currentEmail': current.email,
            ':false': false,
          },
          ConditionExpression: `attribute_exists(userId) AND #email = :currentEmail AND ${notDeleted}`,
        });
      } catch (error) {
        if (emailChanges) await guard.release(email, userId);
        throw error;
      }
      if (emailChanges) await guard.release(currentEmail, userId);
      return updated;
    },

    async setPasswordHash(userId, passwordHash) {
      await updateExisting(userId, {
        UpdateExpression: 'SET passwordHash = :hash, modified = :modified',
        ConditionExpression: 'attribute_exists(userId)',
        ExpressionAttributeValues: { ':hash': passwordHash, ':modified': auditStamp(clock) },
      });
    },

    async softDelete(userId, actor) {
      await updateExisting(userId, {
        UpdateExpression: 'SET softDelete = :true, deleted = :deleted',
        ConditionExpression: `attribute_exists(userId) AND ${notDeleted}`,
        ExpressionAttributeValues: {
          ':true': true,
          ':false': false,
          ':deleted': auditStamp(clock, actor),
        },
      });
    },

    async hardDelete(userId) {
      if (userId.startsWith(emailGuardPrefix)) return false;
      const { Attributes } = await runStore(`DeleteItem ${tableName}`, () =>
        document.send(
          new DeleteCommand({ TableName: tableName, Key: { userId }, ReturnValues: 'ALL_OLD' }),
        ),
      );
      if (Attributes === undefined) return false;
      // User first, then its claim: a crash in between leaves a claim that goes stale.
      await guard.release(normalizeEmail(String(Attributes.email)), userId);
      return true;
    },

    async addFamily(userId, familyId) {
      await changeFamilies(userId, 'ADD', familyId);
    },

    async removeFamily(userId, familyId) {
      await changeFamilies(userId, 'DELETE', familyId);
    },

    async backfillEmailGuards() {
      const users = (await scanAll(document, { TableName: tableName, ConsistentRead: true }))
        .filter((item) => item.recordType === undefined)
        .map(toUserRecord)
        // Lowest id first, so the winner among duplicate emails does not depend on scan order.
        .sort((left, right) => left.userId.localeCompare(right.userId));
      let claimed = 0;
      const conflicts: string[] = [];
      for (const user of users) {
        const email = normalizeEmail(user.email);
        if ((await guard.ownerOf(email)) === user.userId) continue;
        try {
          await guard.claim(email, user.userId);
          claimed++;
        } catch (error) {
          if (!(error instanceof ConditionFailed)) throw error;
          conflicts.push(user.userId);
        }
      }
      return { claimed, conflicts };
    },
  };
}
