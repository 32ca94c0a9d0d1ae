/**
 * Helpers of the multi-node tests: a long reply for the fake OpenAI server, and the client's
 * rule for assembling a reply by `seq` (apply the next delta, drop an old one, fail on a gap).
 *
 * @module
 */
import type { ReplyDeltaEvent, ResumeResult } from '../protocol/events.ts';

/** Words of the test reply: long enough to stream for a few seconds at 20 tokens per second. */
export const replyWords = Array.from({ length: 70 }, (_, index) => `leaf${index + 1}`);

/** The test reply as the model sends it. */
export const replyText = replyWords.join(' ');

/**
 * The value, or a failed test when it is missing (instead of a non-null assertion).
 *
 * @example
 * ```ts
 * const end = present(reply.end);
 * ```
 */
export function present<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

/**
 * A reply assembled by the protocol's client rule; throws on a gap.
 *
 * @example
 * ```ts
 * const text = new AssembledReply();
 * text.apply({ seq: 1, text: 'Hi ' });
 * ```
 */
export class AssembledReply {
  text = '';
  lastSeq = 0;
  duplicates = 0;

  /** Applies one live delta (`fromSeq` for coalesced ones). */
  apply(delta: Pick<ReplyDeltaEvent, 'seq' | 'text' | 'fromSeq'>): void {
    if (delta.seq <= this.lastSeq) {
      this.duplicates += 1;
      return;
    }
    const first = delta.fromSeq ?? delta.seq;
    if (first !== this.lastSeq + 1) {
      throw new Error(`gap: expected seq ${this.lastSeq + 1}, got ${first}`);
    }
    this.text += delta.text;
    this.lastSeq = delta.seq;
  }

  /** Applies the catch-up of a resumed join. */
  resume(result: ResumeResult): void {
    if (result.snapshot) {
      this.text = result.snapshot.text;
      this.lastSeq = result.snapshot.seq;
    }
    for (const delta of result.deltas ?? []) this.apply(delta);
  }
}
