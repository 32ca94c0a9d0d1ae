/**
 * Composes the offline responder's answer from retrieved fact cards: an in-character opener, the
 * best one or two cards, and an invitation to ask more; or a greeting, or an honest "I don't
 * know". Wording varies per question but is deterministic (seeded by a hash of the question).
 *
 * @module
 */
import type { AnimalPersona, FactCard } from '../content/animal-types.ts';
import { foldText, tokenize } from '../knowledge/tokenize.ts';
import type { Citation, Locale } from '../protocol/events.ts';
import { isGreeting } from './offline-greeting.ts';
import { hashText, phrasesFor, pickBySeed, type OfflinePhrases } from './offline-phrases.ts';

/** A card to answer with; `score` is known when the responder searched itself. */
export interface RetrievedFact {
  card: FactCard;
  score?: number;
}

/** What the answer is built from. */
export interface AnswerInput {
  animal: AnimalPersona;
  locale: Locale;
  question: string;
  /** Relevant cards, best first. */
  facts: readonly RetrievedFact[];
  /** More of the animal's cards in the locale, whose follow-ups can be suggested. */
  otherCards: readonly FactCard[];
  /** True when a follow-up question would be answered by a card already used. */
  isAnsweredBy?: (followUp: string, usedCardIds: ReadonlySet<string>) => boolean;
}

/** The composed answer. */
export interface OfflineAnswer {
  text: string;
  citations: Citation[];
  suggestions: string[];
}

/** A second card must be at least this close to the best one to be worth saying too. */
const secondCardRelativeScore = 0.6;
/** Cards sharing this much of their wording say the same thing; one is enough. */
const duplicateOverlap = 0.5;
const maximumSuggestions = 3;

/**
 * Builds the answer to one question.
 *
 * @example
 * ```ts
 * const answer = composeOfflineAnswer({ animal, locale: 'en', question: 'What do you eat?', facts, otherCards: [] });
 * answer.citations[0]?.cardId; // 'bella-diet-1'
 * ```
 */
export function composeOfflineAnswer(input: AnswerInput): OfflineAnswer {
  const phrases = phrasesFor(input.locale);
  const seed = hashText(`${input.animal.id}|${input.locale}|${foldText(input.question).trim()}`);
  if (isGreeting(input.question, input.animal.name)) return greet(input, phrases, seed);
  const used = selectCards(input);
  const first = used[0];
  if (first === undefined) {
    return { text: phrases.unknown, citations: [], suggestions: suggest(input, [], phrases, seed) };
  }
  const translated = first.locale === input.locale;
  const followUp = translated ? first.followUp : undefined;
  const invitation = pickBySeed(phrases.invitations, seed >>> 4);
  const parts = [
    opener(input, phrases, seed),
    translated ? '' : phrases.englishOnly,
    ...used.map((card) => card.text),
    followUp !== undefined && invitation !== undefined ? invitation(followUp) : phrases.closing,
  ];
  return {
    text: parts.filter((part) => part.length > 0).join(phrases.separator),
    citations: used.map((card) => ({ cardId: card.id, title: card.title, text: card.text })),
    suggestions: suggest(input, used, phrases, seed),
  };
}

function greet(input: AnswerInput, phrases: OfflinePhrases, seed: number): OfflineAnswer {
  // es/zh greetings already start with ¡Hola! / 你好, so only English adds a catch-phrase.
  const hello = input.locale === 'en' ? opener(input, phrases, seed) : '';
  const text = [hello, phrases.greeting(input.animal).trim()].filter(Boolean).join(' ');
  return { text, citations: [], suggestions: suggest(input, [], phrases, seed) };
}

function opener(input: AnswerInput, phrases: OfflinePhrases, seed: number): string {
  // Catch-phrases are written in English, so other locales use their own openers.
  const choices = input.locale === 'en' ? input.animal.catchPhrases : phrases.openers;
  return pickBySeed(choices, seed) ?? pickBySeed(phrases.openers, seed) ?? '';
}

function selectCards(input: AnswerInput): FactCard[] {
  const [best, ...rest] = input.facts;
  if (best === undefined) return [];
  // Fallback English cards cannot be compared with a Spanish or Chinese question word by word.
  if (best.card.locale !== input.locale) return [best.card];
  const questionTerms = new Set(tokenize(input.question, input.locale));
  const second = rest.find(
    (fact) =>
      fact.card.id !== best.card.id &&
      fact.card.locale === best.card.locale &&
      isCloseEnough(fact, best) &&
      sharesATerm(questionTerms, fact.card) &&
      overlap(fact.card, best.card) < duplicateOverlap,
  );
  return second === undefined ? [best.card] : [best.card, second.card];
}

function isCloseEnough(fact: RetrievedFact, best: RetrievedFact): boolean {
  if (fact.score === undefined || best.score === undefined) return true;
  return fact.score >= best.score * secondCardRelativeScore;
}

function sharesATerm(questionTerms: ReadonlySet<string>, card: FactCard): boolean {
  const cardTerms = tokenize(`${card.title} ${card.keywords.join(' ')}`, card.locale);
  return cardTerms.some((term) => questionTerms.has(term));
}

function overlap(first: FactCard, second: FactCard): number {
  const a = new Set(tokenize(first.text, first.locale));
  const b = new Set(tokenize(second.text, second.locale));
  const shared = [...a].filter((term) => b.has(term)).length;
  const union = new Set([...a, ...b]).size;
  return union === 0 ? 0 : shared / union;
}

function suggest(
  input: AnswerInput,
  used: readonly FactCard[],
  phrases: OfflinePhrases,
  seed: number,
): string[] {
  const usedIds = new Set(used.map((card) => card.id));
  const others = rotate(
    input.otherCards.filter((card) => !usedIds.has(card.id)),
    seed,
  );
  const fromCards = [...used, ...others]
    .filter((card) => card.locale === input.locale)
    .map((card) => card.followUp);
  const asked = foldText(input.question).trim();
  const seen = new Set<string>([asked]);
  const suggestions: string[] = [];
  for (const candidate of [...fromCards, ...phrases.defaultSuggestions]) {
    if (candidate === undefined || suggestions.length >= maximumSuggestions) continue;
    const key = foldText(candidate).trim();
    if (seen.has(key) || (input.isAnsweredBy?.(candidate, usedIds) ?? false)) continue;
    seen.add(key);
    suggestions.push(candidate);
  }
  return suggestions;
}

function rotate<T>(items: readonly T[], seed: number): T[] {
  if (items.length === 0) return [];
  const start = seed % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}
