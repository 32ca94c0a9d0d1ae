/**
 * The parent dashboard's view of each child's data (`ChildSummary`): how many conversations,
 * when last active, how much is stored, and whether a conversation holds personal details the
 * parent may want to review (checked with the engine's PII detector, and for the placeholders
 * the redaction leaves behind).
 *
 * @module
 */
import { containsPersonalInfo } from '@cmz/engine';
import type { Repositories } from '../persistence/repositories.ts';
import { loadSessionsWithTurns } from './user-conversations.ts';

const redactionPlaceholder = /\[(?:email|phone|address|name|url)\]/u;

/**
 * The `ChildSummary` of one child, or undefined when the account no longer exists.
 *
 * @example
 * ```ts
 * await summarizeChild(repositories, 'user_test_student_001');
 * // { userId, displayName, conversationCount, lastActivity, dataSize, privacyFlags }
 * ```
 */
export async function summarizeChild(
  repositories: Pick<Repositories, 'users' | 'conversations' | 'contexts'>,
  childId: string,
): Promise<Record<string, unknown> | undefined> {
  const child = await repositories.users.get(childId);
  if (child === undefined) return undefined;
  const [sessions, context] = await Promise.all([
    loadSessionsWithTurns(repositories.conversations, childId),
    repositories.contexts.get(childId),
  ]);
  const hasPersonalInfo = sessions.some((session) =>
    session.turns.some(
      (turn) =>
        turn.role === 'user' &&
        (redactionPlaceholder.test(turn.content) || containsPersonalInfo(turn.content)),
    ),
  );
  const storedBytes =
    Buffer.byteLength(JSON.stringify(sessions)) +
    (context === undefined ? 0 : Buffer.byteLength(JSON.stringify(context)));
  const lastActivity =
    sessions
      .map((session) => session.lastMessageTime)
      .sort()
      .at(-1) ??
    context?.lastUpdated ??
    child.created.at;
  return {
    userId: child.userId,
    displayName: child.displayName,
    age:
      Number.isInteger(child.age) && (child.age as number) >= 3 && (child.age as number) <= 18
        ? child.age
        : null,
    conversationCount: sessions.length,
    lastActivity,
    dataSize: {
      conversations: sessions.length,
      contextEntries: context === undefined ? 0 : 1 + context.summaries.length,
      totalSizeKB: Math.round((storedBytes / 1024) * 10) / 10,
    },
    privacyFlags: { hasPersonalInfo, needsReview: hasPersonalInfo },
  };
}
