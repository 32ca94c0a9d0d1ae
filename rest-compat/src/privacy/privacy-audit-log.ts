/**
 * Records one privacy action in the audit log with the caller as actor: ids, the operation and
 * its options or counts, never names, emails, addresses or text.
 *
 * @module
 */
import type { RestPrincipal } from '../http/operation-types.ts';
import type {
  PrivacyActionType,
  PrivacyAuditEntry,
  PrivacyAuditRepository,
} from '../persistence/privacy-audit-repository.ts';

/**
 * Writes the entry: `parentId` is set when a parent acted, as the spec describes it.
 *
 * @example
 * ```ts
 * await recordPrivacyAction(audit, principal, childId, 'DATA_EXPORT', { operation: 'privacy_export_post' });
 * ```
 */
export function recordPrivacyAction(
  audit: PrivacyAuditRepository,
  principal: RestPrincipal,
  userId: string,
  actionType: PrivacyActionType,
  actionDetails: Record<string, unknown>,
): Promise<PrivacyAuditEntry> {
  return audit.record({
    userId,
    actorId: principal.userId,
    actorRole: principal.role,
    ...(principal.role === 'parent' ? { parentId: principal.userId } : {}),
    actionType,
    actionDetails,
  });
}

/**
 * The spec's `PrivacyAuditLog` body of an entry (the actor goes into `actionDetails`).
 *
 * @example
 * ```ts
 * toAuditLogResponse(entry); // { auditId, userId, parentId, actionType, actionDetails, timestamp }
 * ```
 */
export function toAuditLogResponse(entry: PrivacyAuditEntry): Record<string, unknown> {
  return {
    auditId: entry.auditId,
    userId: entry.userId,
    parentId: entry.parentId ?? null,
    actionType: entry.actionType,
    actionDetails: { ...entry.actionDetails, actorId: entry.actorId, actorRole: entry.actorRole },
    timestamp: entry.timestamp,
  };
}
