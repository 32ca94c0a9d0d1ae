/**
 * The in-memory conversation store: the default for a single node. Everything is lost when the
 * process exits; use the Redis store to survive restarts or to run several nodes.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import type { ConversationMessage, Locale } from '../protocol/events.ts';
import type {
  ClaimedMessage,
  ClaimResult,
  ConversationRecord,
  ConversationStore,
  ConversationStoreOptions,
  ReactionResult,
  ReactionToggle,
} from './conversation-store.ts';
import {
  newConversationId,
  resolveConversationStoreOptions,
} from './conversation-store-options.ts';
import {
  forgetDroppedReactors,
  toggleMemoryReaction,
  type ReactorsByMessage,
} from './memory-reactions.ts';

/** Options of {@link createMemoryConversationStore}. */
export interface MemoryConversationStoreOptions extends Partial<ConversationStoreOptions> {
  /** Clock in epoch milliseconds; injected by tests to expire things without waiting. */
  now?: () => number;
  /** How often expired conversations and claims are swept out of memory. @default 60000 */
  sweepIntervalMs?: number;
}

interface StoredClaim {
  value: ClaimedMessage;
  expiresAtMs: number;
}

interface StoredConversation {
  record: ConversationRecord;
  messages: ConversationMessage[];
  claims: Map<string, StoredClaim>;
  reactors: ReactorsByMessage;
  expiresAtMs: number;
}

class MemoryConversationStore implements ConversationStore {
  readonly #limits: ConversationStoreOptions;
  readonly #now: () => number;
  readonly #conversations = new Map<string, StoredConversation>();
  readonly #idsByVisitorAndAnimal = new Map<string, string>();
  readonly #idsByVisitor = new Map<string, Set<string>>();
  readonly #sweepTimer: NodeJS.Timeout;

  constructor(options: MemoryConversationStoreOptions) {
    this.#limits = resolveConversationStoreOptions(options);
    this.#now = options.now ?? Date.now;
    // Lazy expiry alone never frees conversations nobody reads again; unref'd so it never keeps
    // the process alive.
    this.#sweepTimer = setInterval(() => this.#sweep(), options.sweepIntervalMs ?? 60_000);
    this.#sweepTimer.unref();
  }

