/**
 * Text normalization shared by the safety checks, so that trivial spellings ("FUUUCK", "sh1t",
 * "f.u.c.k", "ｆｕｃｋ", Cyrillic look-alikes) reach the word lists in one canonical shape.
 *
 * @module
 */

// Digits and symbols children use in place of letters; only applied inside words that also hold a
// letter (or `@`/`$`), so plain numbers like "8" or "30,000" stay numbers.
const LEET_LETTERS: ReadonlyMap<string, string> = new Map([
  ['0', 'o'],
  ['1', 'i'],
  ['3', 'e'],
  ['4', 'a'],
  ['5', 's'],
  ['7', 't'],
  ['@', 'a'],
  ['$', 's'],
  ['!', 'i'],
]);

// Cyrillic letters that look exactly like Latin ones: "fuсk" with a Cyrillic "с" must still match.
const LOOK_ALIKE_LETTERS: ReadonlyMap<string, string> = new Map([
  ['а', 'a'],
  ['е', 'e'],
  ['о', 'o'],
  ['р', 'p'],
  ['с', 'c'],
  ['у', 'y'],
  ['х', 'x'],
  ['і', 'i'],
  ['ѕ', 's'],
]);

const LOOK_ALIKE_PATTERN = /[аеорсухіѕ]/gu;
const FORMAT_CHARACTERS = /\p{Cf}/gu;
const COMBINING_MARKS = /\p{M}/gu;
const APOSTROPHES = /['’‘`ʼ]/gu;
// "ñ" is kept: stripping it would turn "año" (year) into a Spanish insult.
const ENYE = 'ñ';
const ENYE_PLACEHOLDER = '\uE000';
const ENYE_PLACEHOLDER_PATTERN = /\uE000/gu;
const LATIN_TOKEN = /[\p{Script=Latin}\p{N}@$*!]+/gu;
const HAS_LETTER = /[\p{L}@$]/u;
const EDGE_EXCLAMATIONS = /^!+|!+$/gu;
const EDGE_STARS = /^\*+|\*+$/gu;
const CHINESE_SEPARATORS = /[\s\p{P}\p{S}\p{Cf}]/gu;
const DOUBLED_CHARACTER = /(.)\1/u;
const ANY_RUN = /(.)\1+/gu;
const LONG_RUN = /(.)\1{2,}/gu;

/**
 * Lowercases, applies Unicode NFKC, removes invisible characters and apostrophes, maps Cyrillic
 * look-alikes to Latin and strips accents (keeping "ñ").
 *
 * @example
 * ```ts
 * foldText("ＣAFÉ don't"); // 'cafe dont'
 * ```
 */
export function foldText(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(FORMAT_CHARACTERS, '')
    .replace(LOOK_ALIKE_PATTERN, (letter) => LOOK_ALIKE_LETTERS.get(letter) ?? letter)
    .replaceAll(ENYE, ENYE_PLACEHOLDER)
    .normalize('NFD')
    .replace(COMBINING_MARKS, '')
    .replace(ENYE_PLACEHOLDER_PATTERN, ENYE)
    .normalize('NFC')
    .replace(APOSTROPHES, '');
}

/**
 * Splits already-folded text into Latin-script words, with leetspeak decoded inside words.
 * A `*` inside or after a word is kept (a self-censored "f*ck", "a**"); stars around a word
 * (markdown) and `!` at the edges are dropped.
 *
 * @example
 * ```ts
 * latinWords(foldText('You are a $h1t, I am 8!')); // ['you', 'are', 'a', 'shit', 'i', 'am', '8']
 * ```
 */
export function latinWords(foldedText: string): string[] {
  const words: string[] = [];
  for (const match of foldedText.matchAll(LATIN_TOKEN)) {
    const trimmed = trimEdges(match[0]);
    if (trimmed === '') continue;
    words.push(HAS_LETTER.test(trimmed) ? decodeLeet(trimmed) : trimmed);
  }
  return words;
}

// Stars on both sides are markdown emphasis ("**bold**"); trailing ones alone mask letters ("a**").
function trimEdges(token: string): string {
  const withoutExclamations = token.replace(EDGE_EXCLAMATIONS, '');
  return withoutExclamations.startsWith('*')
    ? withoutExclamations.replace(EDGE_STARS, '')
    : withoutExclamations;
}

function decodeLeet(word: string): string {
  let decoded = '';
  for (const character of word) decoded += LEET_LETTERS.get(character) ?? character;
  return decoded;
}

/**
 * The spellings a word may stand for once stretched letters are squeezed: as typed, every run
 * squeezed to one letter, long runs squeezed to two, long runs squeezed to one. Exact-word lookups
 * of these keep "class" or "hello" innocent while "fuuuuck", "asssss" and "killll" still match.
 *
 * @example
 * ```ts
 * spellingVariants('fuuuuck'); // ['fuuuuck', 'fuck', 'fuuck']
 * ```
 */
export function spellingVariants(word: string): string[] {
  if (!DOUBLED_CHARACTER.test(word)) return [word];
  const variants = new Set([
    word,
    word.replace(ANY_RUN, '$1'),
    word.replace(LONG_RUN, '$1$1'),
    word.replace(LONG_RUN, '$1'),
  ]);
  return [...variants];
}

/**
 * Text for Chinese substring matching: NFKC, lowercase, with spaces, punctuation and symbols
 * removed, so "我 想 死" and "我.想.死" read as "我想死".
 *
 * @example
 * ```ts
 * compactChinese('你是 AI 吗？'); // '你是ai吗'
 * ```
 */
export function compactChinese(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(CHINESE_SEPARATORS, '');
}
