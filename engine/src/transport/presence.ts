/**
 * Presence: how many sockets are in a conversation's room across every node. Each node counts
 * its own members (the adapter's local rooms) and writes them into one Redis hash per
 * conversation, `nodeId → <count>|<expiresAtMs>`; the total is the sum of the entries that have
 * not expired plus this node's live count. A node refreshes its entries every `refreshMs`, so the
 * entries of a node that died stop counting after `ttlMs` without anyone cleaning up.
 *
 * Changes are written and announced at most once per `throttleMs` per conversation
 * (`room:presence {conversationId, count}` to the room), so a burst of joins costs one event.
 *
 * @module
 */
import type { Redis } from 'ioredis';
import type { Logger } from '../telemetry/logger.ts';
import { conversationRoom, type EngineServer } from './socket-types.ts';

const roomPrefix = conversationRoom('');

/** Options of {@link PresenceTracker}. */
export interface PresenceOptions {
  /** This node's id (entries are keyed by it). */
  nodeId: string;
  /** The shared Redis; without it presence counts this node only. */
  redis?: Redis;
  /** The hash of one conversation (`createRedisKeys().presence`). */
  keyFor: (conversationId: string) => string;
  /** How long an entry counts without a refresh. @default 30000 */
  ttlMs?: number;
  /** How often live entries are refreshed. @default 10000 */
  refreshMs?: number;
  /** Minimum time between two writes (and announcements) for one conversation. @default 250 */
  throttleMs?: number;
  logger?: Logger;
}

/**
 * Tracks room sizes for one Socket.IO server.
 *
 * @example
 * ```ts
 * const presence = new PresenceTracker(io, { nodeId, redis, keyFor: keys.presence });
 * presence.start();
 * await presence.count('c_1'); // sockets in the room on every node
 * ```
 */
export class PresenceTracker {
  readonly #io: EngineServer;
  readonly #options: Required<Omit<PresenceOptions, 'redis' | 'logger'>> &
    Pick<PresenceOptions, 'redis' | 'logger'>;
  /** Last known total per conversation (for decisions that cannot wait, like coalescing). */
  readonly #totals = new Map<string, number>();
  /** Conversations whose local count changed and is waiting for its throttled write. */
  readonly #scheduled = new Map<string, NodeJS.Timeout>();
  readonly #lastWrite = new Map<string, number>();
  /** The count last announced to each room by this node. */
  readonly #announced = new Map<string, number>();
  /** Conversations this node has a live entry for (refreshed, and removed on close). */
  readonly #written = new Set<string>();
  #refreshTimer: NodeJS.Timeout | undefined;
  #closed = false;

  constructor(io: EngineServer, options: PresenceOptions) {
    this.#io = io;
    this.#options = { ttlMs: 30_000, refreshMs: 10_000, throttleMs: 250, ...options };
  }

  /** Listens to the adapter's room changes and starts the periodic refresh. */
  start(): void {
    const adapter = this.#io.of('/').adapter;
    const changed = (room: string) => {
      if (room.startsWith(roomPrefix)) this.#schedule(room.slice(roomPrefix.length));
    };
    adapter.on('join-room', changed);
    adapter.on('leave-room', changed);
    this.#refreshTimer = setInterval(() => void this.#refreshAll(), this.#options.refreshMs);
    this.#refreshTimer.unref();
  }

  /** Sockets in the room on this node. */
  localCount(conversationId: string): number {
    return this.#io.of('/').adapter.rooms.get(conversationRoom(conversationId))?.size ?? 0;
  }

