/**
 * `GET|PUT /api/v1/context/{userId}` and `GET|POST /api/v1/context/{userId}/summary`: what the
 * product remembers of a visitor between conversations (interests, favourite animals, learning
 * level, unfinished lessons; never personal data) and the archive of conversation summaries.
 * Reach follows the role matrix: everyone their own, parents their children, admins all. Reads
 * and changes of someone else's context are written to the privacy audit log.
 *
 * @module
 */
import { z } from 'zod';
import type { OperationHandlers, RestPrincipal } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { requirePrincipal, requireScope } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import { randomId } from '../persistence/store-operations.ts';
import type {
  ContextFields,
  ContextSummaryRecord,
  UserContextRecord,
} from '../persistence/context-repository.ts';
import { emptyContext } from '../persistence/context-repository.ts';
import type { Repositories } from '../persistence/repositories.ts';
import type { SessionRecord } from '../persistence/conversation-repository.ts';
import { recordPrivacyAction } from '../privacy/privacy-audit-log.ts';
import { assertSubjectInScope } from '../privacy/privacy-scope.ts';
import { listAllSessions, loadSessionsWithTurns } from '../privacy/user-conversations.ts';
import { parseContextUpdate, type ContextUpdate } from './context-input.ts';
import { buildContextSummary, estimateTokens } from './context-summary.ts';

/** What the context handlers need. */
export interface ContextOperationDependencies {
  repositories: Pick<
    Repositories,
    'users' | 'families' | 'conversations' | 'contexts' | 'privacyAudit'
  >;
  /** @default the wall clock */
  now?: () => Date;
}

const idPattern = /^[A-Za-z0-9_-]{1,100}$/;
// A summary is current for as long as a conversation is kept (HISTORY_TTL_SECONDS' default).
const summaryLifetimeDays = 30;
const engagementWindowMs = 30 * 86_400_000;

const summaryRequestSchema = z.object({
  forceSummarization: z.boolean().default(false),
  targetTokens: z.number().int().min(100).max(2000).default(800),
  preserveRecent: z.number().int().min(1).max(10).default(3),
});

/**
 * Creates the context handlers.
 *
 * @example
 * ```ts
 * const handlers = createContextOperations({ repositories });
 * ```
 */
