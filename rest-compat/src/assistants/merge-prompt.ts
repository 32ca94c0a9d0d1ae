/**
 * The assistant's `mergedPrompt`, built as the original's `prompt_merger.py` did: base identity,
 * then personality, then safety guidelines (which take precedence), then the knowledge files, each
 * section cut to its limit. The engine builds its own system prompt from the persona; the merged
 * prompt is what keepers read back to see the configuration as one text.
 *
 * @module
 */

/** Limits of the original merger, in characters. */
export const mergeLimits = { personality: 3000, guardrail: 2000, knowledge: 2000, total: 8192 };

/** What a merged prompt is built from. */
export interface MergeInput {
  animalName: string;
  animalSpecies: string;
  personalityText: string;
  /** The guardrail's text, when it could be read. */
  guardrailText?: string | undefined;
  /** Names of the knowledge files the assistant uses. */
  knowledgeFileNames?: readonly string[];
}

/**
 * Merges the sections into one prompt.
 *
 * @example
 * ```ts
 * mergePrompt({ animalName: 'Leo', animalSpecies: 'African lion', personalityText: 'Proud and warm…' });
 * ```
 */
export function mergePrompt(input: MergeInput): string {
  const sections = [
    `You are a digital ambassador for the Cougar Mountain Zoo. You represent ${input.animalName}, ` +
      `a ${input.animalSpecies} at the zoo. Speak in the first person, teach about your species and ` +
      'conservation, and keep every answer family-appropriate and about the zoo.',
    `=== PERSONALITY & BEHAVIOR ===\n${cut(input.personalityText, mergeLimits.personality)}`,
  ];
  if (input.guardrailText) {
    sections.push(
      '=== SAFETY & CONTENT GUIDELINES ===\nIMPORTANT: These guidelines take precedence over ' +
        `personality traits in case of conflicts.\n${cut(input.guardrailText, mergeLimits.guardrail)}`,
    );
  }
  if (input.knowledgeFileNames && input.knowledgeFileNames.length > 0) {
    const listed = input.knowledgeFileNames.map((name) => `- ${name}`).join('\n');
    sections.push(`=== KNOWLEDGE BASE CONTEXT ===\n${cut(listed, mergeLimits.knowledge)}`);
  }
  return cut(sections.join('\n\n'), mergeLimits.total);
}

function cut(text: string, limit: number): string {
  return text.length <= limit ? text : `${text.slice(0, limit - 1)}…`;
}
