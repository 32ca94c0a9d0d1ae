/**
 * `/api/v1/privacy/*`: the privacy audit log, the parent dashboard's children overview, the data
 * export and the erasure of a user's data. Admins reach every user; a parent their own account
 * and their children (never a co-parent's data). Every export, erasure and parent view is
 * written to the privacy audit log (ids only).
 *
 * @module
 */
import type { ConversationStore, ShareStore } from '@cmz/engine';
import type { Redis } from 'ioredis';
import { z } from 'zod';
import type { OperationHandlers, RestPrincipal } from '../http/operation-types.ts';
import { RestError, restErrors } from '../http/rest-error.ts';
import { requirePrincipal, requireScope } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { PrivacyActionType } from '../persistence/privacy-audit-repository.ts';
import { randomId } from '../persistence/store-operations.ts';
import { summarizeChild } from './children-overview.ts';
import { erasedPseudonym } from './erased-pseudonym.ts';
import { recordPrivacyAction, toAuditLogResponse } from './privacy-audit-log.ts';
import type { PrivacyRepositories } from './privacy-repositories.ts';
import { assertSubjectInScope, childrenOf } from './privacy-scope.ts';
import { buildUserExport } from './user-export.ts';
import { eraseUser, type DeleteScope, type ErasureDependencies } from './user-erasure.ts';

/** What the privacy handlers need. */
export interface PrivacyOperationDependencies {
  repositories: PrivacyRepositories;
  engineStore: Pick<ConversationStore, 'deleteVisitor' | 'listConversations' | 'listMessages'>;
  shares: Pick<ShareStore, 'revokeAllByCreator' | 'revokeByConversation'>;
  /** The engine's Redis connection, when it runs on Redis. */
  redis?: Redis;
  /** See {@link ErasureDependencies.chatTime}. */
  chatTime?: ErasureDependencies['chatTime'];
  /** See {@link ErasureDependencies.disconnectVisitor}. */
  disconnectVisitor?: ErasureDependencies['disconnectVisitor'];
  /** @default the wall clock */
  now?: () => Date;
}

const idPattern = /^[A-Za-z0-9_-]{1,100}$/;
const isoInstant = z.iso
  .datetime({ offset: true })
  .transform((value) => new Date(value).toISOString());

// `limit` and `offset` page the log; the spec lists no paging parameters, and the validator lets
// unknown query parameters through, so they are checked here.
const auditQuerySchema = z.object({
  userId: z.string().regex(idPattern).optional(),
  parentId: z.string().regex(idPattern).optional(),
  startDate: isoInstant.optional(),
  endDate: isoInstant.optional(),
  actionType: z
    .enum(['DATA_ACCESS', 'DATA_EXPORT', 'DATA_DELETE', 'CONTEXT_VIEW', 'CONVERSATION_VIEW'])
    .optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  offset: z.coerce.number().int().min(0).default(0),
});

const exportSchema = z.object({
  exportFormat: z.enum(['JSON', 'CSV', 'PDF']).default('JSON'),
  includeConversations: z.boolean().default(true),
  includeContext: z.boolean().default(true),
  includeAnalytics: z.boolean().default(false),
  dateRange: z
    .object({ startDate: isoInstant.optional(), endDate: isoInstant.optional() })
    .optional(),
});

const deleteSchema = z.object({
  confirmDeletion: z.boolean(),
  deleteScope: z
    .enum(['ALL_DATA', 'CONVERSATIONS_ONLY', 'CONTEXT_ONLY', 'ANALYTICS_ONLY'])
    .default('ALL_DATA'),
  retainAnalytics: z.boolean().default(false),
  reason: z.string().max(500).optional(),
});

/**
 * Creates the privacy handlers.
 *
 * @example
 * ```ts
 * const handlers = createPrivacyOperations({ repositories, engineStore: stores.store, shares: stores.shares });
 * ```
 */
