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
