/**
 * The in-memory share store: the default for a single node. Shares are lost when the process
 * exits; use the Redis store to keep them across restarts and nodes.
 *
 * @module
 */
import type { SharedConversation } from '../protocol/events.ts';
import {
  creatorFingerprint,
  newShareId,
  resolveShareStoreOptions,
  type ShareStore,
  type ShareStoreOptions,
} from './share-store.ts';

/** Options of {@link createMemoryShareStore}. */
export interface MemoryShareStoreOptions extends Partial<ShareStoreOptions> {
  /** Clock in epoch milliseconds; injected by tests to expire shares without waiting. */
  now?: () => number;
  /** How often expired shares are swept out of memory. @default 60000 */
  sweepIntervalMs?: number;
}

interface StoredShare {
  creator: string;
  snapshot: SharedConversation;
  expiresAtMs: number;
  conversationId?: string;
}

class MemoryShareStore implements ShareStore {
  readonly #ttlMs: number;
  readonly #now: () => number;
  readonly #shares = new Map<string, StoredShare>();
  readonly #sweepTimer: NodeJS.Timeout;

  constructor(options: MemoryShareStoreOptions) {
    this.#ttlMs = resolveShareStoreOptions(options).ttlSeconds * 1000;
    this.#now = options.now ?? Date.now;
    // Unref'd so it never keeps the process alive.
    this.#sweepTimer = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 60_000);
    this.#sweepTimer.unref();
  }

  async createShare(input: {
    creatorVisitorId: string;
    snapshot: SharedConversation;
    conversationId?: string;
  }): Promise<string> {
    const shareId = newShareId();
    this.#shares.set(shareId, {
      creator: creatorFingerprint(input.creatorVisitorId),
      snapshot: structuredClone(input.snapshot),
      expiresAtMs: this.#now() + this.#ttlMs,
      ...(input.conversationId === undefined ? {} : { conversationId: input.conversationId }),
    });
    return shareId;
  }

  async revokeByConversation(conversationId: string): Promise<number> {
    let removed = 0;
    for (const [shareId, stored] of [...this.#shares]) {
      if (stored.conversationId !== conversationId) continue;
      this.#shares.delete(shareId);
      removed++;
    }
    return removed;
  }

  async getShare(shareId: string): Promise<SharedConversation | null> {
    const stored = this.#live(shareId);
    return stored ? structuredClone(stored.snapshot) : null;
  }

  async revokeShare(shareId: string, visitorId: string): Promise<boolean> {
    const stored = this.#live(shareId);
    if (!stored || stored.creator !== creatorFingerprint(visitorId)) return false;
    this.#shares.delete(shareId);
    return true;
  }

  async revokeAllByCreator(visitorId: string): Promise<number> {
    const creator = creatorFingerprint(visitorId);
    let removed = 0;
    for (const [shareId, stored] of [...this.#shares]) {
      if (stored.creator !== creator) continue;
      this.#shares.delete(shareId);
      removed++;
    }
    return removed;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.#sweepTimer);
  }

  #live(shareId: string): StoredShare | undefined {
    const stored = this.#shares.get(shareId);
    if (stored && stored.expiresAtMs <= this.#now()) {
      this.#shares.delete(shareId);
      return undefined;
    }
    return stored;
  }

  #sweep(): void {
    for (const shareId of [...this.#shares.keys()]) this.#live(shareId);
  }
}

/**
 * Creates the in-memory share store (one node only); `close()` stops its expiry sweep.
 *
 * @example
 * ```ts
 * const shares = createMemoryShareStore();
 * const shareId = await shares.createShare({ creatorVisitorId: 'v_1', snapshot });
 * ```
 */
export function createMemoryShareStore(options: MemoryShareStoreOptions = {}): ShareStore {
  return new MemoryShareStore(options);
}
