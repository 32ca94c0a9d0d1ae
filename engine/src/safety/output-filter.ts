/**
 * The streaming output filter: masks profanity, sexual and hateful words in the model's reply as
 * it streams, one chunk (usually one word) at a time.
 *
 * Masking with asterisks of the same length, rather than a friendly replacement word:
 * - The animal shares true facts; a substituted word could turn a sentence into a wrong or odd one,
 *   while "****" is plainly "a word was hidden here".
 * - Zookeepers reviewing transcripts can still see that the model slipped.
 * - It works the same in English, Spanish and Chinese (no replacement word to translate).
 * - Same length keeps the streamed text's layout stable for clients that render as it arrives.
 *
 * @module
 */
import { buildModerationIndex, matchChinese, matchLatinWords } from './moderation-index.ts';
import { MODERATION_RULES, OUTPUT_MASKED_CATEGORIES } from './moderation-rules.ts';
import { foldText, latinWords } from './text-normalization.ts';

/** Masks blocked words in streamed output. */
export interface OutputFilter {
  /**
   * Returns the chunk with blocked words replaced by asterisks; surrounding whitespace and
   * punctuation are kept. Allowed chunks come back unchanged (the same string).
   */
  filterWord(word: string): string;
}

const MASKED_RULES = MODERATION_RULES.filter((rule) => OUTPUT_MASKED_CATEGORIES.has(rule.category));
const MASKED_INDEX = buildModerationIndex(MASKED_RULES);
const CHINESE_TERMS = MASKED_INDEX.chinese.map(({ term }) => term);

// One pass finds the word-like parts of a chunk; the rest (spaces, punctuation) is never touched.
const WORD_PART = /[\p{L}\p{M}\p{N}@$*'’]+/gu;
const HAN = /\p{Script=Han}/u;
const EDGE_STARS_AND_APOSTROPHES = /^[*'’]+|[*'’]+$/gu;
// Most chunks are plain ASCII words without stretched letters; those need only a set lookup.
const PLAIN_WORD = /^[a-zA-Z]+$/u;
const DOUBLED_LETTER = /(.)\1/u;

function mask(text: string): string {
  return '*'.repeat([...text].length);
}

function isBlockedLatin(part: string): boolean {
  if (PLAIN_WORD.test(part) && !DOUBLED_LETTER.test(part)) {
    const word = part.toLowerCase();
    return (
      MASKED_INDEX.words.has(word) || MASKED_INDEX.stems.some(({ stem }) => word.startsWith(stem))
    );
  }
  return matchLatinWords(MASKED_INDEX, latinWords(foldText(part))).length > 0;
}

function maskChinese(part: string): string {
  if (!HAN.test(part) || matchChinese(MASKED_INDEX, part).length === 0) return part;
  let masked = part;
  for (const term of CHINESE_TERMS) masked = masked.replaceAll(term, mask(term));
  return masked;
}

function filterPart(part: string): string {
  // Markdown stars and quotes around a word are punctuation: keep them, mask only the word.
  const core = part.replace(EDGE_STARS_AND_APOSTROPHES, '');
  if (core === '') return part;
  const start = part.indexOf(core);
  const filtered = isBlockedLatin(core) ? mask(core) : maskChinese(core);
  return filtered === core
    ? part
    : part.slice(0, start) + filtered + part.slice(start + core.length);
}

/**
 * Creates the output filter. It keeps no state between chunks, so one filter can serve every
 * reply at once. A Chinese term split across two chunks is not seen; the finished reply can be
 * checked with `moderateText(text, locale, { direction: 'output' })`.
 *
 * @example
 * ```ts
 * const filter = createOutputFilter();
 * filter.filterWord(' shit!'); // ' ****!'
 * filter.filterWord(' hunt,'); // ' hunt,'
 * ```
 */
export function createOutputFilter(): OutputFilter {
  return {
    filterWord(word: string): string {
      const filtered = word.replace(WORD_PART, filterPart);
      return filtered === word ? word : filtered;
    },
  };
}

// A zoo rule's keyword is one word or, joined by `_` or `-`, a phrase of words.
const KEYWORD_JOINERS = /[_-]+/u;

function keywordParts(keyword: string): string[] {
  return latinWords(foldText(keyword.split(KEYWORD_JOINERS).join(' ')));
}

// "zebra" also finds "zebras" and "box" finds "boxes": children and models use plurals.
function sameWord(word: string, keywordWord: string): boolean {
  return word === keywordWord || word === `${keywordWord}s` || word === `${keywordWord}es`;
}

/**
 * The keywords (as given) found in `text` as whole words: case, accents and leetspeak folded, a
 * plural `s`/`es` allowed on the last word, a `_`/`-` keyword found as consecutive words.
 *
 * @example
 * ```ts
 * findKeywords('Lions eat Zebras and wildebeest', ['zebra', 'ice_cream']); // ['zebra']
 * findKeywords('I love ice cream!', ['ice_cream']); // ['ice_cream']
 * ```
 */
export function findKeywords(text: string, keywords: readonly string[]): string[] {
  if (keywords.length === 0) return [];
  const words = latinWords(foldText(text));
  return keywords.filter((keyword) => {
    const parts = keywordParts(keyword);
    if (parts.length === 0) return false;
    for (let start = 0; start + parts.length <= words.length; start += 1) {
      const found = parts.every((part, offset) => {
        const word = words[start + offset] ?? '';
        return offset === parts.length - 1 ? sameWord(word, part) : word === part;
      });
      if (found) return true;
    }
    return false;
  });
}

/**
 * A filter that masks, word by word, the words equal to one of `keywords` (folded as in
 * {@link findKeywords}). Output streams one word per chunk, so only one-word keywords are masked;
 * a phrase keyword is still found in input by `findKeywords`.
 *
 * @example
 * ```ts
 * createKeywordFilter(['zebra']).filterWord(' zebras,'); // ' ******,'
 * ```
 */
export function createKeywordFilter(keywords: readonly string[]): OutputFilter {
  const single = keywords.map(keywordParts).flatMap((parts) => (parts.length === 1 ? parts : []));
  const isKeyword = (part: string) =>
    latinWords(foldText(part)).some((word) => single.some((keyword) => sameWord(word, keyword)));
  const maskPart = (part: string) => {
    const core = part.replace(EDGE_STARS_AND_APOSTROPHES, '');
    if (core === '' || !isKeyword(core)) return part;
    const start = part.indexOf(core);
    return part.slice(0, start) + mask(core) + part.slice(start + core.length);
  };
  return {
    filterWord(word: string): string {
      if (single.length === 0) return word;
      const filtered = word.replace(WORD_PART, maskPart);
      return filtered === word ? word : filtered;
    },
  };
}
