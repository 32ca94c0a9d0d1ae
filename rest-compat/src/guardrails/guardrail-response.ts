/**
 * Stored guardrails as the spec's bodies: `Guardrail` (rule API) and `GuardrailResponse` (text
 * API, whose audit fields are `AuditInfo {at, by: userId}`).
 *
 * @module
 */
import type { AuditStamp } from '../persistence/audit.ts';
import type {
  RuleGuardrailRecord,
  TextGuardrailRecord,
} from '../persistence/guardrail-repository.ts';

/** The spec's `Guardrail` body. */
export interface GuardrailBody {
  guardrailId: string;
  name: string;
  type: RuleGuardrailRecord['type'];
  rule: string;
  description: string | null;
  category: RuleGuardrailRecord['category'];
  priority: number;
  isActive: boolean;
  isGlobal: boolean;
  keywords: string[] | null;
  examples: RuleGuardrailRecord['examples'];
  created?: AuditStamp;
  modified?: AuditStamp;
  deleted?: AuditStamp;
  softDelete: boolean;
}

/**
 * The spec's `Guardrail` for a stored rule guardrail (internal fields left out).
 *
 * @example
 * ```ts
 * toGuardrailBody(record).guardrailId; // 'gr_9f2c01ab33de'
 * ```
 */
export function toGuardrailBody(record: RuleGuardrailRecord): GuardrailBody {
  return {
    guardrailId: record.guardrailId,
    name: record.name,
    type: record.type,
    rule: record.rule,
    description: record.description,
    category: record.category,
    priority: record.priority,
    isActive: record.isActive,
    isGlobal: record.isGlobal,
    keywords: record.keywords,
    examples: record.examples,
    created: record.created,
    ...(record.modified ? { modified: record.modified } : {}),
    ...(record.deleted ? { deleted: record.deleted } : {}),
    softDelete: record.softDelete,
  };
}

/**
 * The spec's `GuardrailResponse` for a stored text guardrail.
 *
 * @example
 * ```ts
 * toTextGuardrailBody(record, 0).usageCount; // 0
 * ```
 */
export function toTextGuardrailBody(
  record: TextGuardrailRecord,
  usageCount: number,
): Record<string, unknown> {
  return {
    guardrailId: record.guardrailId,
    name: record.name,
    ...(record.description === undefined ? {} : { description: record.description }),
    guardrailText: record.guardrailText,
    category: record.category,
    severity: record.severity,
    ageAppropriate: record.ageAppropriate,
    usageCount,
    isDefault: record.isDefault,
    created: toAuditInfo(record.created),
    ...(record.modified ? { modified: toAuditInfo(record.modified) } : {}),
  };
}

function toAuditInfo(stamp: AuditStamp): { at: string; by?: string } {
  const by = stamp.by?.actorId;
  return by === undefined ? { at: stamp.at } : { at: stamp.at, by };
}