export function createContextOperations(
  dependencies: ContextOperationDependencies,
): OperationHandlers {
  const { users, families, conversations, contexts, privacyAudit } = dependencies.repositories;
  const now = dependencies.now ?? (() => new Date());

  /** The caller once the scope allows `userId` (403 otherwise, before any lookup). */
  async function checkReach(
    operationId: string,
    principal: RestPrincipal | null,
    userId?: string,
  ): Promise<RestPrincipal> {
    const scope = requireScope(operationId, principal);
    const caller = requirePrincipal(principal);
    if (userId === undefined || !idPattern.test(userId)) {
      throw restErrors.badRequest('userId is not a valid id');
    }
    await assertSubjectInScope(scope, caller, userId, families);
    return caller;
  }

  async function requireUser(userId: string): Promise<void> {
    if ((await users.get(userId)) === undefined) throw restErrors.notFound('User not found');
  }

  /** {@link checkReach}, then 404 when the user is unknown. */
  async function reach(operationId: string, principal: RestPrincipal | null, userId?: string) {
    const caller = await checkReach(operationId, principal, userId);
    await requireUser(userId as string);
    return caller;
  }

  async function auditOthers(
    caller: RestPrincipal,
    userId: string,
    actionType: 'CONTEXT_VIEW' | 'DATA_ACCESS',
    operation: string,
  ) {
    // A visitor reading or updating their own context is the product working, not an access.
    if (caller.userId !== userId) {
      await recordPrivacyAction(privacyAudit, caller, userId, actionType, { operation });
    }
  }

  return withPersistenceErrors({
    getUserContext: async ({ operationId, params, query, principal }) => {
      const caller = await reach(operationId, principal, params.userId);
      const userId = params.userId as string;
      const [context, sessions] = await Promise.all([
        contexts.get(userId),
        listAllSessions(conversations, userId),
      ]);
      await auditOthers(caller, userId, 'CONTEXT_VIEW', operationId);
      const body = toContextResponse(userId, context, sessions, {
        includeHistory: query.includeHistory === true || query.includeHistory === 'true',
        depth: typeof query.contextDepth === 'string' ? query.contextDepth : 'standard',
        now: now(),
      });
      return { status: 200, body };
    },

    updateUserContext: async ({ operationId, params, body, principal }) => {
      const caller = await checkReach(operationId, principal, params.userId);
      // Before the user lookup: personal data is refused without touching anything stored.
      const update = parseContextUpdate(body);
      const userId = params.userId as string;
      await requireUser(userId);
      const stored = await contexts.update(userId, (current) => applyUpdate(current, update));
      await auditOthers(caller, userId, 'DATA_ACCESS', operationId);
      return { status: 200, body: { message: 'Context updated', updatedAt: stored.lastUpdated } };
    },

    context_summary_get: async ({ operationId, params, query, principal }) => {
      const caller = await reach(operationId, principal, params.userId);
      const userId = params.userId as string;
      const latest = (await contexts.get(userId))?.summaries.at(-1);
      if (latest === undefined) throw restErrors.notFound('No conversation summary yet');
      await auditOthers(caller, userId, 'CONTEXT_VIEW', operationId);
      const maxTokens = Number(query.maxTokens ?? 1000);
      return { status: 200, body: toArchiveResponse(userId, latest, maxTokens) };
    },

    context_summary_post: async ({ operationId, params, body, principal }) => {
      const caller = await reach(operationId, principal, params.userId);
      const userId = params.userId as string;
      const parsed = summaryRequestSchema.safeParse(body ?? {});
      if (!parsed.success) {
        throw restErrors.badRequest('The summarization request is not valid', {
          errors: parsed.error.issues.map((issue) => ({
            path: issue.path.map(String).join('.'),
            message: issue.message,
          })),
        });
      }
      const options = parsed.data;
      const archived = await loadSessionsWithTurns(conversations, userId);
      if (archived.length === 0) {
        throw restErrors.notFound('No archived conversations to summarize', { userId });
      }
      const latest = (await contexts.get(userId))?.summaries.at(-1);
      if (!options.forceSummarization && latest !== undefined && isCurrent(latest, archived)) {
        return {
          status: 200,
          body: {
            summaryId: latest.summaryId,
            tokensReduced: 0,
            qualityScore: latest.qualityScore,
          },
        };
      }
      const summary = buildContextSummary(archived, {
        summaryId: randomId('summary_', 8),
        targetTokens: options.targetTokens,
        preserveRecent: options.preserveRecent,
        now: now(),
        lifetimeDays: summaryLifetimeDays,
      });
      await contexts.update(userId, (current) => ({
        ...current,
        summaries: [...current.summaries, summary],
      }));
      await auditOthers(caller, userId, 'DATA_ACCESS', operationId);
      return {
        status: 200,
        body: {
          summaryId: summary.summaryId,
          tokensReduced: Math.max(0, summary.originalTokens - summary.compressedTokens),
          qualityScore: summary.qualityScore,
        },
      };
    },
  });
}

// The latest summary still describes the archive when it covers exactly these conversations and
// none of them went on after it was made.
function isCurrent(latest: ContextSummaryRecord, archived: readonly SessionRecord[]): boolean {
  const covered = new Set(latest.conversationsCovered);
  return (
    covered.size === archived.length &&
    archived.every(
      (session) => covered.has(session.sessionId) && session.lastMessageTime <= latest.createdAt,
    )
  );
}

/**
 * The context after one validated update: lists deduplicated (case-insensitively for texts),
 * the newest entries last.
 *
 * @example
 * ```ts
 * applyUpdate(emptyContext(), { newInterests: ['lions'] }).interests; // ['lions']
 * ```
 */
