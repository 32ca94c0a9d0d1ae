/**
 * The order questions are shown in. Live rooms put the most upvoted first (docs/rooms.md: "the
 * moderators' queue, sorted by votes"); school sessions keep the order students asked in, so the
 * teacher reads them as they came. The engine sends its queue sorted, but votes also arrive in
 * batches (`room:votes`) that change the order between two queue events, so the page sorts again.
 *
 * @module
 */
import type { RoomKind, RoomQuestion } from './room-protocol.ts';

const byTime = (a: RoomQuestion, b: RoomQuestion) =>
  a.createdAt.localeCompare(b.createdAt) || a.questionId.localeCompare(b.questionId);

/**
 * Returns a sorted copy: live by votes (most first; ties by who asked first), school by time.
 *
 * @example
 * ```ts
 * sortQueue(queue, 'live')[0]; // the question with the most votes
 * ```
 */
export function sortQueue(queue: readonly RoomQuestion[], kind: RoomKind): RoomQuestion[] {
  const copy = [...queue];
  return kind === 'live'
    ? copy.sort((a, b) => b.votes - a.votes || byTime(a, b))
    : copy.sort(byTime);
}

/**
 * Applies a batch of vote counts (`room:votes`) to a list; questions not in the batch keep theirs.
 *
 * @example
 * ```ts
 * withVotes(queue, [{ questionId: 'q1', votes: 3 }]);
 * ```
 */
export function withVotes(
  questions: readonly RoomQuestion[],
  votes: readonly { questionId: string; votes: number }[],
): RoomQuestion[] {
  const counts = new Map(votes.map((entry) => [entry.questionId, entry.votes]));
  return questions.map((question) => {
    const count = counts.get(question.questionId);
    return count === undefined || count === question.votes
      ? question
      : { ...question, votes: count };
  });
}

/** Questions a moderator still has to decide on or answer. */
const OPEN: ReadonlySet<string> = new Set(['pending', 'approved', 'answering']);

/**
 * The questions a host's queue shows: pending, approved and the one being answered.
 *
 * @example
 * ```ts
 * openQuestions(queue).length;
 * ```
 */
export function openQuestions(queue: readonly RoomQuestion[]): RoomQuestion[] {
  return queue.filter((question) => OPEN.has(question.status));
}