export function createPrivacyOperations(
  dependencies: PrivacyOperationDependencies,
): OperationHandlers {
  const { repositories } = dependencies;
  const { users, families, privacyAudit } = repositories;
  const now = dependencies.now ?? (() => new Date());

  const record = (
    caller: RestPrincipal,
    userId: string,
    actionType: PrivacyActionType,
    details: Record<string, unknown>,
  ) => recordPrivacyAction(privacyAudit, caller, userId, actionType, details);

  /** The caller once the scope allows `userId`'s data (403 before any lookup). */
  async function checkReach(operationId: string, principal: RestPrincipal | null, userId?: string) {
    const scope = requireScope(operationId, principal);
    const caller = requirePrincipal(principal);
    if (userId === undefined || !idPattern.test(userId)) {
      throw restErrors.badRequest('The user id is not a valid id');
    }
    await assertSubjectInScope(scope, caller, userId, families);
    return caller;
  }

  return withPersistenceErrors({
    privacy_audit_get: async ({ operationId, query, principal }) => {
      const scope = requireScope(operationId, principal);
      const caller = requirePrincipal(principal);
      const filters = parse(auditQuerySchema, query, 'The audit query is not valid');
      const { limit, offset, ...criteria } = filters;
      let entries;
      if (scope === 'any') {
        entries = await privacyAudit.list(criteria);
      } else {
        if (criteria.parentId !== undefined && criteria.parentId !== caller.userId) {
          throw restErrors.forbidden('You may only see the audit log of your own family');
        }
        const reachable = [caller.userId, ...(await childrenOf(families, caller.userId))];
        if (criteria.userId !== undefined && !reachable.includes(criteria.userId)) {
          throw restErrors.forbidden('You may only see the audit log of your own family');
        }
        entries = await privacyAudit.list({
          ...criteria,
          ...(criteria.userId === undefined && criteria.parentId === undefined
            ? { subjects: reachable, orParentId: caller.userId }
            : {}),
        });
      }
      return {
        status: 200,
        body: {
          auditEntries: entries.slice(offset, offset + limit).map(toAuditLogResponse),
          totalCount: entries.length,
        },
      };
    },

    privacy_children_get: async ({ operationId, params, principal }) => {
      const caller = await checkReach(operationId, principal, params.parentId);
      const parentId = params.parentId as string;
      if ((await users.get(parentId)) === undefined) throw restErrors.notFound('Parent not found');
      const children = [];
      for (const childId of await childrenOf(families, parentId)) {
        const summary = await summarizeChild(repositories, childId);
        if (summary === undefined) continue;
        children.push(summary);
        await record(caller, childId, 'DATA_ACCESS', { operation: operationId });
      }
      return { status: 200, body: { children } };
    },

    privacy_export_post: async ({ operationId, params, body, principal }) => {
      const caller = await checkReach(operationId, principal, params.userId);
      const userId = params.userId as string;
      const options = parse(exportSchema, body, 'The export request is not valid');
      if (options.exportFormat !== 'JSON') {
        throw new RestError(400, 'unsupported_export_format', 'Exports are made as JSON only', {
          supported: ['JSON'],
        });
      }
      if ((await users.get(userId)) === undefined) throw restErrors.notFound('User not found');
      const exportId = randomId('export_', 8);
      const document = await buildUserExport(dependencies, userId, {
        exportId,
        includeConversations: options.includeConversations,
        includeContext: options.includeContext,
        includeAnalytics: options.includeAnalytics,
        ...options.dateRange,
        now: now(),
      });
      await record(caller, userId, 'DATA_EXPORT', {
        operation: operationId,
        exportId,
        includeConversations: options.includeConversations,
        includeContext: options.includeContext,
        includeAnalytics: options.includeAnalytics,
      });
      const file = Buffer.from(JSON.stringify(document, null, 2));
      // The file itself, the spec's `application/octet-stream` answer: nothing to store and
      // later serve, so no copy of a child's data outlives the request.
      return {
        stream: async (response) => {
          response
            .status(200)
            .set({
              'content-type': 'application/octet-stream',
              'content-disposition': `attachment; filename="cmz-export-${exportId}.json"`,
              'x-export-id': exportId,
              'cache-control': 'no-store',
            })
            .end(file);
        },
      };
    },

    privacy_delete_user: async ({ operationId, params, body, principal }) => {
      const caller = await checkReach(operationId, principal, params.userId);
      const userId = params.userId as string;
      const options = parse(deleteSchema, body, 'The deletion request is not valid');
      if (!options.confirmDeletion) {
        throw new RestError(400, 'confirmation_required', 'Set confirmDeletion to true to delete');
      }
      const scope: DeleteScope = options.deleteScope;
      // An interrupted erasure may have removed the account already: it can be repeated while
      // anything is left, and answers 404 only when nothing was found at all.
      const existed = (await users.get(userId, { includeDeleted: true })) !== undefined;
      const report = await eraseUser({ ...dependencies, now }, userId, scope, {
        retainAnalytics: options.retainAnalytics,
      });
      const itemsDeleted = {
        conversations: report.conversations,
        contextEntries: report.contextEntries,
        analyticsRecords: report.analyticsRecords,
      };
      const removedAnything =
        Object.values(itemsDeleted).some((count) => count > 0) ||
        report.shareLinks + report.familyLinks + report.auditEntriesPseudonymized > 0;
      if (!existed && !removedAnything) throw restErrors.notFound('User not found');
      const erased = scope === 'ALL_DATA';
      const subject = erased ? erasedPseudonym(userId) : userId;
      const actor = erased && caller.userId === userId ? { ...caller, userId: subject } : caller;
      const deletionId = randomId('deletion_', 8);
      const entry = await record(actor, subject, 'DATA_DELETE', {
        operation: operationId,
        deletionId,
        deletionScope: scope,
        retainAnalytics: options.retainAnalytics,
        // The reason is free text and may name people: only whether one was given is kept.
        reasonGiven: options.reason !== undefined && options.reason.trim() !== '',
        itemsDeleted,
        shareLinks: report.shareLinks,
        familyLinks: report.familyLinks,
        accountDeleted: report.accountDeleted,
      });
      return {
        status: 200,
        body: { deletionId, itemsDeleted, auditLogEntry: entry.auditId },
      };
    },
  });
}

function parse<T extends z.ZodType>(schema: T, value: unknown, message: string): z.output<T> {
  const parsed = schema.safeParse(value ?? {});
  if (!parsed.success) {
    throw restErrors.badRequest(message, {
      errors: parsed.error.issues.map((issue) => ({
        path: issue.path.map(String).join('.'),
        message: issue.message,
      })),
    });
  }
  return parsed.data;
}
