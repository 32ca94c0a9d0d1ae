/**
 * Knowledge files as the spec's `KnowledgeFileResponse` and as the animal-document shapes of
 * `/animal/{animalId}/documents` (lower-case status, `documentId` = `fileId`; there is no OpenAI
 * vector store, so `vectorStoreId` is left out).
 *
 * @module
 */
import { toAuditInfo } from '../assistants/assistant-response.ts';
import type { KnowledgeFileRecord } from '../persistence/knowledge-file-repository.ts';

/**
 * The spec's `KnowledgeFileResponse`.
 *
 * @example
 * ```ts
 * toKnowledgeFileResponse(record).processingStatus; // 'COMPLETED'
 * ```
 */
export function toKnowledgeFileResponse(file: KnowledgeFileRecord): Record<string, unknown> {
  return {
    fileId: file.fileId,
    ...(file.assistantId === undefined ? {} : { assistantId: file.assistantId }),
    originalName: file.originalName,
    fileSize: file.fileSize,
    mimeType: file.mimeType,
    processingStatus: file.processingStatus,
    processingError: file.processingError,
    extractedTextLength: file.extractedTextLength,
    ...(file.contentValidation ? { contentValidation: file.contentValidation } : {}),
    processingStarted: file.processingStarted,
    processingCompleted: file.processingCompleted,
    created: toAuditInfo(file.created),
    ...(file.modified ? { modified: toAuditInfo(file.modified) } : {}),
  };
}

/**
 * One entry of `GET /animal/{animalId}/documents`.
 *
 * @example
 * ```ts
 * toDocumentEntry(record); // { documentId, fileId, fileName, status: 'completed', uploadedAt }
 * ```
 */
export function toDocumentEntry(file: KnowledgeFileRecord): Record<string, unknown> {
  return {
    documentId: file.fileId,
    fileId: file.fileId,
    fileName: file.originalName,
    status: documentStatus(file),
    uploadedAt: file.created.at,
  };
}

/**
 * The `201` body of `POST /animal/{animalId}/documents`.
 *
 * @example
 * ```ts
 * toUploadedDocument(record).fileSize; // bytes
 * ```
 */
export function toUploadedDocument(file: KnowledgeFileRecord): Record<string, unknown> {
  return { ...toDocumentEntry(file), fileSize: file.fileSize };
}

function documentStatus(file: KnowledgeFileRecord): 'processing' | 'completed' | 'failed' {
  if (file.processingStatus === 'COMPLETED') return 'completed';
  if (file.processingStatus === 'FAILED') return 'failed';
  return 'processing';
}
