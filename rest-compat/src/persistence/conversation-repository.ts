/**
 * Conversation sessions and turns for `/convo_history` and `/conversations/sessions`.
 *
 * Keys:
 * - session table (`quest-dev-session`, PK `sessionId`, GSIs `userId-index` and `animalId-index`
 *   on `startTime`): one summary item per session with counters.
 * - conversation table (`quest-dev-conversation`, PK `conversationId` = the session id, SK
 *   `turnKey` = `turn#<ISO timestamp>#<6-digit sequence>`): one item per turn, so a session's
 *   history is one Query in time order, date ranges are key conditions, and a turn never hits
 *   the 400 KB item limit the original's embedded `messages[]` list would.
 *
 * Ordering without transactions: appendTurn updates the session first (creating it, checking
 * ownership and drawing the turn's sequence number), then writes the turn. A crash in between
 * leaves `messageCount` one too high but never a turn without its session, so deleting by session
 * always finds every turn. Deletion removes turns first and the session item last, so an
 * interrupted delete leaves the session as the handle to repeat it. appendTurn is not
 * idempotent: a blind retry stores the turn twice.
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
import { systemClock, type Clock } from './audit.ts';
import type {
  ConversationHistory,
  HistoryDeletion,
  NewTurn,
  TurnRecord,
} from './conversation-records.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import {
  matchesSessionQuery,
  pageSessions,
  toIso,
  type SessionPage,
  type SessionQuery,
  type SessionRecord,
} from './session-listing.ts';
import {
  batchDelete,
  isConditionFailure,
  queryAll,
  randomId,
  runStore,
  scanAll,
  type StoredItem,
} from './store-operations.ts';

export type { SessionPage, SessionQuery, SessionRecord } from './session-listing.ts';

export type {
  ConversationHistory,
  HistoryDeletion,
  NewTurn,
  TurnMetadata,
  TurnRecord,
} from './conversation-records.ts';

/** Typed access to conversations. */
export interface ConversationRepository {
  /** ConditionFailed (`owned_by_another_user`) when the session belongs to someone else. */
  appendTurn(turn: NewTurn): Promise<TurnRecord>;
  getSession(sessionId: string): Promise<SessionRecord | undefined>;
  setSummary(sessionId: string, summary: string): Promise<void>;
  listSessions(query?: SessionQuery): Promise<SessionPage>;
  getHistory(
    sessionId: string,
    options?: { limit?: number; offset?: number; startDate?: string; endDate?: string },
  ): Promise<ConversationHistory | undefined>;
  /** Deletes whole sessions (turns first); returns how many sessions. */
  deleteHistory(criteria: HistoryDeletion): Promise<number>;
  deleteAllForUser(userId: string): Promise<number>;
}

const sequenceDigits = 6;

/**
 * Creates the conversation repository over the session and conversation tables.
 *
 * @example
 * ```ts
 * const conversations = createConversationRepository({
 *   document,
 *   tableNames: { session: names.session, conversation: names.conversation },
 * });
 * await conversations.appendTurn({ sessionId, userId, animalId, animalName, role: 'user', content });
 * ```
 */
