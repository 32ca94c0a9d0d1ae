/**
 * `GET /api/assistant/{assistantId}/versions` and `POST /api/assistant/{assistantId}/rollback`:
 * the history of an animal's live configuration (who changed what, when: a field diff per
 * version, promotions naming their sandbox) and the way back. The CMZ spec has neither, so these
 * are this product's routes, mounted before the OpenAPI router. A rollback is itself a new
 * version (kind `rollback`), so it can be rolled back too; nothing is ever overwritten.
 *
 * @module
 */
import type { Request, Router } from 'express';
import { z } from 'zod';
import type { Logger } from '@cmz/engine';
import type { TokenService } from '../auth/token-service.ts';
import { createProductRouter, requireRole } from '../http/product-router.ts';
import { restErrors } from '../http/rest-error.ts';
import { toRestError } from '../operations/persistence-error-mapping.ts';
import type {
  AssistantRecord,
  AssistantRepository,
  AssistantVersion,
} from '../persistence/assistant-repository.ts';
import { toAssistantResponse } from './assistant-response.ts';
import { parseInput, pathId } from './input-validation.ts';

const rollbackSchema = z.strictObject({
  /** The version to restore. @default the one before the current version */
  toVersion: z.number().int().min(1).optional(),
  /** Refuse (409) when the assistant is no longer at this version. */
  expectedVersion: z.number().int().min(1).optional(),
});

/** What the router needs. */
export interface AssistantVersionsRouterOptions {
  tokens: TokenService;
  logger: Logger;
  assistants: AssistantRepository;
  onAssistantChanged: (animalId: string) => Promise<void>;
}

/**
 * Creates the router; mount it at `/api` before the OpenAPI router.
 *
 * @example
 * ```ts
 * app.use('/api', createAssistantVersionsRouter({ tokens, logger, assistants, onAssistantChanged }));
 * ```
 */
export function createAssistantVersionsRouter(options: AssistantVersionsRouterOptions): Router {
  const { assistants } = options;
  const existing = async (request: Request): Promise<AssistantRecord> => {
    requireRole(request, ['admin', 'zookeeper']);
    const assistant = await assistants
      .get(pathId(request.params.assistantId as string | undefined, 'Assistant'))
      .catch((error: unknown) => {
        throw toRestError(error);
      });
    if (assistant === undefined) throw restErrors.notFound('Assistant not found');
    return assistant;
  };
  const versionsPath = '/assistant/:assistantId/versions';
  const rollbackPath = '/assistant/:assistantId/rollback';
  const versions = createProductRouter({
    tokens: options.tokens,
    logger: options.logger,
    path: versionsPath,
    register: (router) =>
      router.get(versionsPath, async (request, response) => {
        const assistant = await existing(request);
        const history = await assistants.versions(assistant.assistantId).catch((error: unknown) => {
          throw toRestError(error);
        });
        response.json({
          assistantId: assistant.assistantId,
          animalId: assistant.animalId,
          currentVersion: assistant.version,
          versions: history.map(toVersionResponse),
        });
      }),
  });
  const rollback = createProductRouter({
    tokens: options.tokens,
    logger: options.logger,
    path: rollbackPath,
    register: (router) =>
      router.post(rollbackPath, async (request, response) => {
        const principal = requireRole(request, ['admin', 'zookeeper']);
        const assistant = await existing(request);
        const input = parseInput(rollbackSchema, request.body ?? {}, 'The rollback');
        if (input.expectedVersion !== undefined && input.expectedVersion !== assistant.version) {
          throw restErrors.conflict('The assistant changed meanwhile: reload it and try again', {
            currentVersion: assistant.version,
          });
        }
        const target = input.toVersion ?? assistant.version - 1;
        if (target < 1 || target >= assistant.version) {
          throw restErrors.conflict('There is no earlier version to restore', {
            currentVersion: assistant.version,
            toVersion: target,
          });
        }
        try {
          const history = await assistants.versions(assistant.assistantId);
          const restored = history.find((entry) => entry.version === target);
          if (restored === undefined)
            throw restErrors.notFound('Version not found', { toVersion: target });
          const changed = await assistants.change(
            assistant.assistantId,
            assistant.version,
            restored.config,
            { kind: 'rollback', restoredVersion: target },
            { actorId: principal.userId },
          );
          await options.onAssistantChanged(changed.animalId);
          response.json({ ...toAssistantResponse(changed), version: changed.version });
        } catch (error) {
          throw toRestError(error);
        }
      }),
  });
  return versions.use(rollback);
}

/**
 * One version as the route returns it (the configuration without the long merged prompt).
 *
 * @example
 * ```ts
 * toVersionResponse(version); // { version: 2, kind: 'promotion', at, by, sandboxId, changes, config }
 * ```
 */
export function toVersionResponse(version: AssistantVersion): Record<string, unknown> {
  const config: Partial<AssistantVersion['config']> = { ...version.config };
  delete config.mergedPrompt;
  return {
    version: version.version,
    kind: version.kind,
    at: version.at,
    ...(version.by?.actorId ? { by: version.by.actorId } : {}),
    ...(version.sandboxId ? { sandboxId: version.sandboxId } : {}),
    ...(version.restoredVersion === undefined ? {} : { restoredVersion: version.restoredVersion }),
    changes: version.changes,
    config,
  };
}
