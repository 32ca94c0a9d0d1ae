/**
 * Stored animals as the spec's `Animal`, `AnimalDetails` and `AnimalConfig` bodies, in the old
 * server's shapes (`id` beside `animalId`, `personality` as a string, `configuration` inline).
 *
 * @module
 */
import type { AnimalRecord } from '../persistence/animal-repository.ts';

/**
 * Rounds to `decimals` places, as the old config editor did (temperature 0.1, topP 0.01).
 *
 * @example
 * ```ts
 * roundTo(0.76, 1); // 0.8
 * ```
 */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/**
 * The spec's `Animal`.
 *
 * @example
 * ```ts
 * const body = toAnimalResponse(record);
 * ```
 */
export function toAnimalResponse(record: AnimalRecord): Record<string, unknown> {
  return {
    animalId: record.animalId,
    id: record.animalId,
    name: record.name,
    species: record.species,
    ...(record.description === undefined ? {} : { description: record.description }),
    status: record.status,
    personality: record.personality.description,
    configuration: record.configuration,
    ...auditOf(record),
  };
}

/**
 * The spec's `AnimalDetails`: the animal plus habitat and image. An image that is not an
 * absolute URL (the spec's `format: uri`) is left out rather than failing the response.
 *
 * @example
 * ```ts
 * const body = toAnimalDetailsResponse(record);
 * ```
 */
export function toAnimalDetailsResponse(record: AnimalRecord): Record<string, unknown> {
  return {
    ...toAnimalResponse(record),
    animalDetailId: `details-${record.animalId}`,
    ...(record.habitat === undefined ? {} : { habitat: record.habitat }),
    ...(record.imageUrl !== undefined && URL.canParse(record.imageUrl)
      ? { imageUrl: record.imageUrl }
      : {}),
  };
}

/**
 * The spec's `AnimalConfig`, plus the record's `version` for optimistic concurrency (send it
 * back with `PATCH /animal_config` to get a 409 instead of overwriting someone else's edit).
 *
 * @example
 * ```ts
 * const body = toAnimalConfigResponse(record); // { animalConfigId: 'config-bella', ... }
 * ```
 */
export function toAnimalConfigResponse(record: AnimalRecord): Record<string, unknown> {
  const { configuration } = record;
  return {
    animalConfigId: `config-${record.animalId}`,
    voice: configuration.voice,
    personality: record.personality.description,
    ...(configuration.systemPrompt === undefined
      ? {}
      : { systemPrompt: configuration.systemPrompt }),
    aiModel: configuration.aiModel,
    temperature: roundTo(configuration.temperature, 1),
    topP: roundTo(configuration.topP, 2),
    ...(configuration.maxTokens === undefined ? {} : { maxTokens: configuration.maxTokens }),
    responseFormat: configuration.responseFormat ?? 'text',
    toolsEnabled: [...configuration.toolsEnabled],
    guardrails: configuration.guardrails,
    version: record.version,
    ...auditOf(record),
  };
}

function auditOf(record: AnimalRecord) {
  return {
    created: record.created,
    ...(record.modified === undefined ? {} : { modified: record.modified }),
    ...(record.deleted === undefined ? {} : { deleted: record.deleted }),
    softDelete: record.softDelete,
  };
}
