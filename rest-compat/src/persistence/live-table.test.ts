import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLiveTable, newestFirst, oldestFirst, type LiveTable } from './live-table.ts';
import { ConditionFailed, NotFound } from './persistence-errors.ts';
import { startTestStore, type TestStore } from './test-store.ts';

let store: TestStore;
let table: LiveTable;

beforeAll(async () => {
  store = await startTestStore();
  table = createLiveTable({
    document: store.document,
    tableName: store.tableNames.media,
    key: 'mediaId',
    entity: 'media',
  });
});
afterAll(() => store.close());

const stamp = (at: string) => ({ at });

describe('a soft-deleting table', () => {
  it('puts only new keys: the store error, or the caller’s error, on a taken key', async () => {
    await table.putNew({
      mediaId: 'm1',
      created: stamp('2025-01-01T00:00:00.000Z'),
      softDelete: false,
    });
    await expect(table.putNew({ mediaId: 'm1', softDelete: false })).rejects.toMatchObject({
      name: 'ConditionalCheckFailedException',
    });
    await expect(
      table.putNew({ mediaId: 'm1' }, () => new ConditionFailed('media', 'm1', 'taken')),
    ).rejects.toBeInstanceOf(ConditionFailed);
  });

  it('reads, scans and updates live items only, and answers NotFound for the others', async () => {
    await table.putNew({
      mediaId: 'm2',
      created: stamp('2025-01-02T00:00:00.000Z'),
      softDelete: false,
    });
    const updated = await table.updateLive('m2', {
      UpdateExpression: 'SET title = :title',
      ExpressionAttributeValues: { ':title': 'Leo' },
    });
    expect(updated).toMatchObject({ mediaId: 'm2', title: 'Leo' });
    await expect(
      table.updateLive('m2', {
        UpdateExpression: 'SET title = :title',
        ExpressionAttributeValues: { ':title': 'Other', ':kind': 'image' },
        condition: 'kind = :kind',
      }),
    ).rejects.toBeInstanceOf(NotFound);

    const deleted = await table.softDelete('m2', stamp('2025-01-03T00:00:00.000Z'));
    expect(deleted).toMatchObject({
      softDelete: true,
      deleted: { at: '2025-01-03T00:00:00.000Z' },
    });
    expect(deleted.modified).toEqual(deleted.deleted);
    expect(await table.getLive('m2')).toBeUndefined();
    expect(await table.getLive('m2', () => true)).toMatchObject({ mediaId: 'm2' });
    await expect(table.softDelete('m2', stamp('2025-01-04T00:00:00.000Z'))).rejects.toThrow(
      NotFound,
    );
    await expect(table.softDelete('missing', stamp('2025-01-04T00:00:00.000Z'))).rejects.toThrow(
      NotFound,
    );
    expect((await table.scanLive()).map((item) => item.mediaId)).toEqual(['m1']);
  });

  it('can leave `modified` alone and require another attribute than the key', async () => {
    await table.putNew({
      mediaId: 'm3',
      created: stamp('2025-01-05T00:00:00.000Z'),
      softDelete: false,
    });
    await expect(
      table.softDelete('m3', stamp('2025-01-06T00:00:00.000Z'), { existsAttribute: 'kind' }),
    ).rejects.toThrow(NotFound);
    const deleted = await table.softDelete('m3', stamp('2025-01-06T00:00:00.000Z'), {
      touchModified: false,
    });
    expect(deleted.modified).toBeUndefined();
  });

  it('orders records by creation', () => {
    const records = [stamp('2025-01-02T00:00:00.000Z'), stamp('2025-01-01T00:00:00.000Z')].map(
      (created) => ({ created }),
    );
    expect([...records].sort(oldestFirst)[0]?.created.at).toBe('2025-01-01T00:00:00.000Z');
    expect([...records].sort(newestFirst)[0]?.created.at).toBe('2025-01-02T00:00:00.000Z');
  });
});
