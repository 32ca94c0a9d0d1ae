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
import { articleCardId, articleToCard } from './article-cards.ts';

const channelSuffix = 'knowledge:changed';

/** Propagates article changes into the knowledge base. */
export interface KnowledgeSync {
  /** Re-reads one article into this node's knowledge base and tells the other nodes. */
  changed(knowledgeId: string): Promise<void>;
  close(): Promise<void>;
}

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
  const channel = `${options.keyPrefix ?? 'cmz:'}${channelSuffix}`;
  const onMessage = (received: string, knowledgeId: string) => {
    if (received !== channel) return;
    reload(knowledgeId).catch((error: unknown) =>
      logger.warn({ reason: String(error) }, 'knowledge reload from another node failed'),
    );
  };
  if (options.redis) {
    options.redis.subscriber.on('message', onMessage);
    await options.redis.subscriber.subscribe(channel);
  }
  return {
    async changed(knowledgeId) {
      // The write is stored already: failing to refresh must not turn it into an error.
      try {
        await reload(knowledgeId);
        await options.redis?.publisher.publish(channel, knowledgeId);
      } catch (error) {
        logger.warn(
          { knowledgeId, reason: String(error).slice(0, 200) },
          'knowledge change not propagated',
        );
      }
    },
    async close() {
      options.redis?.subscriber.off('message', onMessage);
      await options.redis?.subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
