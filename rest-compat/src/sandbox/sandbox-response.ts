/**
 * Stored sandboxes as the spec's `SandboxResponse`.
 *
 * @module
 */
import { toAuditInfo } from '../assistants/assistant-response.ts';
import type { SandboxRecord } from '../persistence/sandbox-repository.ts';

/**
 * The spec's `SandboxResponse`.
 *
 * @example
 * ```ts
 * toSandboxResponse(record).expiresAt; // 30 minutes after creation
 * ```
 */
export function toSandboxResponse(sandbox: SandboxRecord): Record<string, unknown> {
  return {
    sandboxId: sandbox.sandboxId,
    createdBy: sandbox.createdBy,
    animalId: sandbox.animalId,
    personalityId: sandbox.personalityId,
    guardrailId: sandbox.guardrailId,
    mergedPrompt: sandbox.mergedPrompt,
    knowledgeBaseFileIds: sandbox.knowledgeBaseFileIds,
    expiresAt: sandbox.expiresAt,
    conversationCount: sandbox.conversationCount,
    lastConversationAt: sandbox.lastConversationAt,
    isPromoted: sandbox.isPromoted,
    promotedAt: sandbox.promotedAt,
    created: toAuditInfo(sandbox.created),
  };
}

/**
 * True once the sandbox's lifetime is over.
 *
 * @example
 * ```ts
 * if (isExpired(sandbox, new Date())) throw sandboxExpired();
 * ```
 */
export function isExpired(sandbox: Pick<SandboxRecord, 'expiresAt'>, now: Date): boolean {
  return Date.parse(sandbox.expiresAt) <= now.getTime();
}
