/**
 * The animal ambassadors' personas and fact cards, as kept in `engine/content/animals/<id>/`.
 *
 * @module
 */
import type { Locale } from '../protocol/events.ts';

/** Model settings of one animal (the REST layer's `/animal_config` edits these). */
export interface AnimalModelSettings {
  /** Model name sent to an OpenAI-compatible server. @default 'gpt-4o-mini' */
  model: string;
  /** @default 0.7 */
  temperature: number;
  /** @default 400 */
  maxTokens: number;
  /** Extra instructions appended to the persona prompt by zookeepers. */
  systemPrompt?: string;
}

/** The kinds of zoo rule, as in the CMZ guardrail API. */
export type GuardrailType = 'ALWAYS' | 'NEVER' | 'ENCOURAGE' | 'DISCOURAGE';

/** What a zoo rule is about; `content_safety` NEVER rules also refuse matching visitor input. */
export type GuardrailCategory = 'content_safety' | 'educational' | 'personality' | 'technical';

/**
 * One zoo rule (guardrail) an animal follows: told to the model in the `ZOO RULES` section, and,
 * for NEVER rules, enforced on keywords by the safety plugins.
 *
 * @example
 * ```ts
 * const rule: AnimalGuardrail = {
 *   type: 'NEVER',
 *   rule: 'Never talk about zebras.',
 *   priority: 80,
 *   category: 'content_safety',
 *   keywords: ['zebras'],
 * };
 * ```
 */
export interface AnimalGuardrail {
  type: GuardrailType;
  rule: string;
  /** 0–100, higher is more important; the prompt lists rules most important first. */
  priority: number;
  category: GuardrailCategory;
  /**
   * Whole words (ASCII letters, digits, `_` and `-`). For NEVER rules they are masked in the
   * animal's output and, in `content_safety` rules, refused in visitor input.
   */
  keywords: string[];
}

/** One animal ambassador's persona. */
export interface AnimalPersona {
  id: string;
  name: string;
  species: string;
  scientificName: string;
  /** An emoji shown beside the name in simple clients. */
  emoji: string;
  /** One line of personality for lists, per locale (English required). */
  tagline: Partial<Record<Locale, string>> & { en: string };
  /** How the animal talks: traits, catch-phrases, tone for children. */
  personality: string;
  /** Words the animal uses often (e.g. "sniff sniff!"); the offline responder sprinkles them in. */
  catchPhrases: string[];
  /** Polly voice id for the voice plugin. */
  voiceId: string;
  /** Locales with curated fact cards; the animal answers in these. */
  locales: Locale[];
  status: 'active' | 'hidden';
  model: AnimalModelSettings;
  /** The animal's effective zoo rules (the REST layer's guardrails); none when absent. */
  guardrails?: AnimalGuardrail[];
  /** Zoo-wide guidance texts (default text guardrails) added to the prompt, most important first. */
  guidance?: string[];
}

/** A curated, keeper-verified fact about one animal, in one language. */
export interface FactCard {
  /** Stable across languages: `bella-diet-1` is the same fact in `en`, `es` and `zh`. */
  id: string;
  animalId: string;
  locale: Locale;
  title: string;
  /** Written in the animal's first-person voice, ready to be said to a child. */
  text: string;
  /** Search keywords and synonyms (diet, eat, food...), in the card's language. */
  keywords: string[];
  /** A follow-up question this card invites, in the card's language. */
  followUp?: string;
}
