/**
 * The privacy audit log in the privacy-audit table (`quest-dev-privacy-audit`, PK `auditId`,
 * GSIs UserIndex(`userId`, `timestamp`), ParentIndex(`parentId`, `timestamp`),
 * ActionTypeIndex(`actionType`, `timestamp`)): who did what to whose data, and when. Ids only:
 * no names, emails, IP addresses or user agents, and no text the child wrote.
 *
 * Entries are never deleted. When a user is erased, every entry naming them (as subject, actor or
 * parent) is rewritten with a one-way pseudonym, so the log still proves what happened without
 * keeping the id.
 *
 * @module
 */
import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { systemClock, type Clock } from './audit.ts';
import { queryAll, randomId, runStore, scanAll, type StoredItem } from './store-operations.ts';

/** The spec's privacy action types. */
export type PrivacyActionType =
  'DATA_ACCESS' | 'DATA_EXPORT' | 'DATA_DELETE' | 'CONTEXT_VIEW' | 'CONVERSATION_VIEW';

/** One stored audit entry. */
export interface PrivacyAuditEntry {
  auditId: string;
  /** Whose data was acted on. */
  userId: string;
  /** Who acted. */
  actorId: string;
  actorRole: string;
  /** The actor again when a parent acted (the spec's `parentId`). */
  parentId?: string;
  actionType: PrivacyActionType;
  timestamp: string;
  /** The operation and its outcome: ids, counts and options only. */
  actionDetails: Record<string, unknown>;
}

/** A new entry; the id and time are filled in. */
export type NewPrivacyAuditEntry = Omit<PrivacyAuditEntry, 'auditId' | 'timestamp'>;

/** Filters of {@link PrivacyAuditRepository.list}; all given ones must match. */
export interface PrivacyAuditQuery {
  userId?: string;
  parentId?: string;
  actionType?: PrivacyActionType;
  /** Inclusive ISO instants. */
  startDate?: string;
  endDate?: string;
  /** Entries whose subject is one of these, or whose parent is `orParentId`. */
  subjects?: readonly string[];
  orParentId?: string;
}

/** Typed access to the privacy audit log. */
export interface PrivacyAuditRepository {
  record(entry: NewPrivacyAuditEntry): Promise<PrivacyAuditEntry>;
  /** Matching entries, newest first. */
  list(query: PrivacyAuditQuery): Promise<PrivacyAuditEntry[]>;
  /** Replaces `userId` wherever an entry names it; returns how many entries changed. */
  pseudonymize(userId: string, pseudonym: string): Promise<number>;
}

/**
 * Creates the repository over the privacy-audit table.
 *
 * @example
 * ```ts
 * const audit = createPrivacyAuditRepository({ document, tableName: names.privacyAudit });
 * await audit.record({ userId: child, actorId: parent, actorRole: 'parent', parentId: parent,
 *   actionType: 'DATA_EXPORT', actionDetails: { operation: 'privacy_export_post' } });
 * ```
 */
export function createPrivacyAuditRepository(options: {
  document: DynamoDBDocumentClient;
  tableName: string;
  clock?: Clock;
}): PrivacyAuditRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;

  const put = (entry: PrivacyAuditEntry) =>
    runStore(`PutItem ${tableName}`, () =>
      document.send(new PutCommand({ TableName: tableName, Item: { ...entry } })),
    );

  const byIndex = async (index: string, attribute: string, value: string) =>
    queryAll(document, {
      TableName: tableName,
      IndexName: index,
      KeyConditionExpression: '#key = :value',
      ExpressionAttributeNames: { '#key': attribute },
      ExpressionAttributeValues: { ':value': value },
    });

  const candidates = async (query: PrivacyAuditQuery): Promise<StoredItem[]> => {
    if (query.userId !== undefined) return byIndex('UserIndex', 'userId', query.userId);
    if (query.subjects !== undefined) {
      const lists = await Promise.all([
        ...query.subjects.map((subject) => byIndex('UserIndex', 'userId', subject)),
        ...(query.orParentId === undefined
          ? []
          : [byIndex('ParentIndex', 'parentId', query.orParentId)]),
      ]);
      return lists.flat();
    }
    if (query.parentId !== undefined) return byIndex('ParentIndex', 'parentId', query.parentId);
    if (query.actionType !== undefined) {
      return byIndex('ActionTypeIndex', 'actionType', query.actionType);
    }
    return scanAll(document, { TableName: tableName });
  };

  return {
    async record(entry) {
      const stored: PrivacyAuditEntry = {
        ...entry,
        auditId: randomId('audit_', 8),
        timestamp: clock().toISOString(),
      };
      await put(stored);
      return stored;
    },

    async list(query) {
      const unique = new Map<string, PrivacyAuditEntry>();
      for (const item of await candidates(query)) {
        const entry = toEntry(item);
        if (matches(entry, query)) unique.set(entry.auditId, entry);
      }
      return [...unique.values()].sort(
        (left, right) =>
          right.timestamp.localeCompare(left.timestamp) ||
          right.auditId.localeCompare(left.auditId),
      );
    },

    async pseudonymize(userId, pseudonym) {
      const items = await scanAll(document, {
        TableName: tableName,
        ConsistentRead: true,
        FilterExpression: 'userId = :user OR actorId = :user OR parentId = :user',
        ExpressionAttributeValues: { ':user': userId },
      });
      const replace = (value: string | undefined) => (value === userId ? pseudonym : value);
      for (const item of items) {
        const entry = toEntry(item);
        const parentId = replace(entry.parentId);
        await put({
          ...entry,
          userId: replace(entry.userId) as string,
          actorId: replace(entry.actorId) as string,
          ...(parentId === undefined ? {} : { parentId }),
        });
      }
      return items.length;
    },
  };
}

function matches(entry: PrivacyAuditEntry, query: PrivacyAuditQuery): boolean {
  if (query.userId !== undefined && entry.userId !== query.userId) return false;
  if (query.parentId !== undefined && entry.parentId !== query.parentId) return false;
  if (query.actionType !== undefined && entry.actionType !== query.actionType) return false;
  if (query.startDate !== undefined && entry.timestamp < query.startDate) return false;
  if (query.endDate !== undefined && entry.timestamp > query.endDate) return false;
  if (query.subjects !== undefined) {
    const mine = query.subjects.includes(entry.userId);
    if (!mine && (query.orParentId === undefined || entry.parentId !== query.orParentId)) {
      return false;
    }
  }
  return true;
}

function toEntry(item: StoredItem): PrivacyAuditEntry {
  return {
    auditId: String(item.auditId),
    userId: String(item.userId),
    actorId: String(item.actorId ?? ''),
    actorRole: String(item.actorRole ?? ''),
    ...(typeof item.parentId === 'string' ? { parentId: item.parentId } : {}),
    actionType: item.actionType as PrivacyActionType,
    timestamp: String(item.timestamp),
    actionDetails:
      item.actionDetails !== null && typeof item.actionDetails === 'object'
        ? (item.actionDetails as Record<string, unknown>)
        : {},
  };
}
