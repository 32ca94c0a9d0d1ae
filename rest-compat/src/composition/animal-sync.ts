/**
 * Keeps the engine's animal personas in step with DynamoDB: the content files seed the table on
 * first start (never overwriting keeper edits), the table then feeds the engine, and a change
 * made through the REST layer reaches the engine's next reply on every node (through Redis).
 * Each persona carries the animal's effective guardrails; a guardrail change reloads every animal
 * on every node (the message `*` on the channel), since a global rule or default guidance touches
 * them all and a zoo has few animals.
 *
 * @module
 */
import type { AnimalCatalog, AnimalPersona, Logger } from '@cmz/engine';
import type { Redis } from 'ioredis';
import { zooRulesFor } from '../guardrails/effective-guardrails.ts';
import { animalRecordToPersona } from '../operations/animal-persona-mapping.ts';
import type { AnimalRecord, AnimalRepository } from '../persistence/animal-repository.ts';
import type { GuardrailRepository } from '../persistence/guardrail-repository.ts';
import { openReloadChannel } from './reload-channel.ts';

const channelSuffix = 'animals:changed';
// Not a valid animal id (ids are letters, digits, `_` and `-`), so it cannot clash with one.
const everyAnimal = '*';

/** Loads animals into the catalog and propagates changes. */
export interface AnimalSync {
  /** Re-reads one animal from DynamoDB into this node's catalog and tells the other nodes. */
  changed(animalId: string): Promise<void>;
  /** Re-reads every animal (after a guardrail change) here and on the other nodes. */
  changedAll(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Seeds, loads and starts syncing.
 *
 * @example
 * ```ts
 * const sync = await startAnimalSync({ animals: repositories.animals, catalog, logger, redis });
 * ```
 */
export async function startAnimalSync(options: {
  animals: AnimalRepository;
  catalog: AnimalCatalog;
  logger: Logger;
  redis?: { publisher: Redis; subscriber: Redis } | undefined;
  keyPrefix?: string;
  /** The guardrails table; without it personas carry no guardrails. */
  guardrails?: GuardrailRepository;
  /** Applied to every persona before it enters the catalog (the animal's live assistant). */
  decorate?: (persona: AnimalPersona) => Promise<AnimalPersona>;
}): Promise<AnimalSync> {
  const { animals, catalog, logger } = options;
  const contentPersonas = new Map(
    catalog.list({ includeHidden: true }).map((persona) => [persona.id, persona]),
  );
  const guardrailRecords = async () => (options.guardrails ? await options.guardrails.list() : []);
  const toPersona = (
    record: AnimalRecord,
    records: Awaited<ReturnType<typeof guardrailRecords>>,
    current = catalog.get(record.animalId) ?? contentPersonas.get(record.animalId),
  ) =>
    animalRecordToPersona(
      record,
      current,
      options.guardrails ? zooRulesFor(record, records) : undefined,
    );
  const put = async (persona: AnimalPersona) =>
    catalog.put(options.decorate ? await options.decorate(persona) : persona);
  const seeded = await animals.seedFromPersonas([...contentPersonas.values()]);
  logger.info({ created: seeded.created.length, kept: seeded.kept.length }, 'animals seeded');
  const loadAll = async () => {
    const records = await guardrailRecords();
    for (const record of await animals.list()) await put(toPersona(record, records));
  };
  {
    // The first load maps onto the content personas, not onto what the catalog holds already.
    const records = await guardrailRecords();
    for (const record of await animals.list()) {
      await put(toPersona(record, records, contentPersonas.get(record.animalId)));
    }
  }
  const reload = async (animalId: string) => {
    if (animalId === everyAnimal) return loadAll();
    const record = await animals.get(animalId);
    const current = catalog.get(animalId) ?? contentPersonas.get(animalId);
    if (record !== undefined) await put(toPersona(record, await guardrailRecords(), current));
    // A deleted animal disappears from visitors' lists but stays for existing conversations.
    else if (current !== undefined) catalog.put({ ...current, status: 'hidden' });
  };
  const channel = await openReloadChannel({
    channel: `${options.keyPrefix ?? 'cmz:'}${channelSuffix}`,
    reload,
    logger,
    redis: options.redis,
    what: 'animal',
  });
  return {
    changed: (animalId) => channel.changed(animalId),
    changedAll: () => channel.changed(everyAnimal),
    close: () => channel.close(),
  };
}
