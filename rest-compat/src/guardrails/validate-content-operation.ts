/**
 * `POST /api/v1/guardrails/validate` (`validateContent`): staff check a text against the safety
 * rules an animal's replies follow. The content is neither logged nor stored.
 *
 * @module
 */
import type { Logger } from '@cmz/engine';
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import { bodyObject } from '../operations/operation-support.ts';
import { withPersistenceErrors } from '../operations/persistence-error-mapping.ts';
import type { AnimalRepository } from '../persistence/animal-repository.ts';
import type { GuardrailRepository } from '../persistence/guardrail-repository.ts';
import { validateContent } from './content-validation.ts';
import { effectiveGuardrails } from './effective-guardrails.ts';
import type { ModerateContent } from './openai-moderation.ts';

/** What the validation handler needs. */
export interface ValidateContentDependencies {
  animals: AnimalRepository;
  guardrails: GuardrailRepository;
  /** The OpenAI moderation call; absent without `OPENAI_API_KEY`. */
  moderate?: ModerateContent | undefined;
  logger: Logger;
}

/**
 * Creates the `validateContent` handler.
 *
 * @example
 * ```ts
 * const handlers = createValidateContentOperation({ animals, guardrails, moderate, logger });
 * ```
 */
export function createValidateContentOperation(
  dependencies: ValidateContentDependencies,
): OperationHandlers {
  return withPersistenceErrors({
    validateContent: async ({ body }) => {
      const fields = bodyObject(body);
      const content = typeof fields.content === 'string' ? fields.content : '';
      const animalId = String(bodyObject(fields.context).animalId ?? '');
      const animal = await dependencies.animals.get(animalId);
      if (animal === undefined) {
        throw restErrors.badRequest(`Unknown animal: ${animalId}`, {
          entity: 'animal',
          missingIds: [animalId],
        });
      }
      const verdict = await validateContent({
        content,
        guardrails: effectiveGuardrails(animal, await dependencies.guardrails.list()),
        moderate: dependencies.moderate,
        onModerationFailure: (reason) =>
          dependencies.logger.warn({ reason }, 'content moderation provider failed'),
      });
      return { status: 200, body: verdict };
    },
  });
}
