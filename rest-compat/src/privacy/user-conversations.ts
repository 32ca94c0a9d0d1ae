/**
 * Every archived conversation of one user, across all pages, optionally with its turns: what the
 * summary archive, the children overview, the export and the erasure all read.
 *
 * @module
 */
import type {
  ConversationRepository,
  SessionRecord,
  TurnRecord,
} from '../persistence/conversation-repository.ts';

/** A session with all its turns. */
export interface SessionWithTurns extends SessionRecord {
  turns: TurnRecord[];
}

// Pages of the session listing; a conversation holds at most a few hundred turns.
const pageSize = 100;
const maxTurns = 100_000;

/**
 * All sessions of `userId`, newest first, optionally only those started within the range.
 *
 * @example
 * ```ts
 * const sessions = await listAllSessions(repositories.conversations, 'user_test_student_001');
 * ```
 */
export async function listAllSessions(
  conversations: Pick<ConversationRepository, 'listSessions'>,
  userId: string,
  range: { startDate?: string; endDate?: string } = {},
): Promise<SessionRecord[]> {
  const sessions: SessionRecord[] = [];
  let cursor: string | undefined;
  do {
    const page = await conversations.listSessions({
      userId,
      ...range,
      limit: pageSize,
      sortBy: 'timestamp',
      sortOrder: 'desc',
      ...(cursor === undefined ? {} : { cursor }),
    });
    sessions.push(...page.sessions);
    cursor = page.lastEvaluatedKey;
  } while (cursor !== undefined);
  return sessions;
}

/**
 * All sessions of `userId` with their turns, newest session first.
 *
 * @example
 * ```ts
 * const archived = await loadSessionsWithTurns(repositories.conversations, userId);
 * archived[0]?.turns.length;
 * ```
 */
export async function loadSessionsWithTurns(
  conversations: Pick<ConversationRepository, 'listSessions' | 'getHistory'>,
  userId: string,
  range: { startDate?: string; endDate?: string } = {},
): Promise<SessionWithTurns[]> {
  const sessions = await listAllSessions(conversations, userId, range);
  return Promise.all(
    sessions.map(async (session) => ({
      ...session,
      turns: (await conversations.getHistory(session.sessionId, { limit: maxTurns }))?.turns ?? [],
    })),
  );
}