export function applyUpdate(current: ContextFields, update: ContextUpdate): ContextFields {
  const same = (left: string, right: string) => left.toLowerCase() === right.toLowerCase();
  const addAll = (list: readonly string[], added: readonly string[]) =>
    added.reduce<string[]>(
      (result, item) => [...result.filter((existing) => !same(existing, item)), item],
      [...list],
    );
  const conversation = update.conversation;
  let lessons = update.unfinishedLesson
    ? addAll(current.unfinishedLessons, [update.unfinishedLesson])
    : current.unfinishedLessons;
  if (update.finishedLesson !== undefined) {
    const finished = update.finishedLesson;
    lessons = lessons.filter((lesson) => !same(lesson, finished));
  }
  return {
    ...current,
    interests: addAll(current.interests, update.newInterests),
    favoriteAnimals: update.favoriteAnimal
      ? addAll(current.favoriteAnimals, [update.favoriteAnimal])
      : current.favoriteAnimals,
    ...(update.learningLevel ? { learningLevel: update.learningLevel } : {}),
    unfinishedLessons: lessons,
    conversations:
      conversation === undefined
        ? current.conversations
        : [
            ...current.conversations.filter(
              (known) => known.conversationId !== conversation.conversationId,
            ),
            conversation,
          ],
  };
}

/**
 * The GET body: the spec's fields, plus `unfinishedLessons` and (with `includeHistory`)
 * `conversationHistory.recentConversations`. `keyQuotes` stays empty: the product never keeps a
 * child's words.
 *
 * @example
 * ```ts
 * toContextResponse('user_1', undefined, [], { includeHistory: false, depth: 'standard', now: new Date() });
 * ```
 */
export function toContextResponse(
  userId: string,
  stored: UserContextRecord | undefined,
  sessions: readonly SessionRecord[],
  options: { includeHistory: boolean; depth: string; now: Date },
): Record<string, unknown> {
  const context = stored ?? { ...emptyContext(), lastUpdated: '' };
  const activity = new Map<string, { animalId: string; lastActive: string }>();
  for (const known of context.conversations) {
    activity.set(known.conversationId, { animalId: known.animalId, lastActive: known.timestamp });
  }
  for (const session of sessions) {
    activity.set(session.sessionId, {
      animalId: session.animalId,
      lastActive: session.lastMessageTime,
    });
  }
  const recent = [...activity]
    .map(([conversationId, value]) => ({ conversationId, ...value }))
    .sort((left, right) => right.lastActive.localeCompare(left.lastActive));
  const since = new Date(options.now.getTime() - engagementWindowMs).toISOString();
  const lastMonth = recent.filter((conversation) => conversation.lastActive >= since).length;
  const summaries = context.summaries.slice(options.depth === 'comprehensive' ? -3 : -1);
  return {
    userId,
    preferences: {
      interests: context.interests,
      ...(context.learningLevel ? { learningLevel: context.learningLevel } : {}),
      favoriteAnimals: context.favoriteAnimals,
    },
    conversationHistory: {
      totalConversations: recent.length,
      ...(recent[0] ? { lastActive: recent[0].lastActive } : {}),
      // Ten points per conversation in the last 30 days, up to 100.
      engagementScore: Math.min(100, lastMonth * 10),
      ...(options.includeHistory ? { recentConversations: recent.slice(0, 20) } : {}),
    },
    ...(options.depth !== 'minimal' && summaries.length > 0
      ? {
          contextSummary: {
            recentSummary: summaries.map((summary) => summary.summary).join(' '),
            keyQuotes: [],
          },
        }
      : {}),
    unfinishedLessons: context.unfinishedLessons,
  };
}

function toArchiveResponse(
  userId: string,
  summary: ContextSummaryRecord,
  maxTokens: number,
): Record<string, unknown> {
  const maxLength = maxTokens * 4;
  const text =
    summary.summary.length > maxLength
      ? `${summary.summary.slice(0, maxLength - 1)}…`
      : summary.summary;
  const compressedTokens = estimateTokens(text);
  return {
    userId,
    summaryId: summary.summaryId,
    summary: text,
    originalTokens: summary.originalTokens,
    compressedTokens,
    compressionRatio:
      summary.originalTokens === 0
        ? 1
        : Math.round(Math.min(1, compressedTokens / summary.originalTokens) * 100) / 100,
    qualityScore: summary.qualityScore,
    conversationsCovered: summary.conversationsCovered,
    createdAt: summary.createdAt,
    expiresAt: summary.expiresAt,
  };
}
