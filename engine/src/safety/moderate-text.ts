/**
 * `moderateText`: the fast, offline check of one message against the moderation rules, run on
 * every visitor message (and usable on a finished model reply).
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';
import { buildModerationIndex, matchChinese, matchLatinWords } from './moderation-index.ts';
import {
  CHINESE_SAFE_PHRASES,
  MODERATION_CATEGORIES,
  MODERATION_RULES,
  type ModerationCategory,
  type ModerationDirection,
  type ModerationSeverity,
} from './moderation-rules.ts';
import { foldText, latinWords } from './text-normalization.ts';

/** The verdict on one text. */
export interface ModerationResult {
  /** False when any category matched (self-harm included: the engine answers it with care). */
  allowed: boolean;
  /** Matched categories, each once, in `MODERATION_CATEGORIES` order. */
  categories: ModerationCategory[];
  /** The highest severity among the matches; `none` when allowed. */
  severity: ModerationSeverity;
}

/** Options of `moderateText`. */
export interface ModerateTextOptions {
  /**
   * `input` (visitor messages) or `output` (model replies); output adds the
   * `personal-info-request` rules ("what is your address?"). @default 'input'
   */
  direction?: ModerationDirection;
}

const FULL_INDEX = buildModerationIndex(MODERATION_RULES, CHINESE_SAFE_PHRASES);

/**
 * Checks a text against every language's rules. Children mix languages, so the visitor's
 * `locale` does not narrow the check; it is accepted so callers need not change when
 * locale-specific rules arrive.
 *
 * @example
 * ```ts
 * moderateText('f.u.c.k this'); // { allowed: false, categories: ['profanity'], severity: 'low' }
 * moderateText('quiero morir', 'es'); // { allowed: false, categories: ['self-harm'], severity: 'high' }
 * moderateText('How do lions kill their prey?'); // { allowed: true, categories: [], severity: 'none' }
 * ```
 */
export function moderateText(
  text: string,
  _locale?: Locale,
  options: ModerateTextOptions = {},
): ModerationResult {
  const direction = options.direction ?? 'input';
  const matched = [
    ...matchLatinWords(FULL_INDEX, latinWords(foldText(text))),
    ...matchChinese(FULL_INDEX, text),
  ].filter((rule) => rule.appliesTo === 'both' || rule.appliesTo === direction);
  const matchedCategories = new Set(matched.map((rule) => rule.category));
  const categories = MODERATION_CATEGORIES.filter((category) => matchedCategories.has(category));
  let severity: ModerationSeverity = 'none';
  for (const rule of matched) {
    if (rule.severity === 'high') severity = 'high';
    else if (severity === 'none') severity = 'low';
  }
  return { allowed: categories.length === 0, categories, severity };
}
