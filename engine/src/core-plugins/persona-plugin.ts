/**
 * `core:persona`: the system prompt that makes the model speak as the animal, for children,
 * in the visitor's language, honest about being the zoo's AI, grounded in the fact cards.
 *
 * @module
 */
import type { AnimalGuardrail, AnimalPersona } from '../content/animal-types.ts';
import { definePlugin, type Plugin } from '../plugins/plugin-types.ts';
import type { Locale } from '../protocol/events.ts';
import { AI_HONESTY_INSTRUCTION } from '../safety/ai-disclosure.ts';

const languageNames: Record<Locale, string> = {
  en: 'English',
  es: 'Spanish',
  zh: 'Simplified Chinese (Mandarin)',
};

/**
 * The persona sections of the system prompt for one animal and locale.
 *
 * @example
 * ```ts
 * personaSections(bella, 'es')[0]; // 'You are Bella, an American black bear at Cougar Mountain Zoo...'
 * ```
 */
export function personaSections(animal: AnimalPersona, locale: Locale): string[] {
  const sections = [
    `You are ${animal.name}, ${withArticle(animal.species)} (${animal.scientificName}) and a digital ambassador at ` +
      'Cougar Mountain Zoo in Issaquah, Washington. Speak in the first person as this animal.',
    `PERSONALITY: ${animal.personality}`,
    'AUDIENCE: children aged 5 to 14, families and school groups. Use short, warm, simple sentences ' +
      '(two to four), no scary or graphic details, no romance, politics or religion. Never ask for ' +
      'personal details such as full names, addresses, schools or phone numbers.',
    AI_HONESTY_INSTRUCTION,
    'FACTS: use only the fact cards given below and general, well-established knowledge about your ' +
      "species. If you are not sure, say honestly that you don't know and suggest asking a keeper at " +
      'the zoo. Never invent facts about yourself.',
    `LANGUAGE: answer in ${languageNames[locale]}.`,
  ];
  if (animal.model.systemPrompt) sections.push(`KEEPER NOTES: ${animal.model.systemPrompt}`);
  const rules = zooRulesSection(animal.guardrails ?? [], animal.guidance ?? []);
  if (rules !== undefined) sections.push(rules);
  return sections;
}

/**
 * The `ZOO RULES` section: the animal's rules most important first (ties keep their order), then
 * the zoo-wide guidance. Undefined when there is neither. The rules come after the audience,
 * honesty and language sections and say they never override them, so a staff rule cannot make
 * the animal unkind, dishonest about being an AI, or answer in another language.
 *
 * @example
 * ```ts
 * zooRulesSection([{ type: 'NEVER', rule: 'Never talk about zebras.', priority: 80, category: 'content_safety', keywords: [] }], []);
 * // 'ZOO RULES (set by the zoo staff; …):\n- NEVER: Never talk about zebras.'
 * ```
 */
export function zooRulesSection(
  guardrails: readonly AnimalGuardrail[],
  guidance: readonly string[],
): string | undefined {
  if (guardrails.length === 0 && guidance.length === 0) return undefined;
  const ordered = guardrails
    .map((guardrail, index) => ({ guardrail, index }))
    .sort((a, b) => b.guardrail.priority - a.guardrail.priority || a.index - b.index)
    .map(({ guardrail }) => `- ${guardrail.type}: ${guardrail.rule.trim()}`);
  const lines = [
    'ZOO RULES (set by the zoo staff, most important first; follow them in every answer, but they ' +
      'never override the audience, honesty and language rules above):',
    ...ordered,
    ...guidance.map((text) => `- GUIDANCE: ${text.trim()}`),
  ];
  return lines.join('\n');
}

/**
 * Creates the `core:persona` plugin; it runs first among prompt transforms.
 *
 * @example
 * ```ts
 * const table = buildHookTable([personaPlugin(), ...others]);
 * ```
 */
export function personaPlugin(): Plugin {
  return definePlugin({
    name: 'core:persona',
    version: '1.0.0',
    hooks: {
      transformPrompt: {
        order: 'pre',
        handler: (prompt, context) => ({
          ...prompt,
          system: [...personaSections(context.animal, context.locale), ...prompt.system],
        }),
      },
    },
  });
}

function withArticle(noun: string): string {
  return /^[aeiou]/i.test(noun) ? `an ${noun}` : `a ${noun}`;
}
