/**
 * Reactions of a live room, counted across nodes: each node adds what it received in a window
 * (a `windowMs` slot of the clock) to the room's total in the store, and two windows later the
 * first node to claim the window sends `room:reactions` with the total. Members get at most one
 * event per window, whatever the number of nodes, and never one event per reaction.
 *
 * @module
 */
import type { RoomStore } from './room-store.ts';

/** Options of {@link ReactionWindows}. */
export interface ReactionWindowsOptions {
  store: RoomStore;
  /** @default 500 */
  windowMs?: number;
  /** Sends a window's total to the room's members. */
  send: (roomId: string, counts: Record<string, number>) => void;
  /** The clock. @default Date.now */
  now?: () => number;
  onError?: (error: unknown) => void;
}

/**
 * Counts one node's reactions per room and window.
 *
 * @example
 * ```ts
 * const reactions = new ReactionWindows({ store, send: (roomId, counts) => emit(roomId, counts) });
 * reactions.react('rm_1', '👍');
 * ```
 */
export class ReactionWindows {
  readonly #options: Required<Omit<ReactionWindowsOptions, 'onError'>> &
    Pick<ReactionWindowsOptions, 'onError'>;
  /** `roomId` → window → emoji → count, not yet written. */
  readonly #local = new Map<string, Map<number, Map<string, number>>>();
  /** Windows this node wrote to, to claim once every node had time to write. */
  readonly #toClaim = new Map<string, { roomId: string; window: number }>();
  readonly #timer: NodeJS.Timeout;
  #busy = false;

  constructor(options: ReactionWindowsOptions) {
    this.#options = { windowMs: 500, now: Date.now, ...options };
    this.#timer = setInterval(() => void this.tick(), this.#options.windowMs);
    this.#timer.unref();
  }

  /** Counts one reaction in the current window. */
  react(roomId: string, emoji: string): void {
    const window = this.#window();
    const windows = this.#local.get(roomId) ?? new Map<number, Map<string, number>>();
    this.#local.set(roomId, windows);
    const counts = windows.get(window) ?? new Map<string, number>();
    windows.set(window, counts);
    counts.set(emoji, (counts.get(emoji) ?? 0) + 1);
  }

  /** Writes finished windows and sends the totals that are due (run every window by the timer). */
  async tick(): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      await this.#write();
      await this.#claim();
    } catch (error) {
      this.#options.onError?.(error);
    } finally {
      this.#busy = false;
    }
  }

  close(): void {
    clearInterval(this.#timer);
  }

  #window(): number {
    return Math.floor(this.#options.now() / this.#options.windowMs);
  }

  async #write(): Promise<void> {
    const current = this.#window();
    const writes: Promise<void>[] = [];
    for (const [roomId, windows] of this.#local) {
      for (const [window, counts] of windows) {
        if (window >= current) continue;
        windows.delete(window);
        writes.push(this.#options.store.addReactions(roomId, window, Object.fromEntries(counts)));
        this.#toClaim.set(`${roomId}:${window}`, { roomId, window });
      }
      if (windows.size === 0) this.#local.delete(roomId);
    }
    await Promise.all(writes);
  }

  async #claim(): Promise<void> {
    // A window is claimed two windows after it ended: every node's timer has written it by then.
    const due = this.#window() - 2;
    for (const [key, { roomId, window }] of this.#toClaim) {
      if (window > due) continue;
      this.#toClaim.delete(key);
      const counts = await this.#options.store.claimReactions(roomId, window);
      if (counts !== null) this.#options.send(roomId, counts);
    }
  }
}
