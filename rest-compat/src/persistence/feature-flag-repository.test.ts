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
    const first = await flags.patch({ voice: true, 'ar.mode': false }, { actorId: 'user_admin' });
    expect(first).toEqual({
      flags: { voice: true, 'ar.mode': false },
      modified: { at: '2025-02-01T00:00:00.000Z', by: { actorId: 'user_admin' } },
    });
    clock.advance(5_000);
    await flags.patch({ voice: false });
    expect(await flags.get()).toEqual({
      flags: { voice: false, 'ar.mode': false },
      modified: { at: '2025-02-01T00:00:05.000Z' },
    });
    expect((await flags.patch({})).flags).toEqual({ voice: false, 'ar.mode': false });
  });

  it('keeps both of two concurrent patches of different flags', async () => {
    await Promise.all([flags.patch({ quiz: true }), flags.patch({ tour: true })]);
    expect((await flags.get()).flags).toMatchObject({ quiz: true, tour: true });
  });
});
