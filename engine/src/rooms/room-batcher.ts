/**
 * Batches the chatty room updates of one node: vote counts and queue refreshes are collected per
 * room and flushed together every window (500 ms by default), so a thousand votes in a second
 * cost a few events per room, never one per vote. (Reactions are counted across nodes by
 * `reaction-windows.ts`.)
 *
 * @module
 */

/** What one flush hands over for one room. */
export interface RoomBatch {
  /** Latest vote count per question. */
  votes: Map<string, number>;
  /** The hosts' queue view should be refreshed. */
  queue: boolean;
}

/**
 * Collects room updates and flushes them once per window.
 *
 * @example
 * ```ts
 * const batcher = new RoomBatcher(500, (roomId, batch) => emit(roomId, batch));
 * batcher.vote('rm_1', 'q_1', 12);
 * ```
 */
export class RoomBatcher {
  readonly #pending = new Map<string, RoomBatch>();
  readonly #flush: (roomId: string, batch: RoomBatch) => void;
  readonly #timer: NodeJS.Timeout;

  constructor(windowMs: number, flush: (roomId: string, batch: RoomBatch) => void) {
    this.#flush = flush;
    this.#timer = setInterval(() => this.flushAll(), windowMs);
    this.#timer.unref();
  }

  /** Records a question's new vote count. */
  vote(roomId: string, questionId: string, votes: number): void {
    const batch = this.#batch(roomId);
    batch.votes.set(questionId, Math.max(votes, batch.votes.get(questionId) ?? 0));
  }

  /** Asks for a queue refresh to the room's hosts. */
  queueChanged(roomId: string): void {
    this.#batch(roomId).queue = true;
  }

  /** Flushes every room now. */
  flushAll(): void {
    const batches = [...this.#pending];
    this.#pending.clear();
    for (const [roomId, batch] of batches) this.#flush(roomId, batch);
  }

  /** Stops the timer (pending updates are dropped: the node is going away). */
  close(): void {
    clearInterval(this.#timer);
    this.#pending.clear();
  }

  #batch(roomId: string): RoomBatch {
    let batch = this.#pending.get(roomId);
    if (batch === undefined) {
      batch = { votes: new Map(), queue: false };
      this.#pending.set(roomId, batch);
    }
    return batch;
  }
}
