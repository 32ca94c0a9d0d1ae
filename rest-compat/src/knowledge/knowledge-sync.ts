/**
 * Keeps the engine's fact cards in step with the knowledge articles in DynamoDB: on start every
 * public article about an animal is added to the knowledge base; a created or deleted article
 * reaches the next reply on this node at once and on every other node through Redis.
 *
 * @module
 */
import type { KnowledgeBase, Logger } from '@cmz/engine';
import type { Redis } from 'ioredis';
import type { KnowledgeRepository } from '../persistence/knowledge-repository.ts';
import { openReloadChannel, type ReloadChannel } from '../composition/reload-channel.ts';
import { articleCardId, articleToCard } from './article-cards.ts';

const channelSuffix = 'knowledge:changed';

/** Propagates article changes into the knowledge base: `changed(knowledgeId)` re-reads one. */
export type KnowledgeSync = ReloadChannel;

/**
 * Loads every article and starts syncing.
 *
 * @example
 * ```ts
 * const sync = await startKnowledgeSync({ articles: repositories.knowledge, knowledge, logger, redis });
 * ```
 */
export async function startKnowledgeSync(options: {
  articles: KnowledgeRepository;
  knowledge: KnowledgeBase;
  logger: Logger;
  redis?: { publisher: Redis; subscriber: Redis } | undefined;
  keyPrefix?: string;
}): Promise<KnowledgeSync> {
  const { articles, knowledge, logger } = options;
  const cards = (await articles.list()).flatMap((article) => articleToCard(article) ?? []);
  knowledge.upsert(cards);
  logger.info({ cards: cards.length }, 'knowledge articles loaded');
  const reload = async (knowledgeId: string) => {
    const article = await articles.get(knowledgeId);
    const card = article === undefined ? null : articleToCard(article);
    // Remove first: the card may have changed language, and remove() clears every locale.
    knowledge.remove([articleCardId(knowledgeId)]);
    if (card !== null) knowledge.upsert([card]);
  };
  return openReloadChannel({
    channel: `${options.keyPrefix ?? 'cmz:'}${channelSuffix}`,
    reload,
    logger,
    redis: options.redis,
    what: 'knowledge',
  });
}
