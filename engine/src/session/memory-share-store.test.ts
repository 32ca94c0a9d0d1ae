import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMemoryShareStore, type MemoryShareStoreOptions } from './memory-share-store.ts';
import { describeShareStoreContract, sampleSnapshot } from './share-store.contract.ts';
import type { ShareStore } from './share-store.ts';

describeShareStoreContract('memory share store', (options) => createMemoryShareStore(options));

describe('memory share store expiry', () => {
  let clockMs = Date.UTC(2025, 5, 1);
  const stores: ShareStore[] = [];
  const open = (options: MemoryShareStoreOptions = {}) => {
    const store = createMemoryShareStore({ now: () => clockMs, ...options });
    stores.push(store);
    return store;
  };
  const share = { creatorVisitorId: 'v_1', snapshot: sampleSnapshot() };

  afterEach(async () => {
    vi.useRealTimers();
    await Promise.all(stores.splice(0).map((store) => store.close()));
  });

  it('expires a share 30 days after it was created', async () => {
    const store = open();
    const shareId = await store.createShare(share);
    clockMs += 30 * 86_400_000 - 1;
    expect(await store.getShare(shareId)).not.toBeNull();
    clockMs += 1;
    expect(await store.getShare(shareId)).toBeNull();
    expect(await store.revokeShare(shareId, 'v_1')).toBe(false);
  });

  it('sweeps expired shares out of memory', async () => {
    vi.useFakeTimers();
    const store = open({ ttlSeconds: 60, sweepIntervalMs: 1_000 });
    const startMs = clockMs;
    const shareId = await store.createShare(share);
    clockMs = startMs + 61_000;
    vi.advanceTimersByTime(1_000);
    // Turning the clock back shows what the sweep removed: lazy expiry alone would find it.
    clockMs = startMs;
    expect(await store.getShare(shareId)).toBeNull();
  });

  it('stores copies, so callers cannot change a snapshot', async () => {
    const store = open();
    const snapshot = sampleSnapshot();
    const shareId = await store.createShare({ creatorVisitorId: 'v_1', snapshot });
    snapshot.animal.name = 'changed';
    const read = await store.getShare(shareId);
    if (read) read.messages.length = 0;
    expect(await store.getShare(shareId)).toEqual(sampleSnapshot());
  });
});
