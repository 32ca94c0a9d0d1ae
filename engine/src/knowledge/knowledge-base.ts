/**
 * Fact-card retrieval: finds the curated cards that answer a child's question.
 *
 * @module
 */
import MiniSearch, { type SearchOptions, type SearchResult } from 'minisearch';
import type { FactCard } from '../content/animal-types.ts';
import type { Locale } from '../protocol/events.ts';
import { englishHintsFor } from './cross-locale-hints.ts';
import { tokenize } from './tokenize.ts';

/** A card with its relevance to the question (higher is better; not normalized). */
export interface ScoredCard {
  card: FactCard;
  score: number;
}

/** One retrieval request. */
export interface KnowledgeQuery {
  animalId: string;
  locale: Locale;
  /** The visitor's question, as typed. */
  text: string;
  /** Most cards returned. @default 3 */
  limit?: number;
}

/** Searchable fact cards of all animals, changeable at run time. */
export interface KnowledgeBase {
  /**
   * Relevant cards, best first; `[]` when nothing is relevant enough. When the animal has no
   * cards in `locale`, its English cards are searched (their `locale` is then `'en'`).
   */
  search(query: KnowledgeQuery): ScoredCard[];
  /** All cards of one animal in one locale, in insertion order. */
  cardsFor(animalId: string, locale: Locale): FactCard[];
  /** Adds cards, or replaces cards with the same id, animal and locale. */
  upsert(cards: readonly FactCard[]): void;
  /** Removes cards by id, in every locale. */
  remove(cardIds: readonly string[]): void;
}

/**
 * Minimum score for a card to count as relevant, for an index of {@link calibrationSize} cards.
 * Calibrated on the shipped content: a single exact keyword hit scores well above it, while
 * stray fuzzy or text-only hits of off-topic questions ("capital of France") stay below.
 */
export const relevanceThreshold = 6;

/** The index size (cards per animal and locale) the threshold was calibrated on. */
const calibrationSize = 15;

/** Below this fraction of the best score, a card is too weak to return beside the best one. */
const relativeThreshold = 0.35;

const fields = ['keywords', 'title', 'text'];

interface CardDocument {
  id: string;
  title: string;
  text: string;
  keywords: string;
}

/**
 * One MiniSearch index per animal and locale, rather than one filtered index: term rarity (IDF)
 * is then measured among one animal's cards, so "eat" is a strong signal for Bella even though
 * every animal has a diet card; and each index uses its own language's tokenizer.
 */
interface Shelf {
  locale: Locale;
  index: MiniSearch<CardDocument>;
  cards: Map<string, FactCard>;
}

/**
 * Builds a knowledge base over `cards`.
 *
 * @example
 * ```ts
 * const knowledge = createKnowledgeBase(cards);
 * knowledge.search({ animalId: 'bella', locale: 'en', text: 'what do you eat?' })[0]?.card.id;
 * // 'bella-diet-1'
 * ```
 */
export function createKnowledgeBase(cards: readonly FactCard[]): KnowledgeBase {
  const shelves = new Map<string, Shelf>();
  const knowledge: KnowledgeBase = {
    search: (query) => searchShelves(shelves, query),
    cardsFor: (animalId, locale) => [
      ...(shelves.get(shelfKey(animalId, locale))?.cards.values() ?? []),
    ],
    upsert: (newCards) => newCards.forEach((card) => upsertCard(shelves, card)),
    remove: (cardIds) => removeCards(shelves, new Set(cardIds)),
  };
  knowledge.upsert(cards);
  return knowledge;
}

function shelfKey(animalId: string, locale: Locale): string {
  return `${animalId}\u0000${locale}`;
}

function createShelf(locale: Locale): Shelf {
  const index = new MiniSearch<CardDocument>({
    fields,
    tokenize: (text) => tokenize(text, locale),
    // Terms are fully normalized by `tokenize`, so MiniSearch's own lowercasing is not needed.
    processTerm: (term) => term,
    searchOptions: searchOptionsFor(locale),
  });
  return { locale, index, cards: new Map() };
}

