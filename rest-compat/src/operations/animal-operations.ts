/**
 * `/animal_list`, `/animal*` and `/animal_details`: the zoo's animal ambassadors. Visitors,
 * students and parents see only `active` animals (scope `public-only`); a hidden one answers 404
 * to them, as if it did not exist. Every successful write calls `onAnimalChanged`, which makes
 * the change reach the engine's next reply. The configuration handlers are merged in from
 * animal-config-operations.ts.
 *
 * @module
 */
import type { OperationHandlers, RestPrincipal } from '../http/operation-types.ts';
import { restErrors } from '../http/rest-error.ts';
import type { AnimalRecord } from '../persistence/animal-repository.ts';
import { createAnimalConfigOperations } from './animal-config-operations.ts';
import { animalChangesFrom, assertUniqueName, newAnimalFrom } from './animal-input.ts';
import { toAnimalDetailsResponse, toAnimalResponse } from './animal-response.ts';
import { actorOf, bodyObject, optionalString, requireScope } from './operation-support.ts';
import type { Part1Dependencies } from './part1-dependencies.ts';
import { withPersistenceErrors } from './persistence-error-mapping.ts';

type AnimalDependencies = Pick<Part1Dependencies, 'repositories' | 'onAnimalChanged'>;

/**
 * Creates the animal handlers (configuration included).
 *
 * @example
 * ```ts
 * const handlers = createAnimalOperations({ repositories, onAnimalChanged: sync.changed });
 * ```
 */
export function createAnimalOperations(dependencies: AnimalDependencies): OperationHandlers {
  const { repositories, onAnimalChanged } = dependencies;
  const { animals } = repositories;

  const visibleAnimal = async (
    operationId: string,
    animalId: string,
    principal: RestPrincipal | null,
  ): Promise<AnimalRecord> => {
    const publicOnly = requireScope(operationId, principal) === 'public-only';
    const animal = await animals.get(animalId);
    if (animal === undefined || (publicOnly && animal.status !== 'active')) {
      throw restErrors.notFound('Animal not found', { animalId });
    }
    return animal;
  };

  return withPersistenceErrors({
    ...createAnimalConfigOperations(dependencies),
    animal_list_get: async ({ operationId, query, principal }) => {
      const publicOnly = requireScope(operationId, principal) === 'public-only';
      const status = optionalString(query.status);
      // Soft-deleted animals never appear, so a `deleted` filter matches nothing.
      if (status === 'deleted') return { status: 200, body: [] };
      const wanted = status === undefined ? undefined : status === 'active' ? 'active' : 'hidden';
      const listed = await animals.list(wanted === undefined ? {} : { status: wanted });
      const visible = publicOnly ? listed.filter((animal) => animal.status === 'active') : listed;
      return { status: 200, body: visible.map(toAnimalResponse) };
    },
    animal_post: async ({ body, principal }) => {
      const input = newAnimalFrom(bodyObject(body));
      await assertUniqueName(animals, input.name);
      const created = await animals.create(input, actorOf(principal));
      await onAnimalChanged(created.animalId);
      return { status: 201, body: toAnimalResponse(created) };
    },
    animal_get: async ({ operationId, params, principal }) => ({
      status: 200,
      body: toAnimalResponse(await visibleAnimal(operationId, params.animalId ?? '', principal)),
    }),
    animal_details_get: async ({ operationId, query, principal }) => {
      const animalId = optionalString(query.animalId) ?? '';
      const animal = await visibleAnimal(operationId, animalId, principal);
      return { status: 200, body: toAnimalDetailsResponse(animal) };
    },
    animal_put: async ({ params, body, principal }) => {
      const animalId = params.animalId ?? '';
      const changes = animalChangesFrom(bodyObject(body));
      if (changes.name !== undefined) await assertUniqueName(animals, changes.name, animalId);
      const updated = await animals.update(animalId, changes, { actor: actorOf(principal) });
      await onAnimalChanged(animalId);
      return { status: 200, body: toAnimalResponse(updated) };
    },
    animal_delete: async ({ params, principal }) => {
      const animalId = params.animalId ?? '';
      await animals.softDelete(animalId, actorOf(principal));
      await onAnimalChanged(animalId);
      return { status: 204 };
    },
  });
}
