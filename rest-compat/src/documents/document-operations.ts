/**
 * `POST|GET /animal/{animalId}/documents`, `DELETE /animal/{animalId}/documents/{documentId}`
 * and `POST|GET /assistant/{assistantId}/knowledge`, `GET|DELETE …/knowledge/{fileId}`: upload,
 * list and delete the documents an animal answers from. Both families store the same knowledge
 * files and the same fact cards (see `document-ingest.ts`); through an assistant, the file
 * belongs to the assistant's animal and is listed under the assistant.
 *
 * @module
 */
import { parseInput, pathId } from '../assistants/input-validation.ts';
import type { OperationHandlers, OperationInput } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { actorOf, optionalString } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { AssistantRepository } from '../persistence/assistant-repository.ts';
import type {
  KnowledgeFileRecord,
  KnowledgeFileRepository,
} from '../persistence/knowledge-file-repository.ts';
import { z } from 'zod';
import type { DocumentIngest } from './document-ingest.ts';
import {
  toDocumentEntry,
  toKnowledgeFileResponse,
  toUploadedDocument,
} from './knowledge-file-response.ts';
import { formTags, formText, uploadedFile } from './uploaded-file.ts';

const statusSchema = z.enum(['UPLOADED', 'PROCESSING', 'COMPLETED', 'FAILED']).optional();

/** What the document handlers need. */
export interface DocumentDependencies {
  documents: DocumentIngest;
  files: KnowledgeFileRepository;
  assistants: AssistantRepository;
  /** True when the animal exists (hidden ones included). */
  animalExists: (animalId: string) => Promise<boolean>;
}

/**
 * Creates the handlers of both document families.
 *
 * @example
 * ```ts
 * const handlers = createDocumentOperations({ documents, files, assistants, animalExists });
 * ```
 */
export function createDocumentOperations(dependencies: DocumentDependencies): OperationHandlers {
  const { documents, files, assistants } = dependencies;
  const animalOf = async (animalId: string | undefined) => {
    const id = pathId(animalId, 'Animal');
    if (!(await dependencies.animalExists(id))) throw restErrors.notFound('Animal not found');
    return id;
  };
  const assistantOf = async (assistantId: string | undefined) => {
    const assistant = await assistants.get(pathId(assistantId, 'Assistant'));
    if (assistant === undefined) throw restErrors.notFound('Assistant not found');
    return assistant;
  };
  const fileOf = async (
    fileId: string | undefined,
    belongs: (file: KnowledgeFileRecord) => boolean,
  ) => {
    const file = await files.get(pathId(fileId, 'Document'));
    if (file === undefined || !belongs(file)) throw restErrors.notFound('Document not found');
    return file;
  };
  const upload = (input: OperationInput, target: { animalId: string; assistantId?: string }) => {
    const body = (input.body ?? {}) as Record<string, unknown>;
    return documents.ingest(
      uploadedFile(input.request),
      {
        ...target,
        title: formText(body.title, 150),
        description: formText(body.description, 1000),
        tags: formTags(body.tags),
      },
      actorOf(input.principal),
    );
  };
  return withPersistenceErrors({
    uploadAnimalDocument: async (input) => {
      const animalId = await animalOf(input.params.animalId);
      const file = await upload(input, { animalId });
      return { status: 201, body: toUploadedDocument(file) };
    },
    listAnimalDocuments: async ({ params }) => {
      const animalId = await animalOf(params.animalId);
      const listed = await files.listByAnimal(animalId);
      return { status: 200, body: { documents: listed.map(toDocumentEntry) } };
    },
    deleteAnimalDocument: async ({ params, principal }) => {
      const animalId = await animalOf(params.animalId);
      const file = await fileOf(params.documentId, (found) => found.animalId === animalId);
      await documents.remove(file, actorOf(principal));
      return { status: 204 };
    },
    knowledge_upload_post: async (input) => {
      const assistant = await assistantOf(input.params.assistantId);
      const file = await upload(input, {
        animalId: assistant.animalId,
        assistantId: assistant.assistantId,
      });
      return { status: 201, body: toKnowledgeFileResponse(file) };
    },
    knowledge_list_get: async ({ params, query }) => {
      const assistant = await assistantOf(params.assistantId);
      const status = parseInput(statusSchema, optionalString(query.status), 'The status filter');
      const listed = (await files.listByAssistant(assistant.assistantId)).filter(
        (file) => status === undefined || file.processingStatus === status,
      );
      return {
        status: 200,
        body: {
          files: listed.map(toKnowledgeFileResponse),
          total: listed.length,
          totalSize: listed.reduce((sum, file) => sum + file.fileSize, 0),
        },
      };
    },
    knowledge_file_get: async ({ params }) => {
      const assistant = await assistantOf(params.assistantId);
      const file = await fileOf(
        params.fileId,
        (found) => found.assistantId === assistant.assistantId,
      );
      return { status: 200, body: toKnowledgeFileResponse(file) };
    },
    knowledge_file_delete: async ({ params, principal }) => {
      const assistant = await assistantOf(params.assistantId);
      const file = await fileOf(
        params.fileId,
        (found) => found.assistantId === assistant.assistantId,
      );
      await documents.remove(file, actorOf(principal));
      return { status: 204 };
    },
  });
}