function searchOptionsFor(locale: Locale): SearchOptions {
  // Keywords are curated synonyms, so they outweigh titles, which outweigh running text.
  const boost = { keywords: 3, title: 2, text: 1 };
  // Fuzzy and prefix matching rescue typos in word languages; Chinese terms are one or two
  // characters, where an edit distance of one would match unrelated words.
  if (locale === 'zh') return { boost, combineWith: 'OR' };
  return {
    boost,
    combineWith: 'OR',
    // Typo matches count for a bit more than MiniSearch's defaults, so "quils" still finds quills.
    weights: { fuzzy: 0.6, prefix: 0.6 },
    prefix: (term) => term.length >= 4,
    // Four-letter words stay exact: one edit turns "math" into "bath" and "cual" into "curl".
    fuzzy: (term) => (term.length >= 7 ? 2 : term.length >= 5 ? 1 : false),
  };
}

function upsertCard(shelves: Map<string, Shelf>, card: FactCard): void {
  const key = shelfKey(card.animalId, card.locale);
  const shelf = shelves.get(key) ?? createShelf(card.locale);
  shelves.set(key, shelf);
  const document = {
    id: card.id,
    title: card.title,
    text: card.text,
    keywords: card.keywords.join(' , '),
  };
  if (shelf.cards.has(card.id)) shelf.index.replace(document);
  else shelf.index.add(document);
  shelf.cards.set(card.id, card);
}

function removeCards(shelves: Map<string, Shelf>, cardIds: ReadonlySet<string>): void {
  for (const shelf of shelves.values()) {
    for (const id of cardIds) {
      if (!shelf.cards.delete(id)) continue;
      shelf.index.discard(id);
    }
  }
}

function searchShelves(shelves: Map<string, Shelf>, query: KnowledgeQuery): ScoredCard[] {
  const limit = query.limit ?? 3;
  const own = shelves.get(shelfKey(query.animalId, query.locale));
  if (own !== undefined && own.cards.size > 0) return rank(own, query.text, limit);
  if (query.locale === 'en') return [];
  const english = shelves.get(shelfKey(query.animalId, 'en'));
  if (english === undefined) return [];
  const hints = englishHintsFor(query.text, query.locale);
  // Latin words inside a Chinese question are names ("Leo") that survive translation; Spanish
  // words would only find English look-alikes by accident, so Spanish relies on the hints alone.
  const names = query.locale === 'zh' ? query.text.replace(/\p{Script=Han}/gu, ' ') : '';
  return rank(english, [names, ...hints].join(' '), limit);
}

/**
 * BM25 scores grow with the rarity of a term, which depends on how many cards an index holds, so
 * the absolute threshold is scaled by the best rarity possible at this size.
 */
function thresholdFor(cardCount: number): number {
  const bestRarity = (count: number): number => Math.log(1 + (count - 0.5) / 1.5);
  return (relevanceThreshold * bestRarity(Math.max(cardCount, 1))) / bestRarity(calibrationSize);
}

function rank(shelf: Shelf, text: string, limit: number): ScoredCard[] {
  const results = shelf.index.search(text).filter(matchesAWord(shelf, text));
  const best = results[0]?.score ?? 0;
  const floor = Math.max(thresholdFor(shelf.cards.size), best * relativeThreshold);
  const scored: ScoredCard[] = [];
  for (const result of results) {
    const card = shelf.cards.get(String(result.id));
    if (card === undefined || result.score < floor) continue;
    scored.push({ card, score: result.score });
    if (scored.length >= limit) break;
  }
  return scored;
}

/**
 * Chinese queries are split into single characters and bigrams; a card that shares only scattered
 * single characters with a question that has real words (数学 in 你会做数学题吗) is a coincidence,
 * so when the question has bigrams, a card must match at least one of them.
 */
function matchesAWord(shelf: Shelf, text: string): (result: SearchResult) => boolean {
  if (shelf.locale !== 'zh') return () => true;
  const hasBigram = tokenize(text, 'zh').some(isChineseBigram);
  return (result) => !hasBigram || result.queryTerms.some(isChineseBigram);
}

function isChineseBigram(term: string): boolean {
  return /^\p{Script=Han}{2}$/u.test(term);
}
