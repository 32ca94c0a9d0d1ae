/**
 * Journals one reply's deltas without slowing its stream: each delta is sent to the journal at
 * once and not awaited (one Redis connection keeps them in order), failures are logged, and a
 * lost or refused append is repaired by replacing the journaled text with the full text so far.
 * `flush()` waits for every write, so the end of a reply is journaled after all its deltas.
 *
 * @module
 */
import type { JournalDelta, ReplyJournal } from './reply-journal.ts';

/**
 * The writer of one reply.
 *
 * @example
 * ```ts
 * const writer = new ReplyJournalWriter(journal, 'r1', (error) => logger.warn({ err: error }));
 * writer.delta({ seq: 1, text: 'Hi ' }, () => ({ seq: 1, text: 'Hi ' }));
 * await writer.flush(() => ({ seq: 1, text: 'Hi ' }));
 * ```
 */
export class ReplyJournalWriter {
  readonly #journal: ReplyJournal;
  readonly #replyId: string;
  readonly #onError: (error: unknown) => void;
  #pending: Promise<unknown> = Promise.resolve();
  #needsRepair = false;

  constructor(journal: ReplyJournal, replyId: string, onError: (error: unknown) => void) {
    this.#journal = journal;
    this.#replyId = replyId;
    this.#onError = onError;
  }

  /** Journals the next delta; `full` gives the whole text so far (used to repair a gap). */
  delta(delta: JournalDelta, full: () => JournalDelta): void {
    const repair = this.#needsRepair;
    this.#needsRepair = false;
    const write = repair
      ? this.#journal.replace(this.#replyId, full())
      : this.#journal.append(this.#replyId, delta);
    this.#track(write);
  }

  /** Resolves once every write has settled and any gap has been repaired. */
  async flush(full: () => JournalDelta): Promise<void> {
    await this.#pending;
    if (!this.#needsRepair) return;
    this.#needsRepair = false;
    this.#track(this.#journal.replace(this.#replyId, full()));
    await this.#pending;
  }

  #track(write: Promise<boolean>): void {
    const settled = write.then(
      (applied) => {
        if (!applied) this.#needsRepair = true;
      },
      (error: unknown) => {
        this.#needsRepair = true;
        this.#onError(error);
      },
    );
    this.#pending = Promise.all([this.#pending, settled]);
  }
}
