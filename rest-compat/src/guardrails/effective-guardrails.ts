/**
 * Which guardrails apply to an animal (the lead's decision, since the spec's `Guardrail` has no
 * animalId): the active global rule guardrails, plus the active rule guardrails the animal's
 * configuration selects (`guardrails.selected`), plus the animal's own custom rules
 * (`guardrails.custom`, shown as guardrails `gr_custom<n>`), ordered by priority, highest first.
 * Default text guardrails (`isDefault`) are zoo-wide guidance for every animal's prompt.
 *
 * @module
 */
import type { AnimalGuardrail } from '@cmz/engine';
import type { AnimalRecord } from '../persistence/animal-record.ts';
import type {
  GuardrailRecord,
  RuleGuardrailRecord,
  TextGuardrailRecord,
} from '../persistence/guardrail-repository.ts';
import { readAnimalGuardrails, type CustomRule } from './guardrail-input.ts';
import { toGuardrailBody, type GuardrailBody } from './guardrail-response.ts';

/** What an animal's prompt and safety filter get from the guardrails. */
export interface ZooRules {
  guardrails: AnimalGuardrail[];
  guidance: string[];
}

/**
 * The id a custom rule has in the effective list (its 1-based position in `custom`).
 *
 * @example
 * ```ts
 * customGuardrailId(1); // 'gr_custom1'
 * ```
 */
export function customGuardrailId(position: number): string {
  return `gr_custom${position}`;
}

/**
 * The animal's effective guardrails as the spec's `Guardrail` bodies, highest priority first
 * (ties: global ones, then selected, then custom, each in stored order).
 *
 * @example
 * ```ts
 * effectiveGuardrails(animal, await repositories.guardrails.list()).map((g) => g.guardrailId);
 * // ['gr_ab12cd34ef56', 'gr_custom1']
 * ```
 */
export function effectiveGuardrails(
  animal: AnimalRecord,
  records: readonly GuardrailRecord[],
): GuardrailBody[] {
  const rules = records.filter(
    (record): record is RuleGuardrailRecord =>
      record.recordType === 'rule-guardrail' && record.isActive,
  );
  const { selected, custom } = readAnimalGuardrails(animal.configuration.guardrails);
  const byId = new Map(rules.map((rule) => [rule.guardrailId, rule]));
  const global = rules.filter((rule) => rule.isGlobal);
  const chosen = selected.flatMap((id) => {
    const rule = byId.get(id);
    return rule === undefined || rule.isGlobal ? [] : [rule];
  });
  const listed = [
    ...global.map(toGuardrailBody),
    ...chosen.map(toGuardrailBody),
    ...custom.map((rule, index) => customGuardrailBody(rule, index + 1)),
  ];
  // Array sort is stable: equal priorities keep the order above.
  return listed.sort((first, second) => second.priority - first.priority);
}

/**
 * The guidance texts of the default text guardrails, strictest first.
 *
 * @example
 * ```ts
 * defaultGuidance(await repositories.guardrails.list()); // ['Speak gently…']
 * ```
 */
export function defaultGuidance(records: readonly GuardrailRecord[]): string[] {
  const strictness = { STRICT: 0, MODERATE: 1, GUIDANCE: 2 } as const;
  return records
    .filter(
      (record): record is TextGuardrailRecord =>
        record.recordType === 'text-guardrail' && record.isDefault,
    )
    .sort((first, second) => strictness[first.severity] - strictness[second.severity])
    .map((record) => record.guardrailText);
}

/**
 * Everything the engine's persona needs: the effective guardrails and the zoo-wide guidance.
 *
 * @example
 * ```ts
 * catalog.put(animalRecordToPersona(record, current, zooRulesFor(record, guardrails)));
 * ```
 */
export function zooRulesFor(animal: AnimalRecord, records: readonly GuardrailRecord[]): ZooRules {
  return {
    guardrails: effectiveGuardrails(animal, records).map((guardrail) => ({
      type: guardrail.type,
      rule: guardrail.rule,
      priority: guardrail.priority,
      category: guardrail.category,
      keywords: guardrail.keywords ?? [],
    })),
    guidance: defaultGuidance(records),
  };
}

function customGuardrailBody(rule: CustomRule, position: number): GuardrailBody {
  return {
    guardrailId: customGuardrailId(position),
    name: `Custom rule ${position}`,
    type: rule.type,
    rule: rule.rule,
    description: null,
    category: rule.category ?? 'content_safety',
    priority: rule.priority ?? 50,
    isActive: true,
    isGlobal: false,
    keywords: rule.keywords ?? null,
    examples: null,
    softDelete: false,
  };
}
