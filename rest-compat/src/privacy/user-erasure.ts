/**
 * Erases a user's data, by scope, from DynamoDB, the engine's stores and Redis.
 *
 * `ALL_DATA` removes every trace: tokens first (an erasure marker makes the user's existing
 * tokens fail), then the engine's conversations, reactions and share links, the user's other
 * Redis keys, the archived conversations, the context and its summaries, analytics records (or,
 * with `retainAnalytics`, their user id), the parental controls, the user id in audit stamps and
 * audit entries (replaced with a pseudonym), the family links and last the account with its
 * email claim. Without transactions, the order is what makes a crash recoverable: the account is
 * the handle to repeat the erasure, so it goes last, and every step is idempotent.
 *
 * The other scopes remove one kind of data and leave the account.
 *
 * @module
 */
import type { ConversationStore, ShareStore } from '@cmz/engine';
import type { Redis } from 'ioredis';
import { erasedPseudonym } from './erased-pseudonym.ts';
import type { PrivacyRepositories } from './privacy-repositories.ts';
import { eraseRedisTraces } from './redis-traces.ts';
import { listAllSessions } from './user-conversations.ts';

/** The spec's deletion scopes. */
export type DeleteScope = 'ALL_DATA' | 'CONVERSATIONS_ONLY' | 'CONTEXT_ONLY' | 'ANALYTICS_ONLY';

/** What an erasure removed (the spec's `itemsDeleted`, plus the other counts). */
export interface ErasureReport {
  conversations: number;
  contextEntries: number;
  analyticsRecords: number;
  shareLinks: number;
  familyLinks: number;
  auditEntriesPseudonymized: number;
  auditStampsPseudonymized: number;
  accountDeleted: boolean;
}

/** What an erasure needs. */
export interface ErasureDependencies {
  repositories: PrivacyRepositories;
  engineStore: Pick<ConversationStore, 'deleteVisitor'>;
  shares: Pick<ShareStore, 'revokeAllByCreator' | 'revokeByConversation'>;
  /** The engine's Redis connection, when it runs on Redis. */
  redis?: Redis;
  /** Today's chat time of children (kept in memory on a single node without Redis). */
  chatTime?: { forget(userId: string): Promise<void> };
  /**
   * Disconnects the user's open sockets on every node: tokens are checked at the handshake, so
   * without this a connected device could keep chatting (and storing) after the deletion.
   */
  disconnectVisitor?: (userId: string) => void;
  now: () => Date;
}

// Tokens live 24 hours; the marker outlives every token issued before the erasure, with margin.
const markerLifetimeMs = 25 * 60 * 60 * 1000;

/**
 * Erases `userId`'s data within `scope`.
 *
 * @example
 * ```ts
 * const report = await eraseUser(dependencies, 'user_test_student_003', 'ALL_DATA', { retainAnalytics: false });
 * report.accountDeleted; // true
 * ```
 */
export async function eraseUser(
  dependencies: ErasureDependencies,
  userId: string,
  scope: DeleteScope,
  options: { retainAnalytics: boolean },
): Promise<ErasureReport> {
  const { repositories } = dependencies;
  const all = scope === 'ALL_DATA';
  const pseudonym = erasedPseudonym(userId);
  const report: ErasureReport = {
    conversations: 0,
    contextEntries: 0,
    analyticsRecords: 0,
    shareLinks: 0,
    familyLinks: 0,
    auditEntriesPseudonymized: 0,
    auditStampsPseudonymized: 0,
    accountDeleted: false,
  };
  if (all) {
    const nowMs = dependencies.now().getTime();
    await repositories.privacyTraces.markErased(pseudonym, nowMs, nowMs + markerLifetimeMs);
    // After the marker, so a device that reconnects is refused at the handshake.
    dependencies.disconnectVisitor?.(userId);
  }
  const conversations = all || scope === 'CONVERSATIONS_ONLY';
  const analytics = (all && !options.retainAnalytics) || scope === 'ANALYTICS_ONLY';
  let conversationIds: string[] = [];
  if (conversations) {
    const archived = await listAllSessions(repositories.conversations, userId);
    const live = await dependencies.engineStore.deleteVisitor(userId);
    report.shareLinks = await dependencies.shares.revokeAllByCreator(userId);
    await repositories.conversations.deleteAllForUser(userId);
    conversationIds = [...new Set([...live, ...archived.map((session) => session.sessionId)])];
    // Their share links are gone already (revoked by creator); this also drops each
    // conversation's index of links, which names the conversation.
    for (const conversationId of conversationIds)
      await dependencies.shares.revokeByConversation(conversationId);
    report.conversations = conversationIds.length;
  }
  if (dependencies.redis !== undefined && (conversations || analytics)) {
    const erased = await eraseRedisTraces(dependencies.redis, {
      userId,
      conversationIds,
      analytics,
    });
    report.analyticsRecords += erased.chatTimeKeys;
  }
  if (all || scope === 'CONTEXT_ONLY') {
    const context = await repositories.contexts.get(userId);
    if (await repositories.contexts.remove(userId)) {
      report.contextEntries = 1 + (context?.summaries.length ?? 0);
    }
  }
  if (analytics || all) await dependencies.chatTime?.forget(userId);
  if (analytics)
    report.analyticsRecords += await repositories.privacyTraces.deleteAnalytics(userId);
  else if (all) await repositories.privacyTraces.pseudonymizeAnalytics(userId, pseudonym);
  if (all) {
    await repositories.parentalControls.remove(userId);
    report.auditStampsPseudonymized = await repositories.privacyTraces.scrubAuditStamps(
      userId,
      pseudonym,
    );
    report.auditEntriesPseudonymized = await repositories.privacyAudit.pseudonymize(
      userId,
      pseudonym,
    );
    report.familyLinks = await repositories.families.removeMemberEverywhere(userId);
    report.accountDeleted = await repositories.users.hardDelete(userId);
  }
  return report;
}
