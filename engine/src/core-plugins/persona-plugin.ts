/**
 * `core:persona`: the system prompt that makes the model speak as the animal, for children,
 * in the visitor's language, honest about being the zoo's AI, grounded in the fact cards.
 *
 * @module
 */
import type { AnimalPersona } from '../content/animal-types.ts';
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
  return sections;
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
