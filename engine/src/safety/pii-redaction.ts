/**
 * Redaction of a child's personal details (emails, phone numbers, street addresses, full names,
 * URLs with query strings) before text is stored, sent to a model or put in a share link.
 *
 * @module
 */
import {
  CHINESE_ADDRESS_PATTERN,
  CHINESE_NAME_PATTERN,
  EMAIL_PATTERN,
  ENGLISH_ADDRESS_PATTERN,
  LATIN_NAME_PATTERN,
  NOT_STREET_NAME_WORDS,
  PHONE_CANDIDATE_PATTERN,
  SPANISH_ADDRESS_PATTERN,
  URL_PATTERN,
  isPhoneNumber,
} from './pii-patterns.ts';

/** A kind of personal detail; also the placeholder's label (`[email]`, `[phone]`, ...). */
export type PiiKind = 'url' | 'email' | 'phone' | 'address' | 'name';

/** Redacted text and the kinds of details that were replaced. */
export interface RedactionResult {
  text: string;
  /** Each kind once, in the order `url`, `email`, `phone`, `address`, `name`. */
  found: PiiKind[];
}

const TRAILING_PUNCTUATION = /[.,!?;:)\]}'"]+$/u;
const QUERY_OR_FRAGMENT = /[?#]./u;

type Redactor = (text: string, report: () => void) => string;

function redactUrls(text: string, report: () => void): string {
  return text.replace(URL_PATTERN, (match) => {
    // Sentence punctuation after a link is not part of it.
    const trailing = TRAILING_PUNCTUATION.exec(match)?.[0] ?? '';
    const url = match.slice(0, match.length - trailing.length);
    if (!QUERY_OR_FRAGMENT.test(url)) return match;
    report();
    return `[url]${trailing}`;
  });
}

function redactEmails(text: string, report: () => void): string {
  return text.replace(EMAIL_PATTERN, () => {
    report();
    return '[email]';
  });
}

function redactPhones(text: string, report: () => void): string {
  return text.replace(PHONE_CANDIDATE_PATTERN, (match) => {
    if (!isPhoneNumber(match)) return match;
    report();
    return '[phone]';
  });
}

function isStreetName(words: string): boolean {
  return words
    .trim()
    .split(/\s+/u)
    .every((word) => !NOT_STREET_NAME_WORDS.has(word.toLowerCase()));
}

function redactAddresses(text: string, report: () => void): string {
  const replaceStreet = (match: string, streetName: string): string => {
    if (!isStreetName(streetName)) return match;
    report();
    return '[address]';
  };
  return text
    .replace(ENGLISH_ADDRESS_PATTERN, replaceStreet)
    .replace(SPANISH_ADDRESS_PATTERN, replaceStreet)
    .replace(CHINESE_ADDRESS_PATTERN, () => {
      report();
      return '[address]';
    });
}

function redactNames(text: string, report: () => void): string {
  const replaceName = (_match: string, phrase: string, space = ''): string => {
    report();
    return `${phrase}${space}[name]`;
  };
  return text
    .replace(LATIN_NAME_PATTERN, (match, phrase: string) => replaceName(match, phrase))
    .replace(CHINESE_NAME_PATTERN, (match, phrase: string, space: string) =>
      replaceName(match, phrase, space),
    );
}

// URLs first (they may hold emails and digits), names last (placeholders hold no names).
const REDACTORS: readonly [PiiKind, Redactor][] = [
  ['url', redactUrls],
  ['email', redactEmails],
  ['phone', redactPhones],
  ['address', redactAddresses],
  ['name', redactNames],
];

/**
 * Replaces personal details with placeholders: `[url]` (links with a query string; plain domains
 * stay), `[email]`, `[phone]`, `[address]` and `[name]` (a full name after "my name is",
 * "me llamo", "我叫"; the phrase itself stays). Small numbers ("I am 8", "30,000 quills") stay.
 *
 * @example
 * ```ts
 * redactPersonalInfo('My name is Emma Stone, call 425-555-0123');
 * // { text: 'My name is [name], call [phone]', found: ['phone', 'name'] }
 * ```
 */
export function redactPersonalInfo(text: string): RedactionResult {
  const found: PiiKind[] = [];
  let redacted = text;
  for (const [kind, redact] of REDACTORS) {
    let seen = false;
    redacted = redact(redacted, () => {
      seen = true;
    });
    if (seen) found.push(kind);
  }
  return { text: redacted, found };
}

/**
 * True when a text holds any personal detail `redactPersonalInfo` would replace.
 *
 * @example
 * ```ts
 * containsPersonalInfo('write to me at kid@example.com'); // true
 * containsPersonalInfo('I am 8 years old'); // false
 * ```
 */
export function containsPersonalInfo(text: string): boolean {
  return redactPersonalInfo(text).found.length > 0;
}
