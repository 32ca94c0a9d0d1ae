/**
 * The moderation rule list: which words and phrases are unsuitable for a children's chat, by
 * category, with each category's severity and whether it applies to visitor input, model output
 * or both. The terms themselves live in one data file per language.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';
import { ENGLISH_TERMS } from './moderation-words-en.ts';
import { SPANISH_TERMS } from './moderation-words-es.ts';
import { CHINESE_SAFE_PHRASES, CHINESE_TERMS } from './moderation-words-zh.ts';

/** What kind of unsuitable content a rule detects. */
export type ModerationCategory =
  | 'profanity'
  | 'sexual'
  | 'violence-graphic'
  | 'hate'
  | 'self-harm'
  | 'personal-info-request'
  | 'drugs';

/** How serious a match is; `none` only describes a text with no match at all. */
export type ModerationSeverity = 'none' | 'low' | 'high';

/** Which side of the conversation a rule checks. */
export type ModerationDirection = 'input' | 'output';

/**
 * One language's terms, by category. Latin-script terms are whole words, phrases (words separated
 * by spaces) or `stem*` prefixes; Chinese terms are substrings.
 */
export type TermsByCategory = Readonly<Partial<Record<ModerationCategory, readonly string[]>>>;

/** One category's terms in one language, with how they are judged. */
export interface ModerationRule {
  category: ModerationCategory;
  locale: Locale;
  severity: Exclude<ModerationSeverity, 'none'>;
  /** `output` rules only look at what the model says (a child may ask an animal where it lives). */
  appliesTo: ModerationDirection | 'both';
  terms: readonly string[];
}

interface CategoryPolicy {
  severity: Exclude<ModerationSeverity, 'none'>;
  appliesTo: ModerationDirection | 'both';
}

// Mild words and drug mentions are "low": the engine redirects kindly. The rest is "high".
const CATEGORY_POLICIES: Readonly<Record<ModerationCategory, CategoryPolicy>> = {
  profanity: { severity: 'low', appliesTo: 'both' },
  sexual: { severity: 'high', appliesTo: 'both' },
  'violence-graphic': { severity: 'high', appliesTo: 'both' },
  hate: { severity: 'high', appliesTo: 'both' },
  'self-harm': { severity: 'high', appliesTo: 'both' },
  // A child asking the animal "where do you live?" is fine; the model asking the child is not.
  'personal-info-request': { severity: 'low', appliesTo: 'output' },
  drugs: { severity: 'low', appliesTo: 'both' },
};

/** Every category, in the order results report them. */
export const MODERATION_CATEGORIES = Object.keys(CATEGORY_POLICIES) as ModerationCategory[];

/**
 * Categories the streaming output filter masks word by word. Violence, self-harm and drug terms
 * are phrases whose words are innocent alone ("kill", "die"), so masking single words would only
 * garble animal facts.
 */
export const OUTPUT_MASKED_CATEGORIES: ReadonlySet<ModerationCategory> = new Set([
  'profanity',
  'sexual',
  'hate',
]);

/** Chinese phrases removed before matching because they contain a term but are innocent. */
export { CHINESE_SAFE_PHRASES };

const TERMS_BY_LOCALE: Readonly<Record<Locale, TermsByCategory>> = {
  en: ENGLISH_TERMS,
  es: SPANISH_TERMS,
  zh: CHINESE_TERMS,
};

/** All rules: one per category and language that has terms. */
export const MODERATION_RULES: readonly ModerationRule[] = MODERATION_CATEGORIES.flatMap(
  (category) =>
    (Object.keys(TERMS_BY_LOCALE) as Locale[]).map((locale) => ({
      category,
      locale,
      ...CATEGORY_POLICIES[category],
      terms: TERMS_BY_LOCALE[locale][category] ?? [],
    })),
).filter((rule) => rule.terms.length > 0);
