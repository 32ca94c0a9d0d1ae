/**
 * Knowledge articles (`quest-dev-knowledge`, key `knowledgeId`): the spec's `KnowledgeArticle`
 * with audit fields. Articles about one animal that are `public` become that animal's fact cards
 * (see `knowledge/article-cards.ts`). Deleting is a soft delete, as for every CMZ entity, so the
 * audit trail stays; a deleted article is hidden from every read.
 *
 * @module
 */
import { auditStamp, systemClock, type ActorRef, type AuditFields } from './audit.ts';
import { createLiveTable, oldestFirst, type RepositoryOptions } from './live-table.ts';
import { randomId, type StoredItem } from './store-operations.ts';

/** Who may read an article: `public` ones are told to visitors. */
export type KnowledgeVisibility = 'public' | 'staff' | 'internal';

/** The writable part of an article (the spec's `KnowledgeCreate`). */
export interface NewKnowledgeArticle {
  title: string;
  body: string;
  tags?: string[];
  visibility: KnowledgeVisibility;
  animalId?: string | null;
  /** The uploaded document (knowledge file) this article is a section of, if any. */
  sourceFileId?: string;
}

/** A stored article. */
export interface KnowledgeArticleRecord extends NewKnowledgeArticle, AuditFields {
  knowledgeId: string;
  tags: string[];
}

/** Typed access to articles. */
export interface KnowledgeRepository {
  create(input: NewKnowledgeArticle, actor?: ActorRef): Promise<KnowledgeArticleRecord>;
  /** A live article, or undefined (also for a soft-deleted one). */
  get(knowledgeId: string): Promise<KnowledgeArticleRecord | undefined>;
  /** Every live article (about one animal when `animalId` is given), oldest first. */
  list(options?: { animalId?: string }): Promise<KnowledgeArticleRecord[]>;
  /** Soft-deletes; NotFound when there is no live article. */
  delete(knowledgeId: string, actor?: ActorRef): Promise<void>;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const knowledge = createKnowledgeRepository({ document, tableName: names.knowledge });
 * const article = await knowledge.create({ title: 'Birthday', body: '…', visibility: 'public', animalId: 'leo' });
 * ```
 */
export function createKnowledgeRepository(options: RepositoryOptions): KnowledgeRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const table = createLiveTable({
    document,
    tableName,
    key: 'knowledgeId',
    entity: 'knowledge article',
  });
  return {
    async create(input, actor) {
      const record: KnowledgeArticleRecord = {
        knowledgeId: randomId('kb_', 8),
        title: input.title,
        body: input.body,
        tags: [...(input.tags ?? [])],
        visibility: input.visibility,
        animalId: input.animalId ?? null,
        ...(input.sourceFileId === undefined ? {} : { sourceFileId: input.sourceFileId }),
        created: auditStamp(clock, actor),
        softDelete: false,
      };
      await table.putNew({ ...record });
      return record;
    },
    async get(knowledgeId) {
      const item = await table.getLive(knowledgeId);
      return item === undefined ? undefined : toRecord(item);
    },
    async list(listOptions = {}) {
      const items = await table.scanLive();
      return items
        .map(toRecord)
        .filter(
          (record) =>
            listOptions.animalId === undefined || record.animalId === listOptions.animalId,
        )
        .sort(oldestFirst);
    },
    async delete(knowledgeId, actor) {
      await table.softDelete(knowledgeId, auditStamp(clock, actor));
    },
  };
}

function toRecord(item: StoredItem): KnowledgeArticleRecord {
  const record = item as unknown as KnowledgeArticleRecord;
  return {
    ...record,
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    animalId: typeof item.animalId === 'string' ? item.animalId : null,
    softDelete: item.softDelete === true,
  };
}
