/**
 * In-memory filtering, sorting and cursor paging of conversation sessions. DynamoDB cannot sort
 * by message count or duration, and `totalCount` needs every match anyway, so the repository
 * reads the candidates (by index when a user or animal is given) and pages here.
 *
 * The cursor is the sort value and session id of the last item returned, base64url-encoded; the
 * next page starts strictly after it, so sessions created meanwhile never shift a page.
 *
 * @module
 */

/** A conversation session summary. */
export interface SessionRecord {
  sessionId: string;
  userId: string;
  animalId: string;
  animalName: string;
  startTime: string;
  lastMessageTime: string;
  messageCount: number;
  /** Seconds between the first and the last message. */
  duration: number;
  summary?: string;
}

/** Filters, order and paging of a session listing. */
export interface SessionQuery {
  userId?: string;
  animalId?: string;
  /** Sessions that started at or after this instant (ISO 8601). */
  startDate?: string;
  /** Sessions that started at or before this instant (ISO 8601). */
  endDate?: string;
  /** @default 20 */
  limit?: number;
  /** `lastEvaluatedKey` of the previous page. */
  cursor?: string;
  /** `timestamp` is the last message time. @default 'timestamp' */
  sortBy?: 'timestamp' | 'messageCount' | 'duration';
  /** @default 'desc' */
  sortOrder?: 'asc' | 'desc';
}

/** One page of sessions. */
export interface SessionPage {
  sessions: SessionRecord[];
  /** Present when more sessions follow. */
  lastEvaluatedKey?: string;
  totalCount: number;
}

type SortValue = string | number;

/**
 * Whether `session` passes the user, animal and date filters.
 *
 * @example
 * ```ts
 * sessions.filter((session) => matchesSessionQuery(session, { userId: 'user_a' }));
 * ```
 */
export function matchesSessionQuery(session: SessionRecord, query: SessionQuery): boolean {
  if (query.userId !== undefined && session.userId !== query.userId) return false;
  if (query.animalId !== undefined && session.animalId !== query.animalId) return false;
  if (query.startDate !== undefined && session.startTime < toIso(query.startDate)) return false;
  if (query.endDate !== undefined && session.startTime > toIso(query.endDate)) return false;
  return true;
}

/**
 * Sorts, then returns the page after `query.cursor`. Throws RangeError for a malformed cursor.
 *
 * @example
 * ```ts
 * const page = pageSessions(matching, { sortBy: 'messageCount', limit: 10 });
 * ```
 */
export function pageSessions(matching: SessionRecord[], query: SessionQuery): SessionPage {
  const sortBy = query.sortBy ?? 'timestamp';
  const direction = query.sortOrder === 'asc' ? 1 : -1;
  const limit = Math.max(1, query.limit ?? 20);
  const keyOf = (session: SessionRecord): [SortValue, string] => [
    sortValue(session, sortBy),
    session.sessionId,
  ];
  const compare = (left: [SortValue, string], right: [SortValue, string]) =>
    direction * (left[0] < right[0] ? -1 : left[0] > right[0] ? 1 : 0) ||
    left[1].localeCompare(right[1]);
  const sorted = [...matching].sort((left, right) => compare(keyOf(left), keyOf(right)));
  const after = query.cursor === undefined ? undefined : decodeCursor(query.cursor);
  const start =
    after === undefined ? 0 : sorted.findIndex((session) => compare(keyOf(session), after) > 0);
  const sessions = start === -1 ? [] : sorted.slice(start, start + limit);
  const last = sessions.at(-1);
  const more = start !== -1 && start + limit < sorted.length;
  return {
    sessions,
    ...(more && last !== undefined ? { lastEvaluatedKey: encodeCursor(keyOf(last)) } : {}),
    totalCount: sorted.length,
  };
}

/**
 * Normalises an ISO 8601 instant to the stored form (UTC, milliseconds). RangeError if invalid.
 *
 * @example
 * ```ts
 * toIso('2025-01-01T10:00:00+01:00'); // '2025-01-01T09:00:00.000Z'
 * ```
 */
export function toIso(value: string): string {
  const time = Date.parse(value);
  if (Number.isNaN(time)) throw new RangeError('invalid date');
  return new Date(time).toISOString();
}

function sortValue(session: SessionRecord, sortBy: NonNullable<SessionQuery['sortBy']>) {
  if (sortBy === 'messageCount') return session.messageCount;
  if (sortBy === 'duration') return session.duration;
  return session.lastMessageTime;
}

function encodeCursor(key: [SortValue, string]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

function decodeCursor(cursor: string): [SortValue, string] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      (typeof value[0] === 'string' || typeof value[0] === 'number') &&
      typeof value[1] === 'string'
    ) {
      return [value[0], value[1]];
    }
  } catch {
    // Falls through to the RangeError below.
  }
  throw new RangeError('invalid cursor');
}
