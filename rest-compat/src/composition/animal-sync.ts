/**
 * Keeps the engine's animal personas in step with DynamoDB: the content files seed the table on
 * first start (never overwriting keeper edits), the table then feeds the engine, and a change
 * made through the REST layer reaches the engine's next reply on every node (through Redis).
 *
 * @module
 */
import type { AnimalCatalog, Logger } from '@cmz/engine';
import type { Redis } from 'ioredis';
import { animalRecordToPersona } from '../operations/animal-persona-mapping.ts';
import type { AnimalRepository } from '../persistence/animal-repository.ts';

const channelSuffix = 'animals:changed';

/** Loads animals into the catalog and propagates changes. */
export interface AnimalSync {
  /** Re-reads one animal from DynamoDB into this node's catalog and tells the other nodes. */
  changed(animalId: string): Promise<void>;
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
}): Promise<AnimalSync> {
  const { animals, catalog, logger } = options;
  const contentPersonas = new Map(
    catalog.list({ includeHidden: true }).map((persona) => [persona.id, persona]),
  );
  const seeded = await animals.seedFromPersonas([...contentPersonas.values()]);
  logger.info({ created: seeded.created.length, kept: seeded.kept.length }, 'animals seeded');
  for (const record of await animals.list()) {
    catalog.put(animalRecordToPersona(record, contentPersonas.get(record.animalId)));
  }
  const reload = async (animalId: string) => {
    const record = await animals.get(animalId);
    const current = catalog.get(animalId) ?? contentPersonas.get(animalId);
    if (record !== undefined) catalog.put(animalRecordToPersona(record, current));
    // A deleted animal disappears from visitors' lists but stays for existing conversations.
    else if (current !== undefined) catalog.put({ ...current, status: 'hidden' });
  };
  const channel = `${options.keyPrefix ?? 'cmz:'}${channelSuffix}`;
  const onMessage = (received: string, animalId: string) => {
    if (received !== channel) return;
    reload(animalId).catch((error: unknown) =>
      logger.warn({ reason: String(error) }, 'animal reload from another node failed'),
    );
  };
  if (options.redis) {
    options.redis.subscriber.on('message', onMessage);
    await options.redis.subscriber.subscribe(channel);
  }
  return {
    async changed(animalId) {
      // The write is already stored: a failure to refresh or to tell other nodes must not turn a
      // successful change into an error (a retry would then conflict). Log it; nodes catch up
      // on their next start.
      try {
        await reload(animalId);
        await options.redis?.publisher.publish(channel, animalId);
      } catch (error) {
        logger.warn(
          { animalId, reason: String(error).slice(0, 200) },
          'animal change not propagated',
        );
      }
    },
    async close() {
      options.redis?.subscriber.off('message', onMessage);
      await options.redis?.subscriber.unsubscribe(channel).catch(() => undefined);
    },
  };
}
