/**
 * `POST|GET|DELETE /knowledge_article`: zookeepers and admins write knowledge articles; a public
 * article about an animal becomes a fact card the animal cites in its next answer (on every
 * node, through the knowledge sync).
 *
 * @module
 */
import { z } from 'zod';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type {
  KnowledgeArticleRecord,
  KnowledgeRepository,
} from '../persistence/knowledge-repository.ts';
import { actorOf, optionalString } from './operation-support.ts';
import { withPersistenceErrors } from './persistence-error-mapping.ts';

// The spec only types the fields; these bounds keep a card short enough to say to a child and
// small enough to index, and are checked after the spec validator.
const articleSchema = z.object({
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(4000),
  tags: z.array(z.string().trim().min(1).max(60)).max(30).optional(),
  visibility: z.enum(['public', 'staff', 'internal']),
  animalId: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,100}$/)
    .nullable()
    .optional(),
});

/** What the knowledge handlers need. */
export interface KnowledgeArticleDependencies {
  articles: KnowledgeRepository;
  /** True when an animal with this id exists (hidden ones included). */
  animalExists: (animalId: string) => Promise<boolean>;
  /** Called after a write so the engine's fact cards follow. */
  onArticleChanged: (knowledgeId: string) => Promise<void>;
}

/**
 * Creates the knowledge-article handlers.
 *
 * @example
 * ```ts
 * const handlers = createKnowledgeArticleOperations({ articles, animalExists, onArticleChanged });
 * ```
 */
export function createKnowledgeArticleOperations(
  dependencies: KnowledgeArticleDependencies,
): OperationHandlers {
  const { articles } = dependencies;
  return withPersistenceErrors({
    knowledge_article_post: async ({ body, principal }) => {
      const parsed = articleSchema.safeParse(body);
      if (!parsed.success) {
        throw restErrors.badRequest('The article is not valid', {
          errors: parsed.error.issues.map((issue) => ({
            path: issue.path.join('.'),
            message: issue.message,
          })),
        });
      }
      const input = parsed.data;
      if (input.animalId && !(await dependencies.animalExists(input.animalId))) {
        throw restErrors.badRequest(`Unknown animal: ${input.animalId}`, {
          entity: 'animal',
          missingIds: [input.animalId],
        });
      }
      const created = await articles.create(
        {
          title: input.title,
          body: input.body,
          tags: input.tags ?? [],
          visibility: input.visibility,
          animalId: input.animalId ?? null,
        },
        actorOf(principal),
      );
      await dependencies.onArticleChanged(created.knowledgeId);
      return { status: 201, body: toArticleResponse(created) };
    },
    knowledge_article_get: async ({ query }) => {
      const knowledgeId = requireKnowledgeId(query.knowledgeId);
      const article = await articles.get(knowledgeId);
      if (article === undefined) throw restErrors.notFound('Knowledge article not found');
      return { status: 200, body: toArticleResponse(article) };
    },
    knowledge_article_delete: async ({ query, principal }) => {
      const knowledgeId = requireKnowledgeId(query.knowledgeId);
      await articles.delete(knowledgeId, actorOf(principal));
      await dependencies.onArticleChanged(knowledgeId);
      return { status: 204 };
    },
  });
}

function requireKnowledgeId(value: unknown): string {
  const knowledgeId = optionalString(value);
  if (knowledgeId === undefined || !/^[A-Za-z0-9_-]{1,100}$/.test(knowledgeId))
    throw restErrors.badRequest('knowledgeId is not a valid id');
  return knowledgeId;
}

/**
 * The spec's `KnowledgeArticle` body.
 *
 * @example
 * ```ts
 * toArticleResponse(record); // { knowledgeId, title, body, tags, visibility, animalId, created, softDelete }
 * ```
 */
export function toArticleResponse(article: KnowledgeArticleRecord): Record<string, unknown> {
  return {
    knowledgeId: article.knowledgeId,
    title: article.title,
    body: article.body,
    tags: article.tags,
    visibility: article.visibility,
    animalId: article.animalId ?? null,
    created: article.created,
    ...(article.modified ? { modified: article.modified } : {}),
    ...(article.deleted ? { deleted: article.deleted } : {}),
    softDelete: article.softDelete,
  };
}
