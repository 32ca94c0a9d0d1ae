/**
 * The fake's `/v1/moderations` answers: inputs are flagged when they contain a configured word.
 *
 * @module
 */

const MODERATION_CATEGORIES = [
  'harassment',
  'harassment/threatening',
  'hate',
  'hate/threatening',
  'illicit',
  'illicit/violent',
  'self-harm',
  'self-harm/intent',
  'self-harm/instructions',
  'sexual',
  'sexual/minors',
  'violence',
  'violence/graphic',
] as const;

/**
 * A moderation answer: each input is flagged (as harassment) when it contains a listed word
 * (whole word, case-insensitive).
 *
 * @example
 * ```ts
 * buildModeration('hello meanie', ['meanie']).results[0]?.flagged; // true
 * ```
 */
export function buildModeration(input: unknown, words: readonly string[]) {
  const texts = moderationInputs(input);
  const results = texts.map((text) => {
    const flagged = containsListedWord(text, words);
    const categories = Object.fromEntries(
      MODERATION_CATEGORIES.map((name) => [name, flagged && name === 'harassment']),
    );
    const scores = Object.fromEntries(
      MODERATION_CATEGORIES.map((name) => [name, flagged && name === 'harassment' ? 0.97 : 0.001]),
    );
    return { flagged, categories, category_scores: scores };
  });
  return { id: `modr-fake-${Date.now()}`, model: 'omni-moderation-latest', results };
}

function moderationInputs(input: unknown): string[] {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input)) return [''];
  const texts = input.map((item) =>
    typeof item === 'string' ? item : String((item as { text?: unknown } | null)?.text ?? ''),
  );
  return texts.length > 0 ? texts : [''];
}

// Whole words only, so a listed "ass" does not flag "class".
function containsListedWord(text: string, words: readonly string[]): boolean {
  return words.some((word) => {
    if (word.length === 0) return false;
    const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])`, 'iu').test(text);
  });
}