  async getOrCreateConversation(input: {
    visitorId: string;
    animalId: string;
    locale: Locale;
  }): Promise<ConversationRecord> {
    const indexKey = JSON.stringify([input.visitorId, input.animalId]);
    const existingId = this.#idsByVisitorAndAnimal.get(indexKey);
    const existing = existingId === undefined ? undefined : this.#live(existingId);
    if (existing) {
      this.#touch(existing);
      return structuredClone(existing.record);
    }
    const createdAt = new Date(this.#now()).toISOString();
    const record: ConversationRecord = {
      id: newConversationId(),
      visitorId: input.visitorId,
      animalId: input.animalId,
      locale: input.locale,
      createdAt,
      updatedAt: createdAt,
    };
    const stored = { record, messages: [], claims: new Map(), reactors: new Map(), expiresAtMs: 0 };
    this.#touch(stored);
    this.#conversations.set(record.id, stored);
    this.#idsByVisitorAndAnimal.set(indexKey, record.id);
    const visitorIds = this.#idsByVisitor.get(input.visitorId) ?? new Set<string>();
    this.#idsByVisitor.set(input.visitorId, visitorIds.add(record.id));
    return structuredClone(record);
  }

  async getConversation(conversationId: string): Promise<ConversationRecord | null> {
    const stored = this.#live(conversationId);
    return stored ? structuredClone(stored.record) : null;
  }

  async setLocale(conversationId: string, locale: Locale): Promise<void> {
    const stored = this.#require(conversationId);
    stored.record.locale = locale;
    this.#markUpdated(stored);
  }

  async appendMessage(conversationId: string, message: ConversationMessage): Promise<void> {
    const stored = this.#require(conversationId);
    const copy = structuredClone(message);
    // Reactions only ever come from toggleReaction.
    delete copy.reactions;
    stored.messages.push(copy);
    const excess = stored.messages.length - this.#limits.maxMessages;
    if (excess > 0) {
      stored.messages.splice(0, excess);
      forgetDroppedReactors(stored.reactors, stored.messages);
    }
    this.#markUpdated(stored);
  }

  async listMessages(conversationId: string, limit?: number): Promise<ConversationMessage[]> {
    const stored = this.#live(conversationId);
    if (!stored || (limit !== undefined && limit <= 0)) return [];
    const kept = limit === undefined ? stored.messages : stored.messages.slice(-Math.floor(limit));
    return structuredClone(kept);
  }

  async claimClientMessage(
    conversationId: string,
    clientMessageId: string,
    value: ClaimedMessage,
  ): Promise<ClaimResult> {
    const stored = this.#require(conversationId);
    const existing = this.#liveClaim(stored, clientMessageId);
    if (existing) return { claimed: false, existing: structuredClone(existing.value) };
    const expiresAtMs = this.#now() + this.#limits.claimTtlSeconds * 1000;
    stored.claims.set(clientMessageId, { value: structuredClone(value), expiresAtMs });
    return { claimed: true };
  }

  async findClientMessage(
    conversationId: string,
    clientMessageId: string,
  ): Promise<ClaimedMessage | null> {
    const stored = this.#live(conversationId);
    const claim = stored ? this.#liveClaim(stored, clientMessageId) : undefined;
    return claim ? structuredClone(claim.value) : null;
  }

  async deleteConversation(conversationId: string): Promise<void> {
    this.#remove(conversationId);
  }

  async deleteVisitor(visitorId: string): Promise<string[]> {
    // Expired ones too: erasure must not wait for the sweep to forget them.
    const ids = [...(this.#idsByVisitor.get(visitorId) ?? [])].sort();
    for (const conversationId of ids) this.#remove(conversationId);
    return ids;
  }

  async listConversations(visitorId: string): Promise<ConversationRecord[]> {
    const ids = [...(this.#idsByVisitor.get(visitorId) ?? [])];
    const records = ids.flatMap((conversationId) => {
      const stored = this.#live(conversationId);
      return stored ? [structuredClone(stored.record)] : [];
    });
    return records.sort(
      (left, right) =>
        right.updatedAt.localeCompare(left.updatedAt) || (right.id > left.id ? 1 : -1),
    );
  }

  async toggleReaction(toggle: ReactionToggle): Promise<ReactionResult> {
    const stored = this.#require(toggle.conversationId);
    const result = toggleMemoryReaction(stored.messages, stored.reactors, toggle);
    this.#touch(stored);
    return result;
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.#sweepTimer);
  }

  /** The conversation if it exists and has not expired; an expired one is removed on the way. */
  #live(conversationId: string): StoredConversation | undefined {
    const stored = this.#conversations.get(conversationId);
    if (stored && stored.expiresAtMs <= this.#now()) {
      this.#remove(conversationId);
      return undefined;
    }
    return stored;
  }

  #require(conversationId: string): StoredConversation {
    const stored = this.#live(conversationId);
    if (!stored) throw new EngineError('CMZ_ERR_SESSION_CONVERSATION_NOT_FOUND');
    return stored;
  }

  #liveClaim(stored: StoredConversation, clientMessageId: string): StoredClaim | undefined {
    const claim = stored.claims.get(clientMessageId);
    if (claim && claim.expiresAtMs <= this.#now()) {
      stored.claims.delete(clientMessageId);
      return undefined;
    }
    return claim;
  }

  #touch(stored: StoredConversation): void {
    stored.expiresAtMs = this.#now() + this.#limits.ttlSeconds * 1000;
  }

  #markUpdated(stored: StoredConversation): void {
    stored.record.updatedAt = new Date(this.#now()).toISOString();
    this.#touch(stored);
  }

  #remove(conversationId: string): void {
    const stored = this.#conversations.get(conversationId);
    if (!stored) return;
    this.#conversations.delete(conversationId);
    const visitorIds = this.#idsByVisitor.get(stored.record.visitorId);
    visitorIds?.delete(conversationId);
    if (visitorIds?.size === 0) this.#idsByVisitor.delete(stored.record.visitorId);
    const indexKey = JSON.stringify([stored.record.visitorId, stored.record.animalId]);
    // Only drop the index when it still points here, never a newer conversation of the pair.
    if (this.#idsByVisitorAndAnimal.get(indexKey) === conversationId) {
      this.#idsByVisitorAndAnimal.delete(indexKey);
    }
  }

  #sweep(): void {
    for (const conversationId of [...this.#conversations.keys()]) {
      const stored = this.#live(conversationId);
      if (!stored) continue;
      for (const clientMessageId of [...stored.claims.keys()]) {
        this.#liveClaim(stored, clientMessageId);
      }
    }
  }
}

/**
 * Creates the in-memory conversation store (one node only). Expiry happens lazily on access and
 * in a periodic sweep; `close()` stops the sweep.
 *
 * @example
 * ```ts
 * const store = createMemoryConversationStore({ maxMessages: 50 });
 * const conversation = await store.getOrCreateConversation({ visitorId: 'v1', animalId: 'bella', locale: 'en' });
 * ```
 */
export function createMemoryConversationStore(
  options: MemoryConversationStoreOptions = {},
): ConversationStore {
  return new MemoryConversationStore(options);
}
