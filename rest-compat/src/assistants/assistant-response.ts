/**
 * Stored assistants and audit stamps as the spec's `AssistantResponse` and `AuditInfo`
 * (`{at, by: userId}`; the stored stamps hold `{actorId}`).
 *
 * @module
 */
import type { AssistantRecord } from '../persistence/assistant-repository.ts';
import type { AuditStamp } from '../persistence/audit.ts';

/**
 * The spec's `AuditInfo` of a stored stamp.
 *
 * @example
 * ```ts
 * toAuditInfo({ at: '2026-01-01T00:00:00.000Z', by: { actorId: 'user_1' } }); // { at, by: 'user_1' }
 * ```
 */
export function toAuditInfo(stamp: AuditStamp): { at: string; by?: string } {
  return stamp.by?.actorId === undefined
    ? { at: stamp.at }
    : { at: stamp.at, by: stamp.by.actorId };
}

/**
 * The spec's `AssistantResponse`. `responseTimeP95` is left out: it is not measured per assistant.
 *
 * @example
 * ```ts
 * toAssistantResponse(record).status; // 'ACTIVE'
 * ```
 */
export function toAssistantResponse(record: AssistantRecord): Record<string, unknown> {
  return {
    assistantId: record.assistantId,
    animalId: record.animalId,
    personalityId: record.personalityId,
    guardrailId: record.guardrailId,
    mergedPrompt: record.mergedPrompt,
    knowledgeBaseFileIds: record.knowledgeBaseFileIds,
    status: record.status,
    lastPromptMerge: record.lastPromptMerge,
    created: toAuditInfo(record.created),
    ...(record.modified ? { modified: toAuditInfo(record.modified) } : {}),
  };
}
