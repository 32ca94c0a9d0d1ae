/**
 * Every guardrail operation (15), wired from the repositories, the engine's catalog and the
 * animal sync: the rule API, the text API, the per-animal views and content validation.
 *
 * @module
 */
import type { AnimalCatalog, Logger } from '@cmz/engine';
import type { OperationHandlers } from '../http/operation-types.ts';
import type { Repositories } from '../persistence/repositories.ts';
import { createAnimalGuardrailOperations } from './animal-guardrail-operations.ts';
import { createOpenAiModeration } from './openai-moderation.ts';
import { createRuleGuardrailOperations } from './rule-guardrail-operations.ts';
import { createTextGuardrailOperations } from './text-guardrail-operations.ts';
import { createValidateContentOperation } from './validate-content-operation.ts';

/** What the guardrail operations need. */
export interface GuardrailOperationDependencies {
  repositories: Pick<Repositories, 'animals' | 'guardrails'>;
  catalog: AnimalCatalog;
  logger: Logger;
  /** Reloads one animal on every node (its configuration changed). */
  onAnimalChanged: (animalId: string) => Promise<void>;
  /** Reloads every animal on every node (a guardrail changed). */
  onGuardrailsChanged: () => Promise<void>;
  /** With a key, validation also asks the OpenAI moderation endpoint. */
  openAi?: { apiKey?: string | undefined; baseUrl?: string | undefined };
}

/**
 * Creates the handlers.
 *
 * @example
 * ```ts
 * const handlers = createGuardrailOperations({ repositories, catalog, logger, onAnimalChanged, onGuardrailsChanged });
 * ```
 */
export function createGuardrailOperations(
  dependencies: GuardrailOperationDependencies,
): OperationHandlers {
  const { animals, guardrails } = dependencies.repositories;
  const apiKey = dependencies.openAi?.apiKey;
  const moderate =
    apiKey === undefined
      ? undefined
      : createOpenAiModeration({ apiKey, baseUrl: dependencies.openAi?.baseUrl });
  return {
    ...createRuleGuardrailOperations({
      guardrails,
      onGuardrailsChanged: dependencies.onGuardrailsChanged,
    }),
    ...createTextGuardrailOperations({
      guardrails,
      countAnimals: async () => (await animals.list()).length,
      onGuardrailsChanged: dependencies.onGuardrailsChanged,
    }),
    ...createAnimalGuardrailOperations({
      animals,
      guardrails,
      catalog: dependencies.catalog,
      onAnimalChanged: dependencies.onAnimalChanged,
    }),
    ...createValidateContentOperation({
      animals,
      guardrails,
      moderate,
      logger: dependencies.logger,
    }),
  };
}
