/**
 * Checks that every member of a shared room received every answer exactly once and in the same
 * order: it records the `replyId` of each `reply:end` per socket. The delivery recorder already
 * checks the tokens inside each answer (gaps and duplicates by `seq`); this checks the answers
 * themselves.
 *
 * @module
 */
import type { Socket } from 'socket.io-client';

/** The outcome over every attached socket. */
export interface AnswerOrderSummary {
  /** Sockets that got exactly the expected number of answers, each once, in the reference order. */
  complete: number;
  /** Sockets attached. */
  members: number;
  /** Sockets that got some answer's end more than once. */
  duplicated: number;
  /** Sockets with fewer answers than expected. */
  missing: number;
  /** Sockets whose answers came in another order than the first socket's. */
  reordered: number;
}

/**
 * Creates a recorder.
 *
 * @example
 * ```ts
 * const order = createAnswerOrderRecorder();
 * for (const { socket } of members) order.attach(socket);
 * order.summarize(3).complete; // members that got all 3 answers once, in order
 * ```
 */
export function createAnswerOrderRecorder() {
  const perSocket: string[][] = [];
  return {
    attach(socket: Socket) {
      const ends: string[] = [];
      perSocket.push(ends);
      socket.on('reply:end', (event: { replyId: string }) => ends.push(event.replyId));
    },
    /** Compares every socket with the first one, expecting `answers` answers. */
    summarize(answers: number): AnswerOrderSummary {
      const reference = perSocket[0] ?? [];
      const summary: AnswerOrderSummary = {
        complete: 0,
        members: perSocket.length,
        duplicated: 0,
        missing: 0,
        reordered: 0,
      };
      for (const ends of perSocket) {
        const unique = new Set(ends);
        const duplicated = unique.size !== ends.length;
        const missing = unique.size < answers;
        const reordered = ends.some((replyId, index) => reference[index] !== replyId);
        if (duplicated) summary.duplicated += 1;
        if (missing) summary.missing += 1;
        if (reordered) summary.reordered += 1;
        if (!duplicated && !missing && !reordered && ends.length === answers) summary.complete += 1;
      }
      return summary;
    },
  };
}

/**
 * One line for the report: `60/60 members got all 3 answers once, in order`, plus what failed.
 *
 * @example
 * ```ts
 * formatAnswerOrder(order.summarize(3), 3);
 * ```
 */
export function formatAnswerOrder(summary: AnswerOrderSummary, answers: number): string {
  const problems = [
    summary.duplicated > 0 ? `${summary.duplicated} with duplicates` : '',
    summary.missing > 0 ? `${summary.missing} missing some` : '',
    summary.reordered > 0 ? `${summary.reordered} in another order` : '',
  ].filter(Boolean);
  return `${summary.complete}/${summary.members} got all ${answers} once, in order${problems.length > 0 ? ` (${problems.join(', ')})` : ''}`;
}
