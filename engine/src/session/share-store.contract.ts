/**
 * The behaviour every `ShareStore` must have, as a vitest suite each implementation's test file
 * runs against its own store.
 *
 * @module
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { SharedConversation } from '../protocol/events.ts';
import type { ShareStore, ShareStoreOptions } from './share-store.ts';

/** Builds a fresh store with the given limits. */
export type MakeShareStore = (
  options: Partial<ShareStoreOptions>,
) => ShareStore | Promise<ShareStore>;

/**
 * A small snapshot with unicode text and a citation.
 *
 * @example
 * ```ts
 * const shareId = await shares.createShare({ creatorVisitorId: 'v_1', snapshot: sampleSnapshot() });
 * ```
 */
export function sampleSnapshot(): SharedConversation {
  return {
    animal: { name: 'Bella', species: 'American black bear', emoji: '🐻' },
    messages: [
      { role: 'user', text: 'What do you eat? 🍓', createdAt: '2025-01-01T00:00:00.000Z' },
      {
        role: 'assistant',
        text: 'Sniff sniff! Berries and "fish" \\ 你好',
        createdAt: '2025-01-01T00:00:01.000Z',
        citations: [{ cardId: 'bella-diet-1', title: 'Diet', text: 'Bears eat berries.' }],
      },
    ],
    sharedAt: '2025-01-01T00:00:02.000Z',
  };
}

/**
 * Registers the shared contract tests for one share store implementation.
 *
 * @example
 * ```ts
 * describeShareStoreContract('memory', (options) => createMemoryShareStore(options));
 * ```
 */
export function describeShareStoreContract(name: string, makeStore: MakeShareStore): void {
  describe(`${name}: ShareStore contract`, () => {
    const opened: ShareStore[] = [];
    const open = async (options: Partial<ShareStoreOptions> = {}) => {
      const store = await makeStore(options);
      opened.push(store);
      return store;
    };
    afterEach(async () => {
      await Promise.all(opened.splice(0).map((store) => store.close()));
    });

    it('stores a snapshot under an unguessable id and returns it unchanged', async () => {
      const store = await open();
      const shareId = await store.createShare({
        creatorVisitorId: 'v_1',
        snapshot: sampleSnapshot(),
      });
      const again = await store.createShare({
        creatorVisitorId: 'v_1',
        snapshot: sampleSnapshot(),
      });
      expect(shareId).toMatch(/^[A-Za-z0-9_-]{24}$/);
      expect(again).not.toBe(shareId);
      expect(await store.getShare(shareId)).toEqual(sampleSnapshot());
      expect(await store.getShare('unknown-share-id')).toBeNull();
    });

    it('lets only the creator revoke, once', async () => {
      const store = await open();
      const shareId = await store.createShare({
        creatorVisitorId: 'v_1',
        snapshot: sampleSnapshot(),
      });
      expect(await store.revokeShare(shareId, 'v_2')).toBe(false);
      expect(await store.getShare(shareId)).toEqual(sampleSnapshot());
      expect(await store.revokeShare(shareId, 'v_1')).toBe(true);
      expect(await store.getShare(shareId)).toBeNull();
      expect(await store.revokeShare(shareId, 'v_1')).toBe(false);
      expect(await store.revokeShare('unknown-share-id', 'v_1')).toBe(false);
    });

    it('removes every share of one creator and keeps the others', async () => {
      const store = await open();
      const creatorVisitorId = `erased-${Math.random()}`;
      const own = [
        await store.createShare({ creatorVisitorId, snapshot: sampleSnapshot() }),
        await store.createShare({ creatorVisitorId, snapshot: sampleSnapshot() }),
      ];
      const kept = await store.createShare({
        creatorVisitorId: `${creatorVisitorId}-other`,
        snapshot: sampleSnapshot(),
      });
      expect(await store.revokeAllByCreator(creatorVisitorId)).toBe(2);
      for (const shareId of own) expect(await store.getShare(shareId)).toBeNull();
      expect(await store.getShare(kept)).toEqual(sampleSnapshot());
      expect(await store.revokeAllByCreator(creatorVisitorId)).toBe(0);
    });

    it('revokes the shares taken from a deleted conversation and keeps the others', async () => {
      const store = await open();
      const conversationId = `c_${Math.random().toString(36).slice(2)}`;
      const fromIt = [
        await store.createShare({
          creatorVisitorId: 'v_1',
          snapshot: sampleSnapshot(),
          conversationId,
        }),
        await store.createShare({
          creatorVisitorId: 'v_1',
          snapshot: sampleSnapshot(),
          conversationId,
        }),
      ];
      const other = await store.createShare({
        creatorVisitorId: 'v_1',
        snapshot: sampleSnapshot(),
        conversationId: `${conversationId}-other`,
      });
      const unlinked = await store.createShare({
        creatorVisitorId: 'v_1',
        snapshot: sampleSnapshot(),
      });
      expect(await store.revokeByConversation(conversationId)).toBe(2);
      for (const shareId of fromIt) expect(await store.getShare(shareId)).toBeNull();
      expect(await store.getShare(other)).toEqual(sampleSnapshot());
      expect(await store.getShare(unlinked)).toEqual(sampleSnapshot());
      expect(await store.revokeByConversation(conversationId)).toBe(0);
    });

    it('answers ping and rejects an invalid ttl', async () => {
      const store = await open();
      await expect(store.ping()).resolves.toBeUndefined();
      await expect(async () => open({ ttlSeconds: 0 })).rejects.toMatchObject({
        code: 'CMZ_ERR_CONFIG_INVALID',
      });
    });
  });
}
