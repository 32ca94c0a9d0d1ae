/**
 * `GET /api/animal/{animalId}/fact_cards?locale=en`: the fact cards an animal answers from, for
 * the zookeeper's animal page: the curated cards shipped with the content (read-only) and the
 * cards made from public knowledge articles (deletable through `/knowledge_article`). The CMZ
 * spec has no listing of articles, so this route is the product's addition.
 *
 * @module
 */
import type { Router } from 'express';
import { z } from 'zod';
import type { AnimalCatalog, KnowledgeBase, Logger } from '@cmz/engine';
import type { TokenService } from '../auth/token-service.ts';
import { createProductRouter, requireRole } from '../http/product-router.ts';
import { restErrors } from '../http/rest-error.ts';

const articlePrefix = 'article-';
const querySchema = z.object({ locale: z.enum(['en', 'es', 'zh']).default('en') });

/**
 * Creates the router; mount it at `/api` before the OpenAPI router.
 *
 * @example
 * ```ts
 * app.use('/api', createFactCardsRouter({ tokens, logger, knowledge, animals }));
 * ```
 */
export function createFactCardsRouter(options: {
  tokens: TokenService;
  logger: Logger;
  knowledge: KnowledgeBase;
  animals: AnimalCatalog;
}): Router {
  const path = '/animal/:animalId/fact_cards';
  return createProductRouter({
    tokens: options.tokens,
    logger: options.logger,
    path,
    register: (router) =>
      router.get(path, (request, response) => {
        requireRole(request, ['admin', 'zookeeper']);
        const animalId = request.params.animalId ?? '';
        if (options.animals.get(animalId) === undefined)
          throw restErrors.notFound('Animal not found');
        const query = querySchema.safeParse(request.query);
        if (!query.success) throw restErrors.badRequest('locale must be en, es or zh');
        const { locale } = query.data;
        const cards = options.knowledge.cardsFor(animalId, locale).map((card) => ({
          cardId: card.id,
          title: card.title,
          text: card.text,
          keywords: card.keywords,
          source: card.id.startsWith(articlePrefix) ? 'article' : 'content',
          ...(card.id.startsWith(articlePrefix)
            ? { knowledgeId: card.id.slice(articlePrefix.length) }
            : {}),
        }));
        response.json({ animalId, locale, cards });
      }),
  });
}
