/**
 * Media metadata (`quest-dev-media`, key `mediaId`): what was uploaded (the sniffed type, size,
 * title, tags, animal) with audit fields. The bytes live on disk (`media/media-files.ts`).
 * Deleting is a soft delete by default (the file stays, so it can be restored); a permanent
 * delete removes the item.
 *
 * @module
 */
import { DeleteCommand } from '@aws-sdk/lib-dynamodb';
import { auditStamp, systemClock, type ActorRef, type AuditFields } from './audit.ts';
import {
  createLiveTable,
  isNotDeleted,
  newestFirst,
  type RepositoryOptions,
} from './live-table.ts';
import { NotFound } from './persistence-errors.ts';
import {
  isConditionFailure,
  queryAll,
  randomId,
  scanAll,
  type StoredItem,
} from './store-operations.ts';

/** What kind of media (the spec's `kind`). */
export type MediaKind = 'image' | 'audio' | 'video';

/** A new media item's metadata. */
export interface NewMedia {
  kind: MediaKind;
  mimeType: string;
  fileSize: number;
  /** The file extension of the sniffed type (`png`), used in the download name. */
  extension: string;
  title?: string | undefined;
  animalId?: string | null | undefined;
  description?: string | null | undefined;
  tags?: string[] | undefined;
}

/** A stored media item. */
export interface MediaRecord extends NewMedia, AuditFields {
  mediaId: string;
  tags: string[];
}

/** Typed access to media metadata. */
export interface MediaRepository {
  /** A new id for media about to be stored. */
  newId(): string;
  /** Stores metadata under an id from `newId` (the file is written first). */
  create(mediaId: string, input: NewMedia, actor?: ActorRef): Promise<MediaRecord>;
  /** A live item, or undefined (also for a soft-deleted one). */
  get(mediaId: string): Promise<MediaRecord | undefined>;
  /** Live items, newest first, filtered, at most `limit`. */
  list(options: { animalId?: string; kind?: MediaKind; limit: number }): Promise<MediaRecord[]>;
  /** Soft-deletes; NotFound when there is no live item. */
  softDelete(mediaId: string, actor?: ActorRef): Promise<void>;
  /** Removes the item (live or soft-deleted); NotFound when there is none. */
  remove(mediaId: string): Promise<void>;
}

/**
 * Creates the repository.
 *
 * @example
 * ```ts
 * const media = createMediaRepository({ document, tableName: names.media });
 * const mediaId = media.newId();
 * await media.create(mediaId, { kind: 'image', mimeType: 'image/png', fileSize: 68, extension: 'png' });
 * ```
 */
export function createMediaRepository(options: RepositoryOptions): MediaRepository {
  const { document, tableName } = options;
  const clock = options.clock ?? systemClock;
  const table = createLiveTable({ document, tableName, key: 'mediaId', entity: 'media' });
  return {
    newId: () => randomId('media_', 8),
    async create(mediaId, input, actor) {
      const record: MediaRecord = {
        mediaId,
        kind: input.kind,
        mimeType: input.mimeType,
        fileSize: input.fileSize,
        extension: input.extension,
        ...(input.title === undefined ? {} : { title: input.title }),
        // DynamoDB indexes cannot hold a null key: an item without animal has no attribute.
        ...(input.animalId ? { animalId: input.animalId } : {}),
        description: input.description ?? null,
        tags: [...(input.tags ?? [])],
        created: auditStamp(clock, actor),
        softDelete: false,
      };
      await table.putNew({ ...record });
      return record;
    },
    async get(mediaId) {
      const item = await table.getLive(mediaId);
      return item === undefined ? undefined : toRecord(item);
    },
    async list(listOptions) {
      const items =
        listOptions.animalId === undefined
          ? await scanAll(document, { TableName: tableName, ConsistentRead: true })
          : await queryAll(document, {
              TableName: tableName,
              IndexName: 'AnimalIndex',
              KeyConditionExpression: 'animalId = :animalId',
              ExpressionAttributeValues: { ':animalId': listOptions.animalId },
            });
      return items
        .filter(isNotDeleted)
        .map(toRecord)
        .filter((record) => listOptions.kind === undefined || record.kind === listOptions.kind)
        .sort(newestFirst)
        .slice(0, listOptions.limit);
    },
    async softDelete(mediaId, actor) {
      await table.softDelete(mediaId, auditStamp(clock, actor));
    },
    async remove(mediaId) {
      try {
        await table.send('DeleteItem', () =>
          document.send(
            new DeleteCommand({
              TableName: tableName,
              Key: { mediaId },
              ConditionExpression: 'attribute_exists(mediaId)',
            }),
          ),
        );
      } catch (error) {
        if (isConditionFailure(error)) throw new NotFound('media', mediaId);
        throw error;
      }
    },
  };
}

function toRecord(item: StoredItem): MediaRecord {
  const record = item as unknown as MediaRecord;
  return {
    ...record,
    tags: Array.isArray(item.tags) ? item.tags.map(String) : [],
    animalId: typeof item.animalId === 'string' ? item.animalId : null,
    softDelete: item.softDelete === true,
  };
}
