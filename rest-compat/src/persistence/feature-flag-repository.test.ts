import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createFeatureFlagRepository,
  type FeatureFlagRepository,
} from './feature-flag-repository.ts';
import { manualClock, startTestStore, type TestStore } from './test-store.ts';

let store: TestStore;
let flags: FeatureFlagRepository;
const clock = manualClock('2025-02-01T00:00:00.000Z');

beforeAll(async () => {
  store = await startTestStore();
  flags = createFeatureFlagRepository({
    document: store.document,
    tableName: store.tableNames.featureFlags,
    clock,
  });
});
afterAll(() => store.close());

describe('feature flag repository', () => {
  it('starts empty, patches named flags and keeps the others', async () => {
    expect(await flags.get()).toEqual({ flags: {} });
    const first = await flags.patch(
      { voice: { enabled: true, rollout: 0.5 }, 'ar.mode': { enabled: false } },
      { actorId: 'user_admin' },
    );
    expect(first).toEqual({
      flags: { voice: { enabled: true, rollout: 0.5 }, 'ar.mode': { enabled: false, rollout: 1 } },
      modified: { at: '2025-02-01T00:00:00.000Z', by: { actorId: 'user_admin' } },
    });
    clock.advance(5_000);
    await flags.patch({ voice: { enabled: false } });
    expect(await flags.get()).toEqual({
      flags: {
        voice: { enabled: false, rollout: 0.5 },
        'ar.mode': { enabled: false, rollout: 1 },
      },
      modified: { at: '2025-02-01T00:00:05.000Z' },
    });
    expect((await flags.patch({})).flags).toEqual({
      voice: { enabled: false, rollout: 0.5 },
      'ar.mode': { enabled: false, rollout: 1 },
    });
  });

  it('changes only the rollout when only the rollout is given', async () => {
    await flags.patch({ quiz: { enabled: true } });
    expect((await flags.patch({ quiz: { rollout: 0.25 } })).flags.quiz).toEqual({
      enabled: true,
      rollout: 0.25,
    });
  });

  it('keeps both of two concurrent patches of different flags', async () => {
    await Promise.all([
      flags.patch({ tour: { enabled: true } }),
      flags.patch({ map: { enabled: true, rollout: 0.1 } }),
    ]);
    expect((await flags.get()).flags).toMatchObject({
      tour: { enabled: true, rollout: 1 },
      map: { enabled: true, rollout: 0.1 },
    });
  });

  it('refuses a rollout outside 0 to 1 and writes nothing', async () => {
    await expect(flags.patch({ broken: { rollout: 1.5 } })).rejects.toThrow(RangeError);
    expect((await flags.get()).flags.broken).toBeUndefined();
  });

  it('reads flags stored as plain booleans by earlier versions', async () => {
    await store.document.send(
      new PutCommand({
        TableName: store.tableNames.featureFlags,
        Item: { flagDocumentId: 'global', flags: { voice: true, quiz: false } },
      }),
    );
    expect((await flags.get()).flags).toEqual({
      voice: { enabled: true, rollout: 1 },
      quiz: { enabled: false, rollout: 1 },
    });
    await flags.patch({ quiz: { rollout: 0.3 } });
    expect((await flags.get()).flags.quiz).toEqual({ enabled: false, rollout: 0.3 });
  });
});
