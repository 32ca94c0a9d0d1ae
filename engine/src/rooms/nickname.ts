/**
 * Nicknames of school students: a typed one is checked (moderation and personal data), and a
 * friendly one ("Brave Otter") is generated when none is given or the typed one was refused.
 *
 * @module
 */
import { randomInt } from 'node:crypto';
import { EngineError } from '../errors/engine-error.ts';
import type { Locale } from '../protocol/events.ts';
import { moderateText } from '../safety/moderate-text.ts';
import { EMAIL_PATTERN, PHONE_CANDIDATE_PATTERN, isPhoneNumber } from '../safety/pii-patterns.ts';
import { containsPersonalInfo } from '../safety/pii-redaction.ts';

/** Longest nickname, in characters. */
export const NICKNAME_MAX_LENGTH = 24;

const adjectives: Record<Locale, readonly string[]> = {
  en: [
    'Brave',
    'Curious',
    'Happy',
    'Clever',
    'Gentle',
    'Speedy',
    'Sunny',
    'Jolly',
    'Quiet',
    'Lucky',
  ],
  es: ['Valiente', 'Curioso', 'Feliz', 'Listo', 'Amable', 'Veloz', 'Alegre', 'Tranquilo'],
  zh: ['勇敢的', '好奇的', '快乐的', '聪明的', '温柔的', '飞快的', '阳光的', '幸运的'],
};
const animals: Record<Locale, readonly string[]> = {
  en: ['Otter', 'Panda', 'Sloth', 'Penguin', 'Koala', 'Tiger', 'Owl', 'Dolphin', 'Fox', 'Turtle'],
  es: ['Nutria', 'Panda', 'Perezoso', 'Pingüino', 'Koala', 'Tigre', 'Búho', 'Delfín'],
  zh: ['水獭', '熊猫', '树懒', '企鹅', '考拉', '老虎', '猫头鹰', '海豚'],
};

/**
 * A friendly generated nickname.
 *
 * @example
 * ```ts
 * friendlyNickname('en'); // 'Brave Otter'
 * friendlyNickname('es'); // 'Nutria Valiente'
 * ```
 */
export function friendlyNickname(locale: Locale = 'en'): string {
  const adjective = pick(adjectives[locale]);
  const animal = pick(animals[locale]);
  if (locale === 'zh') return `${adjective}${animal}`;
  return locale === 'es' ? `${animal} ${adjective}` : `${adjective} ${animal}`;
}

/**
 * Checks a typed nickname and returns it tidied (spaces collapsed), or throws
 * `CMZ_ERR_ROOM_NICKNAME_REJECTED` for anything moderation refuses or that looks like personal
 * data: an email, a phone number, a name with a surname ("Emma Stone"), digits that could be a
 * house number or a birth year. Nicknames are shown to the whole class, so the rule is strict.
 *
 * @example
 * ```ts
 * checkNickname('  Tiger   Fan '); // 'Tiger Fan'
 * checkNickname('emma@example.com'); // throws CMZ_ERR_ROOM_NICKNAME_REJECTED
 * ```
 */
export function checkNickname(typed: string, locale: Locale = 'en'): string {
  const nickname = typed.normalize('NFC').replace(/\s+/gu, ' ').trim();
  if (!isAcceptable(nickname, locale)) {
    throw new EngineError('CMZ_ERR_ROOM_NICKNAME_REJECTED');
  }
  return nickname;
}

function isAcceptable(nickname: string, locale: Locale): boolean {
  if (nickname.length === 0 || [...nickname].length > NICKNAME_MAX_LENGTH) return false;
  // Letters, marks, digits, spaces and a little punctuation: no markup, no links.
  if (!/^[\p{L}\p{M}\p{N} '._-]+$/u.test(nickname)) return false;
  if (!moderateText(nickname, locale).allowed) return false;
  if (new RegExp(EMAIL_PATTERN.source, 'iu').test(nickname)) return false;
  if ([...nickname.matchAll(PHONE_CANDIDATE_PATTERN)].some((match) => isPhoneNumber(match[0]))) {
    return false;
  }
  // Three digits or more could be a house number, a birth year or part of a phone number.
  if (/\p{N}{3,}/u.test(nickname)) return false;
  if (containsPersonalInfo(nickname) || looksLikeFullName(nickname)) return false;
  return true;
}

const ownWords = new Set([...Object.values(adjectives), ...Object.values(animals)].flat());

// Two or more capitalized words ("Emma Stone") read as a first name and a surname; words of our
// own generated nicknames ("Brave Otter") do not count.
function looksLikeFullName(nickname: string): boolean {
  const names = nickname
    .split(' ')
    .filter((word) => /^\p{Lu}\p{Ll}/u.test(word) && !ownWords.has(word));
  return names.length >= 2;
}

function pick(values: readonly string[]): string {
  return values[randomInt(values.length)] as string;
}
