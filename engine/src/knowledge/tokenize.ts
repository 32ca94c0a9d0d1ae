/**
 * Turns card text and children's questions into search terms, per locale: lowercase, accents
 * removed, common child spellings fixed, stop words dropped, simple stemming; Chinese (written
 * without spaces) as single characters plus character bigrams.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';
import { stemEnglish, stemSpanish } from './stem.ts';
import { chineseStopCharacters, stopWords } from './stop-words.ts';

/**
 * Spellings children (and phone keyboards) often produce, mapped to the word they mean. Fixed
 * before fuzzy matching because short words like "eet" are too short to fuzz safely.
 */
const childSpellings: ReadonlyMap<string, string> = new Map([
  ['eet', 'eat'],
  ['eets', 'eats'],
  ['et', 'eat'],
  ['wat', 'what'],
  ['wut', 'what'],
  ['wher', 'where'],
  ['wer', 'where'],
  ['ol', 'old'],
  ['yrs', 'years'],
  ['slep', 'sleep'],
  ['babys', 'babies'],
  ['fav', 'favorite'],
  ['fave', 'favorite'],
  ['favourite', 'favorite'],
]);

const chineseCharacter = /\p{Script=Han}/u;
const chineseRuns = /\p{Script=Han}+|[\p{L}\p{N}]+/gu;

/**
 * Lowercases and removes accents, so "¿Qué COMES?" and "que comes" become the same words.
 *
 * @example
 * ```ts
 * foldText('¿Dónde vives?'); // '¿donde vives?'
 * ```
 */
export function foldText(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/**
 * Splits text into search terms for `locale`; used for both indexing and querying.
 *
 * @example
 * ```ts
 * tokenize('What do you eat?', 'en'); // ['eat']
 * tokenize('¿Qué comes?', 'es'); // ['com']
 * tokenize('你吃什么？', 'zh'); // ['吃']
 * ```
 */
export function tokenize(text: string, locale: Locale): string[] {
  if (locale === 'zh') return tokenizeChinese(text);
  return tokenizeWords(text, locale);
}

function tokenizeWords(text: string, locale: 'en' | 'es'): string[] {
  const stop = stopWords[locale];
  const stem = locale === 'en' ? stemEnglish : stemSpanish;
  const terms: string[] = [];
  for (const raw of foldText(text).split(/[^\p{L}\p{N}]+/u)) {
    const word = locale === 'en' ? (childSpellings.get(raw) ?? raw) : raw;
    if (word.length === 0 || stop.has(word)) continue;
    terms.push(stem(word));
  }
  return terms;
}

/**
 * Chinese has no spaces between words, so each run of characters is indexed as single characters
 * (吃, 岁) and overlapping bigrams (几岁, 食物). Bigrams make multi-character words score higher
 * than scattered characters; single characters still match one-character questions. Latin words
 * inside Chinese text (names like "Leo") are tokenized as English.
 */
function tokenizeChinese(text: string): string[] {
  const terms: string[] = [];
  for (const run of foldText(text).match(chineseRuns) ?? []) {
    if (!chineseCharacter.test(run)) {
      terms.push(...tokenizeWords(run, 'en'));
      continue;
    }
    const characters = [...run];
    characters.forEach((character, index) => {
      if (chineseStopCharacters.has(character)) return;
      terms.push(character);
      const next = characters[index + 1];
      if (next !== undefined && !chineseStopCharacters.has(next)) terms.push(character + next);
    });
  }
  return terms;
}
