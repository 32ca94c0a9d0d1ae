/**
 * `POST|GET /personality`, `GET|PUT|DELETE /personality/{personalityId}`: reusable personality
 * texts. Names are unique (409); templates are read-only (403); a personality used by a live
 * assistant cannot be deleted (409). Editing a personality re-merges every live assistant that
 * uses it, each as a new version, so the animals speak with the new text at once and the change
 * can be rolled back per animal.
 *
 * @module
 */
import { z } from 'zod';
import { buildConfig, type ConfigSources } from '../assistants/assistant-config-builder.ts';
import { toAuditInfo } from '../assistants/assistant-response.ts';
import { parseInput, pathId } from '../assistants/input-validation.ts';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { actorOf, optionalString } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { AssistantRepository } from '../persistence/assistant-repository.ts';
import { ConditionFailed } from '../persistence/persistence-errors.ts';
import type { PersonalityRecord } from '../persistence/personality-repository.ts';

const text = (min: number, max: number) => z.string().trim().min(min).max(max);
const fields = {
  name: text(1, 100),
  description: z.string().trim().max(500).optional(),
  personalityText: text(100, 5000),
  animalType: z.enum(['MAMMAL', 'BIRD', 'REPTILE', 'AMPHIBIAN', 'FISH', 'INVERTEBRATE']).optional(),
  tone: z.enum(['PLAYFUL', 'EDUCATIONAL', 'CALM', 'ENERGETIC', 'WISE', 'FUNNY']).optional(),
  ageTarget: z.enum(['PRESCHOOL', 'ELEMENTARY', 'FAMILY', 'ALL_AGES']).optional(),
};
const createSchema = z.object({ ...fields, isTemplate: z.boolean().optional() });
const updateSchema = z.object({
  ...fields,
  name: fields.name.optional(),
  personalityText: fields.personalityText.optional(),
});

/** What the personality handlers need. */
export interface PersonalityDependencies extends ConfigSources {
  assistants: AssistantRepository;
  onAssistantChanged: (animalId: string) => Promise<void>;
}

/**
 * Creates the personality handlers.
 *
 * @example
 * ```ts
 * const handlers = createPersonalityOperations({ personalities, assistants, knowledgeFiles, animalOf, onAssistantChanged });
 * ```
 */
export function createPersonalityOperations(
  dependencies: PersonalityDependencies,
): OperationHandlers {
  const { personalities, assistants } = dependencies;
  const usage = async () => {
    const counts = new Map<string, number>();
    for (const assistant of await assistants.list())
      counts.set(assistant.personalityId, (counts.get(assistant.personalityId) ?? 0) + 1);
    return counts;
  };
  const existing = async (personalityId: string | undefined) => {
    const personality = await personalities.get(pathId(personalityId, 'Personality'));
    if (personality === undefined) throw restErrors.notFound('Personality not found');
    return personality;
  };
  const nameTaken = (name: string) => (error: unknown) => {
    throw error instanceof ConditionFailed && error.reason === 'name_taken'
      ? restErrors.conflict('A personality with this name already exists', { name })
      : error;
  };
  return withPersistenceErrors({
    personality_create_post: async ({ body, principal }) => {
      const input = parseInput(createSchema, body, 'The personality');
      const created = await personalities
        .create({ ...input, isTemplate: input.isTemplate ?? false }, actorOf(principal))
        .catch(nameTaken(input.name));
      return { status: 201, body: toPersonalityResponse(created, 0) };
    },
    personality_list_get: async ({ query }) => {
      const animalType = optionalString(query.animalType);
      const isTemplate = booleanQuery(query.isTemplate);
      const counts = await usage();
      const listed = (await personalities.list()).filter(
        (personality) =>
          (animalType === undefined || personality.animalType === animalType) &&
          (isTemplate === undefined || personality.isTemplate === isTemplate),
      );
      return {
        status: 200,
        body: {
          personalities: listed.map((personality) =>
            toPersonalityResponse(personality, counts.get(personality.personalityId) ?? 0),
          ),
          total: listed.length,
        },
      };
    },
    personality_get: async ({ params }) => {
      const personality = await existing(params.personalityId);
      const counts = await usage();
      return {
        status: 200,
        body: toPersonalityResponse(personality, counts.get(personality.personalityId) ?? 0),
      };
    },
    personality_update_put: async ({ params, body, principal }) => {
      const current = await existing(params.personalityId);
      if (current.isTemplate) throw restErrors.forbidden('Templates are read-only');
      const input = parseInput(updateSchema, body, 'The personality update');
      const updated = await personalities
        .update(current.personalityId, input, actorOf(principal))
        .catch(nameTaken(input.name ?? current.name));
      const users = (await assistants.list()).filter(
        (assistant) => assistant.personalityId === updated.personalityId,
      );
      for (const assistant of users) {
        const config = await buildConfig(dependencies, { ...assistant, dropMissingFiles: true });
        await assistants.change(
          assistant.assistantId,
          assistant.version,
          config,
          { kind: 'personality-update' },
          actorOf(principal),
        );
        await dependencies.onAssistantChanged(assistant.animalId);
      }
      return { status: 200, body: toPersonalityResponse(updated, users.length) };
    },
    personality_delete: async ({ params, principal }) => {
      const current = await existing(params.personalityId);
      if (current.isTemplate) throw restErrors.forbidden('Templates are read-only');
      const inUse = (await usage()).get(current.personalityId) ?? 0;
      if (inUse > 0)
        throw restErrors.conflict('This personality is used by assistants', { usageCount: inUse });
      await personalities.delete(current.personalityId, actorOf(principal));
      return { status: 204 };
    },
  });
}

/**
 * The spec's `PersonalityResponse`.
 *
 * @example
 * ```ts
 * toPersonalityResponse(record, 2).usageCount; // 2
 * ```
 */
export function toPersonalityResponse(
  personality: PersonalityRecord,
  usageCount: number,
): Record<string, unknown> {
  return {
    personalityId: personality.personalityId,
    name: personality.name,
    ...(personality.description === undefined ? {} : { description: personality.description }),
    personalityText: personality.personalityText,
    ...(personality.animalType === undefined ? {} : { animalType: personality.animalType }),
    ...(personality.tone === undefined ? {} : { tone: personality.tone }),
    ...(personality.ageTarget === undefined ? {} : { ageTarget: personality.ageTarget }),
    usageCount,
    isTemplate: personality.isTemplate,
    created: toAuditInfo(personality.created),
    ...(personality.modified ? { modified: toAuditInfo(personality.modified) } : {}),
  };
}

function booleanQuery(value: unknown): boolean | undefined {
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  return undefined;
}