export function createConversationRepository(options: {
  document: DynamoDBDocumentClient;
  tableNames: { session: string; conversation: string };
  clock?: Clock;
}): ConversationRepository {
  const { document } = options;
  const { session: sessionTable, conversation: turnTable } = options.tableNames;
  const clock = options.clock ?? systemClock;

  const getSession = async (sessionId: string) => {
    const { Item } = await runStore(`GetItem ${sessionTable}`, () =>
      document.send(
        new GetCommand({ TableName: sessionTable, Key: { sessionId }, ConsistentRead: true }),
      ),
    );
    return Item === undefined ? undefined : toSessionRecord(Item);
  };

  const candidates = async (query: SessionQuery): Promise<SessionRecord[]> => {
    const indexed =
      query.userId !== undefined
        ? { index: 'userId-index', attribute: 'userId', value: query.userId }
        : query.animalId !== undefined
          ? { index: 'animalId-index', attribute: 'animalId', value: query.animalId }
          : undefined;
    const items =
      indexed === undefined
        ? await scanAll(document, { TableName: sessionTable, ConsistentRead: true })
        : await queryAll(document, {
            TableName: sessionTable,
            IndexName: indexed.index,
            KeyConditionExpression: '#key = :value',
            ExpressionAttributeNames: { '#key': indexed.attribute },
            ExpressionAttributeValues: { ':value': indexed.value },
          });
    return items.map(toSessionRecord).filter((session) => matchesSessionQuery(session, query));
  };

  const turnKeys = (sessionId: string) =>
    queryAll(document, {
      TableName: turnTable,
      KeyConditionExpression: 'conversationId = :session',
      ExpressionAttributeValues: { ':session': sessionId },
      ProjectionExpression: 'conversationId, turnKey',
      ConsistentRead: true,
    });

  const deleteHistory = async (criteria: HistoryDeletion): Promise<number> => {
    const { sessionId, userId, animalId, olderThan } = criteria;
    if ([sessionId, userId, animalId, olderThan].every((value) => value === undefined)) {
      throw new RangeError('deleteHistory needs at least one criterion');
    }
    const cutoff = olderThan === undefined ? undefined : toIso(olderThan);
    const sessions = (
      sessionId === undefined
        ? await candidates({ userId, animalId })
        : [await getSession(sessionId)].filter((session) => session !== undefined)
    )
      .filter((session) => matchesSessionQuery(session, { userId, animalId }))
      .filter((session) => cutoff === undefined || session.lastMessageTime < cutoff);
    for (const session of sessions) {
      await batchDelete(document, turnTable, await turnKeys(session.sessionId));
      await runStore(`DeleteItem ${sessionTable}`, () =>
        document.send(
          new DeleteCommand({ TableName: sessionTable, Key: { sessionId: session.sessionId } }),
        ),
      );
    }
    return sessions.length;
  };

  return {
    async appendTurn(turn) {
      const timestamp = toIso(turn.timestamp ?? clock().toISOString());
      let sequence: number;
      try {
        const { Attributes } = await runStore(`UpdateItem ${sessionTable}`, () =>
          document.send(
            new UpdateCommand({
              TableName: sessionTable,
              Key: { sessionId: turn.sessionId },
              UpdateExpression:
                'SET userId = if_not_exists(userId, :user), animalId = if_not_exists(animalId, :animal), ' +
                'animalName = if_not_exists(animalName, :animalName), ' +
                'startTime = if_not_exists(startTime, :time), lastMessageTime = :time ' +
                'ADD messageCount :one',
              ConditionExpression: 'attribute_not_exists(sessionId) OR userId = :user',
              ExpressionAttributeValues: {
                ':user': turn.userId,
                ':animal': turn.animalId,
                ':animalName': turn.animalName,
                ':time': timestamp,
                ':one': 1,
              },
              ReturnValues: 'UPDATED_NEW',
            }),
          ),
        );
        sequence = Number(Attributes?.messageCount ?? 1);
      } catch (error) {
        if (isConditionFailure(error)) {
          throw new ConditionFailed('session', turn.sessionId, 'owned_by_another_user');
        }
        throw error;
      }
      const record: TurnRecord = {
        sessionId: turn.sessionId,
        turnId: randomId('turn_', 8),
        role: turn.role,
        content: turn.content,
        timestamp,
        ...(turn.metadata === undefined ? {} : { metadata: turn.metadata }),
      };
      const { sessionId, ...rest } = record;
      const turnKey = `turn#${timestamp}#${String(sequence).padStart(sequenceDigits, '0')}`;
      await runStore(`PutItem ${turnTable}`, () =>
        document.send(
          new PutCommand({
            TableName: turnTable,
            Item: { conversationId: sessionId, turnKey, ...rest },
          }),
        ),
      );
      return record;
    },

    getSession,

    async setSummary(sessionId, summary) {
      try {
        await runStore(`UpdateItem ${sessionTable}`, () =>
          document.send(
            new UpdateCommand({
              TableName: sessionTable,
              Key: { sessionId },
              UpdateExpression: 'SET summary = :summary',
              ConditionExpression: 'attribute_exists(sessionId)',
              ExpressionAttributeValues: { ':summary': summary },
            }),
          ),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFound('session', sessionId);
        throw error;
      }
    },

    async listSessions(query = {}) {
      return pageSessions(await candidates(query), query);
    },

    async getHistory(sessionId, historyOptions = {}) {
      const session = await getSession(sessionId);
      if (session === undefined) return undefined;
      // `~` sorts after every digit, so the upper bound includes all turns of the end instant.
      const from = `turn#${historyOptions.startDate === undefined ? '' : toIso(historyOptions.startDate)}`;
      const to = `turn#${historyOptions.endDate === undefined ? '~' : `${toIso(historyOptions.endDate)}#~`}`;
      const items = await queryAll(document, {
        TableName: turnTable,
        KeyConditionExpression: 'conversationId = :session AND turnKey BETWEEN :from AND :to',
        ExpressionAttributeValues: { ':session': sessionId, ':from': from, ':to': to },
        ConsistentRead: true,
      });
      const offset = Math.max(0, historyOptions.offset ?? 0);
      const limit = Math.max(1, historyOptions.limit ?? 100);
      return {
        sessionId,
        userId: session.userId,
        animalId: session.animalId,
        animalName: session.animalName,
        turns: items.slice(offset, offset + limit).map(toTurnRecord),
        totalTurns: items.length,
      };
    },

    deleteHistory,

    deleteAllForUser: (userId) => deleteHistory({ userId }),
  };
}

function toSessionRecord(item: StoredItem): SessionRecord {
  const startTime = String(item.startTime ?? '');
  const lastMessageTime = String(item.lastMessageTime ?? startTime);
  return {
    sessionId: String(item.sessionId),
    userId: String(item.userId ?? ''),
    animalId: String(item.animalId ?? ''),
    animalName: String(item.animalName ?? ''),
    startTime,
    lastMessageTime,
    messageCount: Number(item.messageCount ?? 0),
    duration:
      Math.max(0, Math.round((Date.parse(lastMessageTime) - Date.parse(startTime)) / 1000)) || 0,
    ...(typeof item.summary === 'string' ? { summary: item.summary } : {}),
  };
}

function toTurnRecord(item: StoredItem): TurnRecord {
  const turn: StoredItem = { ...item, sessionId: String(item.conversationId) };
  delete turn.conversationId;
  delete turn.turnKey;
  return turn as unknown as TurnRecord;
}