  /** The last known total (this node's live count when nothing is known yet). */
  cachedCount(conversationId: string): number {
    return Math.max(this.#totals.get(conversationId) ?? 0, this.localCount(conversationId));
  }

  /**
   * Reads the total across nodes. When Redis does not answer, the last known total is used:
   * presence is a hint, never a reason to fail a join.
   */
  async count(conversationId: string): Promise<number> {
    const redis = this.#options.redis;
    if (redis === undefined) return this.localCount(conversationId);
    try {
      const entries = await redis.hgetall(this.#options.keyFor(conversationId));
      const total = this.#sum(conversationId, entries);
      this.#totals.set(conversationId, total);
      return total;
    } catch {
      return this.cachedCount(conversationId);
    }
  }

  /** Re-reads a conversation's total in the background (e.g. when a reply starts). */
  refresh(conversationId: string): void {
    void this.count(conversationId);
  }

  /** Stops refreshing and removes this node's entries (the node is going away). */
  async close(): Promise<void> {
    this.#closed = true;
    clearInterval(this.#refreshTimer);
    for (const timer of this.#scheduled.values()) clearTimeout(timer);
    this.#scheduled.clear();
    const redis = this.#options.redis;
    if (redis === undefined || this.#written.size === 0) return;
    const pipeline = redis.pipeline();
    for (const conversationId of this.#written) {
      pipeline.hdel(this.#options.keyFor(conversationId), this.#options.nodeId);
    }
    this.#written.clear();
    await pipeline.exec().catch(() => undefined);
  }

  #sum(conversationId: string, entries: Record<string, string>): number {
    const now = Date.now();
    let total = this.localCount(conversationId);
    for (const [node, value] of Object.entries(entries)) {
      if (node === this.#options.nodeId) continue;
      const [count, expiresAt] = value.split('|').map(Number);
      if (count !== undefined && expiresAt !== undefined && expiresAt > now) total += count;
    }
    return total;
  }

  #schedule(conversationId: string): void {
    if (this.#closed || this.#scheduled.has(conversationId)) return;
    const since = Date.now() - (this.#lastWrite.get(conversationId) ?? 0);
    const delay = Math.max(0, this.#options.throttleMs - since);
    const timer = setTimeout(() => {
      this.#scheduled.delete(conversationId);
      this.#lastWrite.set(conversationId, Date.now());
      void this.#publish(conversationId);
    }, delay);
    timer.unref();
    this.#scheduled.set(conversationId, timer);
  }

  /** Writes this node's count, then announces the new total when it changed. */
  async #publish(conversationId: string): Promise<void> {
    try {
      await this.#write([conversationId]);
    } catch (error) {
      this.#options.logger?.debug({ err: error, conversationId }, 'presence write failed');
    }
    const total = await this.count(conversationId);
    if (total !== this.#announced.get(conversationId) && !this.#closed) {
      this.#announced.set(conversationId, total);
      this.#io.to(conversationRoom(conversationId)).emit('room:presence', {
        conversationId,
        count: total,
      });
    }
  }

  async #write(conversationIds: string[]): Promise<void> {
    const redis = this.#options.redis;
    if (redis === undefined) return;
    const { nodeId, ttlMs, keyFor } = this.#options;
    const pipeline = redis.pipeline();
    for (const conversationId of conversationIds) {
      const key = keyFor(conversationId);
      const local = this.localCount(conversationId);
      if (local === 0) {
        pipeline.hdel(key, nodeId);
        this.#written.delete(conversationId);
        this.#announced.delete(conversationId);
        continue;
      }
      pipeline.hset(key, nodeId, `${local}|${Date.now() + ttlMs}`);
      // The whole hash goes away when no node refreshes it any more.
      pipeline.pexpire(key, ttlMs);
      this.#written.add(conversationId);
    }
    const results = (await pipeline.exec()) ?? [];
    const failed = results.find(([error]) => error !== null);
    if (failed) throw failed[0];
  }

  async #refreshAll(): Promise<void> {
    const conversationIds = [...this.#written];
    if (conversationIds.length === 0) return;
    try {
      await this.#write(conversationIds);
      await Promise.all(conversationIds.map((conversationId) => this.count(conversationId)));
    } catch (error) {
      this.#options.logger?.debug({ err: error }, 'presence refresh failed');
    }
  }
}

const trackers = new WeakMap<EngineServer, PresenceTracker>();

/**
 * Registers the tracker of a server, so the transport's join handler can put `presence` in its
 * acknowledgement without the engine's wiring having to know about presence.
 *
 * @example
 * ```ts
 * registerPresence(io, new PresenceTracker(io, options));
 * ```
 */
export function registerPresence(io: EngineServer, tracker: PresenceTracker): void {
  trackers.set(io, tracker);
}

/**
 * The tracker registered for a server, if any.
 *
 * @example
 * ```ts
 * const presence = presenceOf(io);
 * const count = presence ? await presence.count('c_1') : undefined;
 * ```
 */
export function presenceOf(io: EngineServer): PresenceTracker | undefined {
  return trackers.get(io);
}
