/**
 * `GET`/`PATCH /animal_config`: an animal's chatbot configuration (voice, model, prompt,
 * personality, tools, guardrails). A PATCH body may carry the `version` from the last GET (and
 * the old editor's `sessionId`, which is not needed): when another edit landed meanwhile, the
 * answer is 409 `conflict` instead of silently overwriting it.
 *
 * @module
 */
import type { OperationHandlers } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { AnimalRecord } from '../persistence/animal-repository.ts';
import { readAnimalGuardrails } from '../guardrails/guardrail-input.ts';
import { configChangesFrom } from './animal-input.ts';
import { toAnimalConfigResponse } from './animal-response.ts';
import { actorOf, bodyObject, optionalString } from './operation-support.ts';
import type { Part1Dependencies } from './part1-dependencies.ts';

/**
 * Creates the two configuration handlers (wrapped for persistence errors by the animal factory).
 *
 * @example
 * ```ts
 * const handlers = createAnimalConfigOperations({ repositories, onAnimalChanged });
 * ```
 */
export function createAnimalConfigOperations(
  dependencies: Pick<Part1Dependencies, 'repositories' | 'onAnimalChanged'>,
): OperationHandlers {
  const { repositories, onAnimalChanged } = dependencies;
  const { animals } = repositories;

  const requireAnimal = async (animalId: string): Promise<AnimalRecord> => {
    const animal = await animals.get(animalId);
    if (animal === undefined) throw restErrors.notFound('Animal not found', { animalId });
    return animal;
  };

  // Selecting a rule guardrail that does not exist (or was deleted) would silently do nothing.
  const assertGuardrailsExist = async (selected: readonly string[]) => {
    if (selected.length === 0) return;
    const live = new Set(
      (await repositories.guardrails.list())
        .filter((record) => record.recordType === 'rule-guardrail')
        .map((record) => record.guardrailId),
    );
    const missingIds = selected.filter((id) => !live.has(id));
    if (missingIds.length > 0) {
      throw restErrors.badRequest('Unknown guardrails selected', {
        entity: 'guardrail',
        missingIds,
      });
    }
  };

  return {
    animal_config_get: async ({ query }) => {
      const animal = await requireAnimal(optionalString(query.animalId) ?? '');
      return { status: 200, body: toAnimalConfigResponse(animal) };
    },
    animal_config_patch: async ({ query, body, principal }) => {
      const animalId = optionalString(query.animalId) ?? '';
      const fields = bodyObject(body);
      const expectedVersion = typeof fields.version === 'number' ? fields.version : undefined;
      const changes = configChangesFrom(fields);
      if (changes.configuration?.guardrails !== undefined) {
        await requireAnimal(animalId);
        await assertGuardrailsExist(
          readAnimalGuardrails(changes.configuration.guardrails).selected,
        );
      }
      const updated = await animals.update(animalId, changes, {
        actor: actorOf(principal),
        ...(expectedVersion === undefined ? {} : { expectedVersion }),
      });
      await onAnimalChanged(animalId);
      return { status: 200, body: toAnimalConfigResponse(updated) };
    },
  };
}
