/**
 * Runs a room's approved questions one at a time, in approval order, on whichever node holds the
 * room's `answer` lease. The node that approves a question pumps the queue; every node also
 * pumps the rooms it has sockets in once per tick, so a queue whose node died (its lease expired)
 * is picked up by another. The lease is renewed while a reply runs; a reply itself fails over
 * through the reply journal.
 *
 * @module
 */
import type { Logger } from '../telemetry/logger.ts';
import type { RoomStore } from './room-store.ts';

/** Options of {@link AnswerQueue}. */
export interface AnswerQueueOptions {
  store: RoomStore;
  nodeId: string;
  /** How long the lease lasts without renewal. */
  leaseMs: number;
  /** False while the room may not answer (paused, taken over, ended): the queue waits. */
  canAnswer: (roomId: string) => Promise<boolean>;
  /**
   * Answers one question: resolves once it is accepted with `ended` (the reply's end), or null
   * when it was skipped. (Wrapped, because a promise resolved with a promise would wait for it.)
   */
  answer: (roomId: string, questionId: string) => Promise<{ ended: Promise<void> } | null>;
  logger?: Logger;
}

/**
 * The per-room answer queue runner of one node.
 *
 * @example
 * ```ts
 * const queue = new AnswerQueue({ store, nodeId, leaseMs: 30_000, canAnswer, answer });
 * queue.pump('rm_1');
 * ```
 */
export class AnswerQueue {
  readonly #options: AnswerQueueOptions;
  readonly #running = new Map<string, Promise<void>>();
  readonly #again = new Set<string>();
  #closed = false;

  constructor(options: AnswerQueueOptions) {
    this.#options = options;
  }

  /** Answers the room's queued questions if no node is doing it already. */
  pump(roomId: string): void {
    if (this.#closed) return;
    if (this.#running.has(roomId)) {
      this.#again.add(roomId);
      return;
    }
    const run = this.#drain(roomId)
      .catch((error: unknown) =>
        this.#options.logger?.warn({ err: error, operation: 'room-answer' }, 'answer queue failed'),
      )
      .finally(() => {
        this.#running.delete(roomId);
        if (this.#again.delete(roomId)) this.pump(roomId);
      });
    this.#running.set(roomId, run);
  }

  /** Stops taking new questions and waits for the answers running here. */
  async close(): Promise<void> {
    this.#closed = true;
    await Promise.all(this.#running.values());
  }

  async #drain(roomId: string): Promise<void> {
    const { store, nodeId, leaseMs } = this.#options;
    if (!(await store.acquireLease(roomId, 'answer', nodeId, leaseMs))) return;
    const renew = setInterval(() => {
      void store.renewLease(roomId, 'answer', nodeId, leaseMs).catch(() => false);
    }, leaseMs / 3);
    renew.unref();
    try {
      while (!this.#closed && (await this.#options.canAnswer(roomId))) {
        const questionId = await store.takeQueued(roomId);
        if (questionId === null) break;
        const accepted = await this.#options.answer(roomId, questionId);
        if (accepted !== null) await accepted.ended;
      }
    } finally {
      clearInterval(renew);
      await store.releaseLease(roomId, 'answer', nodeId);
    }
    // A question queued after the last take but before the release would otherwise wait a tick.
    if (!this.#closed && (await store.queueLength(roomId)) > 0) {
      if (await this.#options.canAnswer(roomId)) this.#again.add(roomId);
    }
  }
}
