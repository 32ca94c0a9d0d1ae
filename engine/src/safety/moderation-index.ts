/**
 * Pre-compiled lookup tables for the moderation rules and the matchers that use them: exact word
 * sets (word boundaries for Latin scripts, so "class" never matches "ass"), phrases indexed by
 * their first word, a few `stem*` prefixes, and Chinese substrings.
 *
 * @module
 */
import type { ModerationRule } from './moderation-rules.ts';
import { compactChinese, foldText, latinWords, spellingVariants } from './text-normalization.ts';

interface PhraseEntry {
  words: readonly string[];
  rule: ModerationRule;
}

/** The compiled form of a rule list. */
export interface ModerationIndex {
  /** Whole words, plus every phrase written without spaces ("killmyself", "selfharm"). */
  words: Map<string, ModerationRule[]>;
  stems: { stem: string; rule: ModerationRule }[];
  phrasesByFirstWord: Map<string, PhraseEntry[]>;
  chinese: { term: string; rule: ModerationRule }[];
  /** Chinese phrases blanked out before matching. */
  chineseSafePhrases: readonly string[];
}

// Spelled-out runs ("f u c k", "f.u.c.k") are joined back; longer runs are not words anyway.
const SPELLED_OUT_MIN = 3;
const SPELLED_OUT_MAX = 16;
const SINGLE_LETTER = /^\p{L}$/u;
const HAN = /\p{Script=Han}/u;

function addTo<Key, Value>(map: Map<Key, Value[]>, key: Key, value: Value): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function addLatinTerm(index: ModerationIndex, term: string, rule: ModerationRule): void {
  if (term.endsWith('*')) {
    index.stems.push({ stem: foldText(term.slice(0, -1)), rule });
    return;
  }
  const words = latinWords(foldText(term));
  const [firstWord] = words;
  if (firstWord === undefined) return;
  addTo(index.words, words.join(''), rule);
  if (words.length > 1) addTo(index.phrasesByFirstWord, firstWord, { words, rule });
}

/**
 * Compiles rules into lookup tables once, at start-up.
 *
 * @example
 * ```ts
 * const index = buildModerationIndex(MODERATION_RULES, CHINESE_SAFE_PHRASES);
 * ```
 */
export function buildModerationIndex(
  rules: readonly ModerationRule[],
  chineseSafePhrases: readonly string[] = [],
): ModerationIndex {
  const index: ModerationIndex = {
    words: new Map(),
    stems: [],
    phrasesByFirstWord: new Map(),
    chinese: [],
    chineseSafePhrases: chineseSafePhrases.map(compactChinese),
  };
  for (const rule of rules) {
    for (const term of rule.terms) {
      if (HAN.test(term)) index.chinese.push({ term: compactChinese(term), rule });
      else addLatinTerm(index, term, rule);
    }
  }
  return index;
}

function rulesForSpelling(index: ModerationIndex, spelling: string): ModerationRule[] {
  const found = [...(index.words.get(spelling) ?? [])];
  for (const { stem, rule } of index.stems) if (spelling.startsWith(stem)) found.push(rule);
  return found;
}

function phraseMatchesAt(phrase: PhraseEntry, variants: string[][], start: number): boolean {
  return phrase.words.every((word, offset) => variants[start + offset]?.includes(word) ?? false);
}

// A self-censored "f*ck" or "a**": compare with listed words of the same length, `*` = any letter.
// Mostly-masked words ("f***") are left alone: too many words would fit.
function rulesForMaskedWord(index: ModerationIndex, word: string): ModerationRule[] {
  const found: ModerationRule[] = [];
  const masks = word.split('*').length - 1;
  if (masks > word.length - masks + 1) return found;
  const fits = (listed: string, position: number): boolean =>
    word[position] === '*' || word[position] === listed[position];
  for (const [listed, rules] of index.words) {
    if (listed.length !== word.length) continue;
    if ([...listed].every((_letter, position) => fits(listed, position))) found.push(...rules);
  }
  for (const { stem, rule } of index.stems) {
    if (
      word.length >= stem.length &&
      [...stem].every((_letter, position) => fits(stem, position))
    ) {
      found.push(rule);
    }
  }
  return found;
}

function rulesForSpelledOut(index: ModerationIndex, words: readonly string[]): ModerationRule[] {
  const found: ModerationRule[] = [];
  let runStart = 0;
  for (let position = 0; position <= words.length; position += 1) {
    const word = words[position];
    const runIsFull = position - runStart >= SPELLED_OUT_MAX;
    const isSingleLetter = word !== undefined && SINGLE_LETTER.test(word);
    if (isSingleLetter && !runIsFull) continue;
    const run = position - runStart >= SPELLED_OUT_MIN ? words.slice(runStart, position) : [];
    for (let start = 0; start + SPELLED_OUT_MIN <= run.length; start += 1) {
      for (let end = start + SPELLED_OUT_MIN; end <= run.length; end += 1) {
        const joined = run.slice(start, end).join('');
        for (const spelling of spellingVariants(joined)) {
          found.push(...rulesForSpelling(index, spelling));
        }
      }
    }
    // A full run restarts at the current letter; any other word ends the run.
    runStart = isSingleLetter ? position : position + 1;
  }
  return found;
}

/**
 * The rules matched by a text's Latin-script words (from `latinWords`): whole words, phrases,
 * stems, self-censored words and spelled-out letters.
 *
 * @example
 * ```ts
 * matchLatinWords(index, latinWords(foldText('f u c k'))); // [the English profanity rule]
 * ```
 */
export function matchLatinWords(
  index: ModerationIndex,
  words: readonly string[],
): ModerationRule[] {
  const variants = words.map(spellingVariants);
  const found: ModerationRule[] = [];
  variants.forEach((spellings, position) => {
    for (const spelling of spellings) {
      found.push(...rulesForSpelling(index, spelling));
      for (const phrase of index.phrasesByFirstWord.get(spelling) ?? []) {
        if (phraseMatchesAt(phrase, variants, position)) found.push(phrase.rule);
      }
    }
    const word = words[position];
    if (word?.includes('*')) found.push(...rulesForMaskedWord(index, word));
  });
  found.push(...rulesForSpelledOut(index, words));
  return found;
}

/**
 * The rules matched by Chinese substrings of a text, after innocent phrases are blanked out.
 *
 * @example
 * ```ts
 * matchChinese(index, '我想死'); // [the Chinese self-harm rule]
 * ```
 */
export function matchChinese(index: ModerationIndex, text: string): ModerationRule[] {
  let compact = compactChinese(text);
  if (!HAN.test(compact)) return [];
  // A separator, not '', so removing a safe phrase never joins its neighbours into a new term.
  for (const safe of index.chineseSafePhrases) compact = compact.replaceAll(safe, '|');
  return index.chinese.filter(({ term }) => compact.includes(term)).map(({ rule }) => rule);
}
