/**
 * Turns an uploaded document into fact cards by the knowledge-article path: the bytes are sniffed
 * and read, the text is split into sections, each section is checked by the engine's moderation
 * (it will be told to children) and stored as a `public` knowledge article about the animal,
 * linked to the document (`sourceFileId`); the knowledge sync then makes every article a card on
 * every node. The file's metadata goes to the knowledge-file table. Deleting a document deletes
 * its articles, so its cards disappear everywhere.
 *
 * @module
 */
import { moderateText } from '@cmz/engine';
import { RestError } from '../http/rest-error.ts';
import type { ActorRef } from '../persistence/audit.ts';
import type {
  KnowledgeFileRecord,
  KnowledgeFileRepository,
} from '../persistence/knowledge-file-repository.ts';
import type { KnowledgeRepository } from '../persistence/knowledge-repository.ts';
import { NotFound } from '../persistence/persistence-errors.ts';
import type { DocumentLimits } from './document-limits.ts';
import { extractDocumentText } from './extract-text.ts';
import { mimeTypes, sniffDocument } from './sniff-document.ts';
import { splitSections, type DocumentSection } from './split-sections.ts';

/** An uploaded file as multer hands it over. */
export interface UploadedFile {
  buffer: Buffer;
  originalName: string;
  size: number;
}

/** Where the document's cards go and what describes it. */
export interface DocumentTarget {
  animalId: string;
  assistantId?: string;
  title?: string | undefined;
  description?: string | undefined;
  tags?: readonly string[];
}

/** What the ingest needs. */
export interface DocumentIngestDependencies {
  files: KnowledgeFileRepository;
  articles: KnowledgeRepository;
  /** Makes an article's card follow on every node (the knowledge sync). */
  onArticleChanged: (knowledgeId: string) => Promise<void>;
  limits: DocumentLimits;
}

/** Stores and removes documents. */
export interface DocumentIngest {
  ingest(
    file: UploadedFile,
    target: DocumentTarget,
    actor?: ActorRef,
  ): Promise<KnowledgeFileRecord>;
  remove(file: KnowledgeFileRecord, actor?: ActorRef): Promise<void>;
}

/**
 * Creates the ingest.
 *
 * @example
 * ```ts
 * const documents = createDocumentIngest({ files, articles, onArticleChanged, limits });
 * const record = await documents.ingest({ buffer, originalName: 'leo.md', size }, { animalId: 'leo' });
 * ```
 */
export function createDocumentIngest(dependencies: DocumentIngestDependencies): DocumentIngest {
  const { files, articles, limits } = dependencies;
  const removeArticles = async (articleIds: readonly string[], actor?: ActorRef) => {
    for (const knowledgeId of articleIds) {
      // An article deleted on its own through /knowledge_article is already gone.
      await articles.delete(knowledgeId, actor).catch((error: unknown) => {
        if (!(error instanceof NotFound)) throw error;
      });
      await dependencies.onArticleChanged(knowledgeId);
    }
  };
  return {
    async ingest(file, target, actor) {
      if (file.size > limits.maxBytes) throw tooLarge(limits.maxBytes);
      if (file.size === 0) throw new RestError(400, 'invalid_request', 'The file is empty');
      const kind = await sniffDocument(file.buffer);
      const text = await extractDocumentText(file.buffer, kind, limits);
      if (text.length > limits.maxTextLength) {
        throw new RestError(413, 'document_too_long', 'The document has too much text', {
          maxTextLength: limits.maxTextLength,
        });
      }
      const sections = splitSections(text, limits.sectionLength);
      if (sections.length > limits.maxSections) {
        throw new RestError(413, 'document_too_long', 'The document has too many sections', {
          maxSections: limits.maxSections,
        });
      }
      checkSafe(sections);
      const title = (target.title?.trim() || titleOf(file.originalName)).slice(0, 150);
      const record = await files.create(
        {
          animalId: target.animalId,
          ...(target.assistantId === undefined ? {} : { assistantId: target.assistantId }),
          originalName: file.originalName.slice(0, 255),
          title,
          ...(target.description ? { description: target.description.slice(0, 1000) } : {}),
          tags: [...(target.tags ?? [])],
          fileSize: file.size,
          mimeType: mimeTypes[kind],
        },
        actor,
      );
      const articleIds: string[] = [];
      try {
        for (const [index, section] of sections.entries()) {
          const article = await articles.create(
            {
              title: sectionTitle(title, section, index, sections.length),
              body: section.text,
              tags: [...(target.tags ?? [])],
              visibility: 'public',
              animalId: target.animalId,
              sourceFileId: record.fileId,
            },
            actor,
          );
          articleIds.push(article.knowledgeId);
        }
        const completed = await files.complete(record.fileId, {
          articleIds,
          extractedTextLength: text.length,
          contentValidation: { safe: true, ageAppropriate: true },
        });
        for (const knowledgeId of articleIds) await dependencies.onArticleChanged(knowledgeId);
        return completed;
      } catch (error) {
        // Leave no half document behind: its cards go, the file is marked failed.
        await removeArticles(articleIds, actor).catch(() => undefined);
        await files.fail(record.fileId, 'The document could not be stored').catch(() => undefined);
        throw error;
      }
    },
    async remove(file, actor) {
      await files.delete(file.fileId, actor);
      await removeArticles(file.articleIds, actor);
    },
  };
}

/**
 * The 413 for a file over the limit.
 *
 * @example
 * ```ts
 * throw tooLarge(2 * 1024 * 1024);
 * ```
 */
export function tooLarge(maxBytes: number): RestError {
  return new RestError(413, 'payload_too_large', `The file is larger than ${maxBytes} bytes`, {
    maxBytes,
  });
}

function checkSafe(sections: readonly DocumentSection[]): void {
  const flagged = sections.flatMap((section, index) => {
    const verdict = moderateText(section.text, undefined, { direction: 'output' });
    return verdict.allowed ? [] : [{ section: index + 1, categories: verdict.categories }];
  });
  if (flagged.length > 0) {
    throw new RestError(
      422,
      'unsafe_content',
      'Some sections are not suitable to tell children; nothing was stored',
      { sections: flagged },
    );
  }
}

function titleOf(fileName: string): string {
  const base = fileName
    .replace(/\.[A-Za-z0-9]{1,8}$/, '')
    .replace(/[_-]+/g, ' ')
    .trim();
  return base === '' ? 'Document' : base;
}

function sectionTitle(
  title: string,
  section: DocumentSection,
  index: number,
  count: number,
): string {
  if (section.heading) return `${title}: ${section.heading}`.slice(0, 200);
  return count === 1 ? title : `${title} (part ${index + 1})`;
}
