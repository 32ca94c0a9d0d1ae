/**
 * Concurrent upvotes in a live room and the check that none was lost or counted twice: every
 * viewer votes for one question, every tenth viewer also for the next one and sends its first
 * vote again (which must answer `counted: false`). The final counts, read by a fresh viewer's
 * `room:join`, must equal the distinct (viewer, question) pairs cast.
 *
 * @module
 */
import { percentile } from './percentiles.ts';
import { countError } from './scenario-types.ts';
import { connectOne, emitWithAck, forEachLimited, type SwarmSocket } from './socket-swarm.ts';

interface VoteAck {
  ok: boolean;
  code?: string;
  counted?: boolean;
}

/** What the votes did. */
export interface VoteOutcome {
  /** `room:vote` events sent (including the repeated ones). */
  sent: number;
  /** Acks with `counted: true`. */
  counted: number;
  /** Repeated votes that were counted anyway (must be 0). */
  doubleCounted: number;
  /** Distinct (viewer, question) pairs whose ack failed. */
  failed: number;
  /** Distinct votes per question that were acknowledged. */
  expected: Map<string, number>;
  seconds: number;
  ackP50Ms: number;
  ackP99Ms: number;
}

/**
 * Casts the votes, `concurrency` viewers at a time.
 *
 * @example
 * ```ts
 * const outcome = await castVotes(viewers, roomId, questionIds, errors);
 * ```
 */
export async function castVotes(
  viewers: readonly SwarmSocket[],
  roomId: string,
  questionIds: readonly string[],
  errors: Record<string, number>,
  concurrency = 200,
): Promise<VoteOutcome> {
  const outcome: VoteOutcome = {
    sent: 0,
    counted: 0,
    doubleCounted: 0,
    failed: 0,
    expected: new Map(questionIds.map((id) => [id, 0])),
    seconds: 0,
    ackP50Ms: Number.NaN,
    ackP99Ms: Number.NaN,
  };
  const ackTimes: number[] = [];
  const vote = async (socket: SwarmSocket['socket'], questionId: string, repeat: boolean) => {
    outcome.sent += 1;
    const started = performance.now();
    const ack = await emitWithAck<VoteAck>(socket, 'room:vote', { roomId, questionId });
    ackTimes.push(performance.now() - started);
    if (!ack.ok) {
      countError(errors, `vote: ${ack.code ?? '?'}`);
      if (!repeat) outcome.failed += 1;
      return;
    }
    if (ack.counted) outcome.counted += 1;
    if (repeat && ack.counted) outcome.doubleCounted += 1;
    if (!repeat) outcome.expected.set(questionId, (outcome.expected.get(questionId) ?? 0) + 1);
  };
  const started = performance.now();
  await forEachLimited(viewers, concurrency, async (viewer, index) => {
    const first = questionIds[index % questionIds.length] as string;
    await vote(viewer.socket, first, false);
    if (index % 10 === 0 && questionIds.length > 1) {
      // A second question and the same vote again, at once: the store must tell them apart.
      await Promise.all([
        vote(viewer.socket, questionIds[(index + 1) % questionIds.length] as string, false),
        vote(viewer.socket, first, true),
      ]);
    }
  });
  outcome.seconds = (performance.now() - started) / 1000;
  outcome.ackP50Ms = percentile(ackTimes, 50);
  outcome.ackP99Ms = percentile(ackTimes, 99);
  return outcome;
}

/**
 * The votes the room reports now, per question id, as a viewer joining fresh on `url` sees them.
 *
 * @example
 * ```ts
 * const stored = await readVotes(servers.urls[1], joinCode);
 * ```
 */
export async function readVotes(url: string, joinCode: string): Promise<Map<string, number>> {
  const reader = await connectOne({ kind: 'engine' }, url, -2);
  try {
    const ack = await emitWithAck<{
      ok: boolean;
      code?: string;
      questions?: { questionId: string; votes: number }[];
    }>(reader.socket, 'room:join', { joinCode });
    if (!ack.ok) throw new Error(`reading votes failed: ${ack.code ?? '?'}`);
    return new Map((ack.questions ?? []).map((question) => [question.questionId, question.votes]));
  } finally {
    reader.socket.close();
  }
}

/**
 * `expected` and `stored` agree on every question: `'exact (3 questions)'` or the differences.
 *
 * @example
 * ```ts
 * compareVotes(outcome.expected, stored); // 'exact (5 questions, 1,100 votes)'
 * ```
 */
export function compareVotes(
  expected: ReadonlyMap<string, number>,
  stored: ReadonlyMap<string, number>,
): string {
  const differences: string[] = [];
  let total = 0;
  for (const [questionId, count] of expected) {
    total += count;
    const actual = stored.get(questionId);
    if (actual !== count) differences.push(`${questionId}: cast ${count}, stored ${actual ?? '–'}`);
  }
  return differences.length === 0
    ? `exact (${expected.size} questions, ${total} votes)`
    : `MISMATCH ${differences.join('; ')}`;
}
