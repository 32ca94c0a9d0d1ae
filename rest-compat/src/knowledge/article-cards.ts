/**
 * Turns a knowledge article into the fact card the engine retrieves and cites. Only `public`
 * articles about one animal become cards: `staff` and `internal` articles are notes for people,
 * never told to visitors.
 *
 * @module
 */
import type { FactCard, Locale } from '@cmz/engine';
import type { KnowledgeArticleRecord } from '../persistence/knowledge-repository.ts';

const locales: readonly Locale[] = ['en', 'es', 'zh'];
const localeTagPrefix = 'locale:';

/**
 * The card id of an article (stable, so an edit replaces the card and a delete removes it).
 *
 * @example
 * ```ts
 * articleCardId('kb_0123abcd'); // 'article-kb_0123abcd'
 * ```
 */
export function articleCardId(knowledgeId: string): string {
  return `article-${knowledgeId}`;
}

/**
 * The fact card of an article, or null when the article is not for visitors.
 * The language is the `locale:es` / `locale:zh` tag (English without one); the other tags are
 * search keywords.
 *
 * @example
 * ```ts
 * articleToCard({ knowledgeId: 'kb_1', animalId: 'leo', visibility: 'public', title: 'Birthday', body: 'I was born in June.', tags: ['birthday'], … });
 * ```
 */
export function articleToCard(article: KnowledgeArticleRecord): FactCard | null {
  if (article.softDelete || article.visibility !== 'public' || !article.animalId) return null;
  const localeTag = article.tags.find((tag) => tag.startsWith(localeTagPrefix));
  const wanted = localeTag?.slice(localeTagPrefix.length) as Locale | undefined;
  return {
    id: articleCardId(article.knowledgeId),
    animalId: article.animalId,
    locale: wanted !== undefined && locales.includes(wanted) ? wanted : 'en',
    title: article.title,
    text: article.body,
    keywords: article.tags.filter((tag) => !tag.startsWith(localeTagPrefix)),
  };
}
