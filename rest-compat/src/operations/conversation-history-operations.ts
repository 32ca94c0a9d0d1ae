/**
 * Conversation history over REST: `/convo_history` (GET, DELETE), `/conversations/sessions`
 * (list, one), `/summarize_convo`. Who sees what follows the role matrix's scopes: admins all,
 * parents their own and their family's children's, everyone else their own.
 *
 * @module
 */
import type { ConversationStore, ShareStore } from '@cmz/engine';
import type { RestPrincipal, OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { Repositories } from '../persistence/repositories.ts';
import { summarizeTurns } from '../conversation/summarize-turns.ts';

/** What the history operations need. */
export interface HistoryOperationOptions {
  repositories: Pick<Repositories, 'conversations' | 'families'>;
  /** The engine's live store: deleting history also forgets the model's context. */
  engineStore: Pick<ConversationStore, 'deleteConversation'>;
  /** Share links of a deleted conversation are revoked with it. */
  shares?: Pick<ShareStore, 'revokeByConversation'>;
}

/**
 * Creates the history handlers.
 *
 * @example
 * ```ts
 * const handlers = createConversationHistoryOperations({ repositories, engineStore: stores.store });
 * ```
 */
export function createConversationHistoryOperations(
  options: HistoryOperationOptions,
): OperationHandlers {
  const { conversations, families } = options.repositories;

  async function visibleUserIds(principal: RestPrincipal): Promise<Set<string> | 'all'> {
    if (principal.role === 'admin') return 'all';
    const visible = new Set([principal.userId]);
    if (principal.role === 'parent') {
      for (const family of await families.listForUser(principal.userId)) {
        if (family.parentIds.includes(principal.userId))
          for (const child of family.studentIds) visible.add(child);
      }
    }
    return visible;
  }

  async function checkUser(principal: RestPrincipal | null, userId: string): Promise<void> {
    if (principal === null) throw restErrors.unauthorized();
    const visible = await visibleUserIds(principal);
    if (visible !== 'all' && !visible.has(userId))
      throw restErrors.forbidden('You may only see your own conversations');
  }

  async function sessionFor(principal: RestPrincipal | null, sessionId: string) {
    const session = await conversations.getSession(sessionId);
    if (session === undefined)
      throw restErrors.notFound('Conversation session not found', { sessionId });
    if (principal === null) throw restErrors.unauthorized();
    const visible = await visibleUserIds(principal);
    // Someone else's session answers "not found": session ids must not reveal that it exists.
    if (visible !== 'all' && !visible.has(session.userId))
      throw restErrors.notFound('Conversation session not found', { sessionId });
    return session;
  }

  async function history(sessionId: string, query: Record<string, unknown>) {
    const found = await conversations.getHistory(sessionId, {
      limit: numberOr(query.limit, 100),
      offset: numberOr(query.offset, 0),
      ...(typeof query.startDate === 'string' ? { startDate: query.startDate } : {}),
      ...(typeof query.endDate === 'string' ? { endDate: query.endDate } : {}),
    });
    if (found === undefined)
      throw restErrors.notFound('Conversation session not found', { sessionId });
    const includeMetadata = query.includeMetadata === true || query.includeMetadata === 'true';
    return {
      sessionId: found.sessionId,
      animalId: found.animalId,
      userId: found.userId,
      totalTurns: found.totalTurns,
      turns: found.turns.map((turn) => ({
        role: turn.role,
        content: turn.content,
        timestamp: turn.timestamp,
        ...(includeMetadata && turn.metadata ? { metadata: turn.metadata } : {}),
      })),
    };
  }

  return {
    convo_history_get: async ({ query, principal }) => {
      if (typeof query.sessionId === 'string') {
        await sessionFor(principal, query.sessionId);
        return { status: 200, body: await history(query.sessionId, query) };
      }
      const userId = typeof query.userId === 'string' ? query.userId : principal?.userId;
      if (userId === undefined) throw restErrors.badRequest('Give a sessionId or a userId');
      await checkUser(principal, userId);
      const page = await conversations.listSessions({
        userId,
        ...(typeof query.animalId === 'string' ? { animalId: query.animalId } : {}),
        limit: 1,
        sortBy: 'timestamp',
        sortOrder: 'desc',
      });
      const latest = page.sessions[0];
      if (latest === undefined) throw restErrors.notFound('No conversation found', { userId });
      return { status: 200, body: await history(latest.sessionId, query) };
    },

    convo_history_delete: async ({ query, principal }) => {
      const sessionId = typeof query.sessionId === 'string' ? query.sessionId : undefined;
      const userId = typeof query.userId === 'string' ? query.userId : undefined;
      if (sessionId === undefined && userId === undefined)
        throw restErrors.badRequest('Give a sessionId or a userId');
      if (sessionId !== undefined && userId !== undefined) {
        throw restErrors.unprocessable('Give a sessionId or a userId, not both');
      }
      if (sessionId !== undefined) {
        await sessionFor(principal, sessionId);
        await conversations.deleteHistory({ sessionId });
        await options.engineStore.deleteConversation(sessionId);
        await options.shares?.revokeByConversation(sessionId);
        return { status: 204 };
      }
      if (query.confirmGDPR !== true && query.confirmGDPR !== 'true') {
        throw restErrors.badRequest(
          'Deleting all of a user’s conversations needs confirmGDPR=true',
        );
      }
      await checkUser(principal, userId as string);
      const sessions = await conversations.listSessions({
        userId,
        limit: 1000,
        ...(typeof query.animalId === 'string' ? { animalId: query.animalId } : {}),
      });
      await conversations.deleteHistory({
        userId,
        ...(typeof query.animalId === 'string' ? { animalId: query.animalId } : {}),
        ...(typeof query.olderThan === 'string' ? { olderThan: query.olderThan } : {}),
      });
      for (const session of sessions.sessions) {
        await options.engineStore.deleteConversation(session.sessionId);
        await options.shares?.revokeByConversation(session.sessionId);
      }
      return { status: 204 };
    },

    conversations_sessions_get: async ({ query, principal }) => {
      if (principal === null) throw restErrors.unauthorized();
      const userId =
        typeof query.userId === 'string'
          ? query.userId
          : principal.role === 'admin'
            ? undefined
            : principal.userId;
      if (userId !== undefined) await checkUser(principal, userId);
      const page = await conversations.listSessions({
        ...(userId !== undefined ? { userId } : {}),
        ...(typeof query.animalId === 'string' ? { animalId: query.animalId } : {}),
        ...(typeof query.startDate === 'string' ? { startDate: query.startDate } : {}),
        ...(typeof query.endDate === 'string' ? { endDate: query.endDate } : {}),
        ...(typeof query.lastEvaluatedKey === 'string' ? { cursor: query.lastEvaluatedKey } : {}),
        limit: numberOr(query.limit, 20),
        sortBy:
          (query.sortBy as 'timestamp' | 'messageCount' | 'duration' | undefined) ?? 'timestamp',
        sortOrder: (query.sortOrder as 'asc' | 'desc' | undefined) ?? 'desc',
      });
      return { status: 200, body: page };
    },

    conversations_sessions_session_id_get: async ({ params, principal }) => {
      await sessionFor(principal, params.sessionId ?? '');
      return { status: 200, body: await history(params.sessionId ?? '', {}) };
    },

    summarize_convo_post: async ({ body, principal }) => {
      const input = body as {
        sessionId: string;
        summaryType?: string;
        maxLength?: number;
        includeMetrics?: boolean;
        includeTopics?: boolean;
      };
      const session = await sessionFor(principal, input.sessionId);
      const found = await conversations.getHistory(input.sessionId, { limit: 500 });
      const summary = summarizeTurns(found?.turns ?? [], {
        maxLength: input.maxLength ?? 200,
        animalName: session.animalName,
      });
      await conversations.setSummary(input.sessionId, summary.summary);
      return {
        status: 200,
        body: {
          sessionId: input.sessionId,
          summaryType: input.summaryType ?? 'brief',
          summary: summary.summary,
          ...(input.includeTopics === false ? {} : { topics: summary.topics }),
          ...(input.includeMetrics
            ? {
                metrics: {
                  totalTurns: found?.totalTurns ?? 0,
                  durationMinutes: Math.round(session.duration / 60),
                  avgResponseTime: 0,
                  engagementScore: Math.min(10, Math.round((found?.totalTurns ?? 0) / 2)),
                },
              }
            : {}),
          generatedAt: new Date().toISOString(),
        },
      };
    },
  };
}

function numberOr(value: unknown, fallback: number): number {
  const number =
    typeof value === 'number' ? value : typeof value === 'string' ? Number(value) : Number.NaN;
  return Number.isFinite(number) ? number : fallback;
}
