/**
 * The patterns behind `redactPersonalInfo`, kept apart so each can be read (and tuned) alone.
 * All are compiled once; each is global so one `replace` pass handles every occurrence.
 *
 * @module
 */

/** URLs; only those with a query string or fragment are redacted (they may carry names, tokens). */
export const URL_PATTERN = /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu;

/** Email addresses (Latin local part, so Chinese text touching it is kept: "邮箱是kid@qq.com"). */
export const EMAIL_PATTERN =
  /[\p{Script=Latin}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;

/**
 * Digit runs that may be phone numbers: an optional `+`, digits with spaces, dots, dashes or
 * brackets between them. Commas are not separators, so "30,000" never forms one run. Chinese
 * characters may touch the number ("电话是13800138000"); Latin letters may not ("abc123456789").
 * `isPhoneNumber` decides which runs really are phone numbers.
 */
export const PHONE_CANDIDATE_PATTERN =
  /(?<![\p{Script=Latin}\p{N}])\+?\(?\d[\d \t\u00A0().-]{5,}\d(?![\p{Script=Latin}\p{N}])/gu;

const LOCAL_NUMBER = /^\d{3}[.-]\d{4}$/u;
const CHINESE_MOBILE = /^1[3-9]\d{9}$/u;
const DIGIT_GROUP = /\d+/gu;
const NOT_DIGIT = /\D/gu;

/**
 * True for international numbers (`+` and 8–15 digits), 10–15 digit numbers (US with area code,
 * most countries), Chinese mobiles (11 digits from 13–19), nine digits in three or more groups
 * (Spain: "612 345 678") and US local numbers ("555-1234").
 *
 * @example
 * ```ts
 * isPhoneNumber('(425) 555-0123'); // true
 * isPhoneNumber('2024-05-06'); // false: a date has only 8 digits
 * ```
 */
export function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(NOT_DIGIT, '');
  if (candidate.startsWith('+')) return digits.length >= 8 && digits.length <= 15;
  if (CHINESE_MOBILE.test(digits) || LOCAL_NUMBER.test(candidate)) return true;
  if (digits.length === 9) return (candidate.match(DIGIT_GROUP)?.length ?? 0) >= 3;
  return digits.length >= 10 && digits.length <= 15;
}

const STREET_SUFFIXES =
  'street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|way|terrace|ter|' +
  'place|pl|circle|cir|parkway|pkwy|highway|hwy|trail|loop';

/**
 * English street addresses: a house number, one to three name words, a street type, and an
 * optional unit ("742 Evergreen Terrace", "123 N Main St Apt 4").
 */
export const ENGLISH_ADDRESS_PATTERN = new RegExp(
  `\\b\\d{1,6}(?:\\s+[nsew]\\.?)?((?:\\s+[\\p{L}][\\p{L}'.-]*){1,3})\\s+(?:${STREET_SUFFIXES})\\b\\.?` +
    `(?:,?\\s+(?:apt|apartment|unit|suite|#)\\.?\\s*\\w+)?`,
  'giu',
);

/** Spanish street addresses: a street type, its name, then the number ("calle Mayor 12"). */
export const SPANISH_ADDRESS_PATTERN =
  /\b(?:calle|avenida|avda\.?|av\.|paseo|plaza|carrera|camino|colonia)((?:\s+[\p{L}][\p{L}'.-]*){1,4}),?\s+(?:n[º°o]\.?\s*)?\d{1,5}\b/giu;

/**
 * Words that show the words between a number and a street type are an ordinary sentence
 * ("3 bears on the way", "2 miles down the road"), not a street name.
 */
export const NOT_STREET_NAME_WORDS: ReadonlySet<string> = new Set([
  ...['the', 'a', 'an', 'on', 'in', 'at', 'to', 'of', 'my', 'your', 'and', 'or', 'down', 'up'],
  ...['along', 'across', 'by', 'from', 'with', 'for', 'hours', 'minutes', 'miles', 'days'],
  ...['years', 'more', 'i', 'we', 'they', 'is', 'are', 'was', 'were', 'each', 'every', 'per'],
  ...['tiene', 'hay', 'con', 'y', 'es', 'son', 'tengo', 'mide', 'para', 'por', 'vivo', 'hace'],
]);

// Characters that end a Chinese street name: pronouns and verbs that start the sentence around it.
const CHINESE_NAME_CHARACTER = '[\\p{Script=Han}--[我你他她它们住在是的了和到从去家叫说想要]]';

/** Chinese addresses: a place name ending in a street type, then a door number ("建国路88号"). */
export const CHINESE_ADDRESS_PATTERN = new RegExp(
  `${CHINESE_NAME_CHARACTER}{1,16}(?:路|街|大街|大道|巷|胡同|弄)\\d{1,5}号` +
    `(?:\\d{1,5}(?:室|楼|层|栋|单元))*`,
  'gv',
);

// Words that follow a first name and show no surname was given ("my name is Emma and ...").
const NOT_NAME_WORDS =
  'and|i|im|am|is|from|in|at|to|with|but|or|so|also|too|please|what|whats|who|how|do|can|' +
  'are|my|the|a|an|hi|hello|like|love|have|want|lol|btw|y|tengo|soy|me|mi|de|en|que|con|pero|' +
  'mucho|gusto|hola|vivo|estoy|years|anos|años';
const NAME_WORD = `(?!(?:${NOT_NAME_WORDS})(?![\\p{L}'-]))[\\p{L}][\\p{L}'-]*`;
const SPANISH_PARTICLE = '(?:de|del|de la|de los|y)';

/**
 * "my name is" / "me llamo" / "mi nombre es" followed by a full name (at least two name words).
 * Group 1 is the phrase, group 2 the name. A first name alone is kept: it does not identify a
 * child, and the animal can use it to be friendly.
 */
export const LATIN_NAME_PATTERN = new RegExp(
  `(\\b(?:my (?:full )?name is|my names|me llamo|mi nombre (?:completo )?es)\\s+)` +
    `(${NAME_WORD}(?:\\s+(?:${SPANISH_PARTICLE}\\s+)?${NAME_WORD}){1,3})`,
  'giu',
);

/**
 * "我叫" / "我的名字是" followed by a two- to four-character name. Chinese names are mostly two or
 * three characters with the surname first, so any such name is treated as a full name.
 */
export const CHINESE_NAME_PATTERN = new RegExp(
  `(我叫|我的名字是|我的名字叫|我名叫)(\\s*)([\\p{Script=Han}--[我你他她是的了和今年岁住在喜欢想要吗呢啊吧，。！？]]{2,4})`,
  'gv',
);
