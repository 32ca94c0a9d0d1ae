/**
 * Request bodies of the animal operations as repository inputs.
 *
 * The store keeps two visibility states, `active` and `hidden`; the spec's other statuses
 * (`inactive`, `breeding`, `retired`, `maintenance`, `deleted`) all mean "not public", so they
 * are stored as `hidden`.
 *
 * @module
 */
import { animalGuardrailsSchema, parseBody } from '../guardrails/guardrail-input.ts';
import { restErrors } from '../http/rest-error.ts';
import type {
  AnimalChanges,
  AnimalConfiguration,
  AnimalRecord,
  AnimalRepository,
  NewAnimal,
} from '../persistence/animal-repository.ts';
import { roundTo } from './animal-response.ts';

/**
 * The stored status for a spec status; undefined when none is given.
 *
 * @example
 * ```ts
 * storedStatus('retired'); // 'hidden'
 * ```
 */
export function storedStatus(status: unknown): AnimalRecord['status'] | undefined {
  if (typeof status !== 'string') return undefined;
  return status === 'active' ? 'active' : 'hidden';
}

/**
 * The new animal for a `POST /animal` body; a client id is refused with 400, as before.
 *
 * @example
 * ```ts
 * newAnimalFrom({ name: 'Pokey', species: 'Porcupine' }); // status 'active'
 * ```
 */
export function newAnimalFrom(body: Record<string, unknown>): NewAnimal {
  if (body.id !== undefined || body.animalId !== undefined) {
    throw restErrors.badRequest('Client-provided IDs are not allowed', {
      field: body.animalId === undefined ? 'id' : 'animalId',
    });
  }
  return {
    name: String(body.name ?? '').trim(),
    species: String(body.species ?? '').trim(),
    status: storedStatus(body.status) ?? 'active',
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...(typeof body.personality === 'string' ? { personality: body.personality } : {}),
  };
}

/**
 * The changes of a `PUT /animal/{animalId}` body (AnimalUpdate: every field optional).
 *
 * @example
 * ```ts
 * animalChangesFrom({ status: 'hidden' }); // { status: 'hidden' }
 * ```
 */
export function animalChangesFrom(body: Record<string, unknown>): AnimalChanges {
  const status = storedStatus(body.status);
  return {
    ...(typeof body.name === 'string' ? { name: body.name.trim() } : {}),
    ...(typeof body.species === 'string' ? { species: body.species.trim() } : {}),
    ...(typeof body.description === 'string' ? { description: body.description } : {}),
    ...(status === undefined ? {} : { status }),
    ...(typeof body.personality === 'string' ? { personality: body.personality } : {}),
  };
}

const configurationKeys = [
  'voice',
  'aiModel',
  'maxTokens',
  'toolsEnabled',
  'guardrails',
  'systemPrompt',
  'responseFormat',
] as const;

/**
 * The changes of a `PATCH /animal_config` body: configuration keys merge into the stored
 * configuration (temperature rounded to 0.1, topP to 0.01); `personality` is stored as the
 * animal's `personality.description`. `guardrails` must be `{selected: gr_ ids, custom: rules}`
 * (400 `invalid_request` otherwise) and is stored normalized (ids once, text trimmed).
 *
 * @example
 * ```ts
 * configChangesFrom({ temperature: 0.76 }); // { configuration: { temperature: 0.8 } }
 * ```
 */
export function configChangesFrom(body: Record<string, unknown>): AnimalChanges {
  const configuration: Partial<AnimalConfiguration> = {};
  for (const key of configurationKeys) {
    if (body[key] !== undefined) configuration[key] = body[key] as never;
  }
  if (typeof body.temperature === 'number')
    configuration.temperature = roundTo(body.temperature, 1);
  if (typeof body.topP === 'number') configuration.topP = roundTo(body.topP, 2);
  if (body.guardrails !== undefined) {
    configuration.guardrails = parseBody(
      animalGuardrailsSchema,
      body.guardrails,
      'The guardrails are not valid',
      'guardrails',
    );
  }
  return {
    ...(Object.keys(configuration).length === 0 ? {} : { configuration }),
    ...(typeof body.personality === 'string' ? { personality: body.personality } : {}),
  };
}

/**
 * Throws 409 when another live animal already has this name (case-insensitive), as the old
 * server did. Two simultaneous creates of one name can both pass: the store has no name index.
 *
 * @example
 * ```ts
 * await assertUniqueName(repositories.animals, 'Pokey');
 * ```
 */
export async function assertUniqueName(
  animals: AnimalRepository,
  name: string,
  exceptAnimalId?: string,
): Promise<void> {
  const wanted = name.trim().toLowerCase();
  const taken = (await animals.list()).some(
    (animal) => animal.animalId !== exceptAnimalId && animal.name.trim().toLowerCase() === wanted,
  );
  if (taken) throw restErrors.conflict('An animal with this name already exists', { name });
}
