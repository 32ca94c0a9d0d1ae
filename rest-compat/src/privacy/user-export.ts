/**
 * The data export of one user (GDPR/COPPA access request): everything the product keeps about
 * them, as one JSON document. Archived conversations with every turn, the engine's live
 * conversations with their messages and reactions, the remembered context and summary archive,
 * the account (never the password hash), family memberships, parental controls, analytics
 * records and the privacy audit entries about them.
 *
 * @module
 */
import type { ConversationStore } from '@cmz/engine';
import type { PrivacyRepositories } from './privacy-repositories.ts';
import { loadSessionsWithTurns } from './user-conversations.ts';

/** Which parts to include (the spec's export options). */
export interface ExportOptions {
  exportId: string;
  includeConversations: boolean;
  includeContext: boolean;
  includeAnalytics: boolean;
  /** Conversations started and audit entries written within this range (ISO instants). */
  startDate?: string;
  endDate?: string;
  now: Date;
}

/** What an export reads. */
export interface ExportDependencies {
  repositories: PrivacyRepositories;
  engineStore: Pick<ConversationStore, 'listConversations' | 'listMessages'>;
}

/**
 * Builds the export document of `userId` (who must exist).
 *
 * @example
 * ```ts
 * const document = await buildUserExport(dependencies, 'user_test_student_001', options);
 * document.user; // { userId, email, displayName, role, … }
 * ```
 */
export async function buildUserExport(
  dependencies: ExportDependencies,
  userId: string,
  options: ExportOptions,
): Promise<Record<string, unknown>> {
  const { repositories } = dependencies;
  const range = {
    ...(options.startDate === undefined ? {} : { startDate: options.startDate }),
    ...(options.endDate === undefined ? {} : { endDate: options.endDate }),
  };
  const user = await repositories.users.get(userId, { includeDeleted: true });
  // Everything but the password hash, which must never leave the server.
  const account: Record<string, unknown> = { ...(user ?? { userId }) };
  delete account.passwordHash;
  const families = await repositories.families.listForUser(userId);
  const auditEntries = await repositories.privacyAudit.list({ userId, ...range });
  return {
    exportId: options.exportId,
    exportFormat: 'JSON',
    exportedAt: options.now.toISOString(),
    userId,
    ...(options.startDate || options.endDate ? { dateRange: range } : {}),
    user: account,
    families: families.map((family) => ({
      familyId: family.familyId,
      familyName: family.familyName,
      memberAs: family.parentIds.includes(userId) ? 'parent' : 'student',
      parentIds: family.parentIds,
      studentIds: family.studentIds,
      status: family.status,
      memberSince: family.memberSince,
    })),
    parentalControls: await repositories.parentalControls.get(userId),
    ...(options.includeConversations
      ? {
          conversations: await loadSessionsWithTurns(repositories.conversations, userId, range),
          liveConversations: await liveConversations(dependencies.engineStore, userId, range),
        }
      : {}),
    ...(options.includeContext
      ? { context: (await repositories.contexts.get(userId)) ?? null }
      : {}),
    ...(options.includeAnalytics
      ? {
          analytics: (await repositories.privacyTraces.listAnalytics(userId)).map((record) => ({
            table: record.table,
            ...record.item,
          })),
        }
      : {}),
    privacyAuditEntries: auditEntries,
  };
}

async function liveConversations(
  store: ExportDependencies['engineStore'],
  userId: string,
  range: { startDate?: string; endDate?: string },
) {
  const inRange = (createdAt: string) =>
    (range.startDate === undefined || createdAt >= range.startDate) &&
    (range.endDate === undefined || createdAt <= range.endDate);
  const records = (await store.listConversations(userId)).filter((record) =>
    inRange(record.createdAt),
  );
  return Promise.all(
    records.map(async (record) => ({ ...record, messages: await store.listMessages(record.id) })),
  );
}
