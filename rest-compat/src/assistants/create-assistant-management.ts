/**
 * Wires assistants, personalities, sandboxes and knowledge documents for the REST extension:
 * their operation handlers, the product routes beside the spec (assistant versions and rollback)
 * and the upload guard that must run before the OpenAPI router.
 *
 * @module
 */
import type { Router } from 'express';
import type { AnimalCatalog, Engine, Logger } from '@cmz/engine';
import type { TokenService } from '../auth/token-service.ts';
import type { ConversationStoreLike } from '../conversation/conversation-turns.ts';
import { createDocumentIngest } from '../documents/document-ingest.ts';
import { loadDocumentLimits } from '../documents/document-limits.ts';
import { createDocumentOperations } from '../documents/document-operations.ts';
import { createUploadGuard } from '../documents/upload-guard.ts';
import type { OperationHandlers } from '../http/operation-types.ts';
import { createPersonalityOperations } from '../personalities/personality-operations.ts';
import type { Repositories } from '../persistence/repositories.ts';
import { sandboxLifetimeMs } from '../sandbox/sandbox-lifetime.ts';
import { createSandboxOperations } from '../sandbox/sandbox-operations.ts';
import { createSandboxTurns } from '../sandbox/sandbox-turn.ts';
import type { ConfigSources } from './assistant-config-builder.ts';
import { createAssistantOperations } from './assistant-operations.ts';
import { createAssistantVersionsRouter } from './assistant-versions-router.ts';

/** What the wiring needs. */
export interface AssistantManagementOptions {
  repositories: Repositories;
  engine: Engine;
  animals: AnimalCatalog;
  store: ConversationStoreLike;
  tokens: TokenService;
  logger: Logger;
  environment: Readonly<Record<string, string | undefined>>;
  /** The animal sync: a live assistant changed. */
  onAnimalChanged: (animalId: string) => Promise<void>;
  /** The knowledge sync: an article (a document section) changed. */
  onArticleChanged: (knowledgeId: string) => Promise<void>;
}

/** The handlers and routers. */
export interface AssistantManagement {
  handlers: OperationHandlers;
  /** Product routes; mount at `/api` before the OpenAPI router. */
  productRouter: Router;
  /** Mount before the OpenAPI router on every port that serves it. */
  uploadGuard: Router;
}

/**
 * Creates everything.
 *
 * @example
 * ```ts
 * const management = createAssistantManagement({ repositories, engine, animals, store, tokens, logger, environment, onAnimalChanged, onArticleChanged });
 * ```
 */
export function createAssistantManagement(
  options: AssistantManagementOptions,
): AssistantManagement {
  const { repositories, onAnimalChanged } = options;
  const limits = loadDocumentLimits(options.environment);
  const sources: ConfigSources = {
    personalities: repositories.personalities,
    knowledgeFiles: repositories.knowledgeFiles,
    animalOf: (animalId) => repositories.animals.get(animalId),
    guardrailTextOf: async (guardrailId) =>
      (await repositories.guardrails.getText(guardrailId))?.guardrailText,
  };
  const shared = {
    ...sources,
    assistants: repositories.assistants,
    onAssistantChanged: onAnimalChanged,
  };
  const documents = createDocumentIngest({
    files: repositories.knowledgeFiles,
    articles: repositories.knowledge,
    onArticleChanged: options.onArticleChanged,
    limits,
  });
  const handlers: OperationHandlers = {
    ...createAssistantOperations(shared),
    ...createPersonalityOperations(shared),
    ...createSandboxOperations({
      ...shared,
      sandboxes: repositories.sandboxes,
      animals: options.animals,
      turns: createSandboxTurns({ engine: options.engine, store: options.store }),
      lifetimeMs: sandboxLifetimeMs(options.environment),
    }),
    ...createDocumentOperations({
      documents,
      files: repositories.knowledgeFiles,
      assistants: repositories.assistants,
      animalExists: async (animalId) => (await repositories.animals.get(animalId)) !== undefined,
    }),
  };
  return {
    handlers,
    productRouter: createAssistantVersionsRouter({
      tokens: options.tokens,
      logger: options.logger,
      assistants: repositories.assistants,
      onAssistantChanged: onAnimalChanged,
    }),
    uploadGuard: createUploadGuard({
      tokens: options.tokens,
      logger: options.logger,
      maxBytes: limits.maxBytes,
    }),
  };
}
