/**
 * `POST|GET /assistant`, `GET|PUT|DELETE /assistant/{assistantId}`: an animal's live assistant
 * (one per animal: a second is a 409). Every change of the configuration is stored as a version
 * (see `persistence/assistant-repository.ts`) and reaches the animal's persona on every node
 * through the animal sync.
 *
 * @module
 */
import { z } from 'zod';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { actorOf, optionalString } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import {
  configOf,
  diffConfig,
  type AssistantRecord,
  type AssistantRepository,
} from '../persistence/assistant-repository.ts';
import { ConditionFailed } from '../persistence/persistence-errors.ts';
import { buildConfig, referenceId, type ConfigSources } from './assistant-config-builder.ts';
import { toAssistantResponse } from './assistant-response.ts';
import { parseInput, pathId } from './input-validation.ts';

const fileIds = z.array(referenceId).max(20);
const createSchema = z.object({
  animalId: referenceId,
  personalityId: referenceId,
  guardrailId: referenceId,
  knowledgeBaseFileIds: fileIds.optional(),
});
const updateSchema = z.object({
  personalityId: referenceId.optional(),
  guardrailId: referenceId.optional(),
  knowledgeBaseFileIds: fileIds.optional(),
  status: z.enum(['ACTIVE', 'INACTIVE']).optional(),
});

/** What the assistant handlers need. */
export interface AssistantDependencies extends ConfigSources {
  assistants: AssistantRepository;
  /** Called after a change of an animal's live assistant, so its persona follows. */
  onAssistantChanged: (animalId: string) => Promise<void>;
}

/**
 * Creates the assistant handlers.
 *
 * @example
 * ```ts
 * const handlers = createAssistantOperations({ assistants, personalities, knowledgeFiles, animalOf, onAssistantChanged });
 * ```
 */
export function createAssistantOperations(dependencies: AssistantDependencies): OperationHandlers {
  const { assistants } = dependencies;
  const existing = async (assistantId: string | undefined): Promise<AssistantRecord> => {
    const assistant = await assistants.get(pathId(assistantId, 'Assistant'));
    if (assistant === undefined) throw restErrors.notFound('Assistant not found');
    return assistant;
  };
  return withPersistenceErrors({
    assistant_create_post: async ({ body, principal }) => {
      const input = parseInput(createSchema, body, 'The assistant');
      const config = await buildConfig(dependencies, {
        animalId: input.animalId,
        personalityId: input.personalityId,
        guardrailId: input.guardrailId,
        knowledgeBaseFileIds: input.knowledgeBaseFileIds ?? [],
        status: 'ACTIVE',
      });
      const created = await assistants
        .create(input.animalId, config, { kind: 'create' }, actorOf(principal))
        .catch((error: unknown) => {
          throw error instanceof ConditionFailed && error.reason === 'animal_has_assistant'
            ? restErrors.conflict('This animal already has an assistant', {
                animalId: input.animalId,
              })
            : error;
        });
      await dependencies.onAssistantChanged(created.animalId);
      return { status: 201, body: toAssistantResponse(created) };
    },
    assistant_list_get: async ({ query }) => {
      const animalId = optionalString(query.animalId);
      const status = optionalString(query.status);
      const listed = (await assistants.list()).filter(
        (assistant) =>
          (animalId === undefined || assistant.animalId === animalId) &&
          (status === undefined || assistant.status === status),
      );
      return {
        status: 200,
        body: { assistants: listed.map(toAssistantResponse), total: listed.length },
      };
    },
    assistant_get: async ({ params }) => ({
      status: 200,
      body: toAssistantResponse(await existing(params.assistantId)),
    }),
    assistant_update_put: async ({ params, body, principal }) => {
      const current = await existing(params.assistantId);
      const input = parseInput(updateSchema, body, 'The assistant update');
      // Every update merges again from the stored personality (the original's "refresh").
      const config = await buildConfig(dependencies, {
        animalId: current.animalId,
        personalityId: input.personalityId ?? current.personalityId,
        guardrailId: input.guardrailId ?? current.guardrailId,
        knowledgeBaseFileIds: input.knowledgeBaseFileIds ?? current.knowledgeBaseFileIds,
        status: input.status ?? current.status,
      });
      if (diffConfig(configOf(current), config).length === 0)
        return { status: 200, body: toAssistantResponse(current) };
      const changed = await assistants.change(
        current.assistantId,
        current.version,
        config,
        { kind: 'update' },
        actorOf(principal),
      );
      await dependencies.onAssistantChanged(changed.animalId);
      return { status: 200, body: toAssistantResponse(changed) };
    },
    assistant_delete: async ({ params, principal }) => {
      const current = await existing(params.assistantId);
      await assistants.delete(current.assistantId, actorOf(principal));
      await dependencies.onAssistantChanged(current.animalId);
      return { status: 204 };
    },
  });
}
