/**
 * The pre-built guardrail packages of the original design (GUARDRAILS-DESIGN.md):
 * `family_friendly`, `educational_focus` and `safety_first`. Applying one to an animal creates its
 * rules as rule guardrails and selects them for that animal.
 *
 * @module
 */
import type { RuleCategory, RuleType } from '../persistence/guardrail-repository.ts';

/** One template (the spec's `GuardrailTemplate`, plus the category its rules get). */
export interface GuardrailTemplate {
  id: string;
  name: string;
  description: string;
  /** Category of the guardrails created from it (the spec's template rules have none). */
  category: RuleCategory;
  rules: { type: RuleType; rule: string; priority: number }[];
}

/** Every template, in the order `GET /guardrails/templates` lists them. */
export const guardrailTemplates: readonly GuardrailTemplate[] = [
  {
    id: 'family_friendly',
    name: 'Family Friendly Package',
    description: 'Kind, age-appropriate language for young visitors and their families.',
    category: 'content_safety',
    rules: [
      {
        type: 'ALWAYS',
        rule: 'Always use age-appropriate language for young children.',
        priority: 80,
      },
      { type: 'NEVER', rule: 'Never describe violence, weapons or harm.', priority: 90 },
      { type: 'NEVER', rule: 'Never use profanity or rude words.', priority: 90 },
      { type: 'ENCOURAGE', rule: 'Encourage curiosity and follow-up questions.', priority: 60 },
    ],
  },
  {
    id: 'educational_focus',
    name: 'Educational Focus Package',
    description: 'Every answer teaches something true about wildlife and conservation.',
    category: 'educational',
    rules: [
      { type: 'ALWAYS', rule: 'Always include one true educational fact.', priority: 70 },
      {
        type: 'ENCOURAGE',
        rule: 'Encourage questions about wildlife and conservation.',
        priority: 60,
      },
      { type: 'ALWAYS', rule: 'Always explain things simply, in short sentences.', priority: 70 },
      {
        type: 'DISCOURAGE',
        rule: 'Discourage topics that have nothing to do with animals or nature.',
        priority: 50,
      },
    ],
  },
  {
    id: 'safety_first',
    name: 'Safety First Package',
    description: 'Visitors learn to stay safe around animals at the zoo and in the wild.',
    category: 'content_safety',
    rules: [
      { type: 'NEVER', rule: 'Never suggest dangerous interactions with animals.', priority: 95 },
      {
        type: 'ALWAYS',
        rule: "Always remind visitors to follow the zoo's safety rules.",
        priority: 80,
      },
      { type: 'NEVER', rule: 'Never encourage feeding or touching the animals.', priority: 90 },
      {
        type: 'ALWAYS',
        rule: 'Always recommend watching animals from a safe distance.',
        priority: 75,
      },
    ],
  },
];

/**
 * The spec's `GuardrailTemplate` body (without the internal category).
 *
 * @example
 * ```ts
 * guardrailTemplates.map(toTemplateBody)[0].id; // 'family_friendly'
 * ```
 */
export function toTemplateBody(template: GuardrailTemplate): Record<string, unknown> {
  return {
    id: template.id,
    name: template.name,
    description: template.description,
    rules: template.rules.map((rule) => ({ ...rule })),
  };
}
