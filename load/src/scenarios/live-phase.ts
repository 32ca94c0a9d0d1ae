/**
 * Scenario `live`: one live room opened by a signed-in zookeeper (REST layer on every node),
 * N guest viewers over several nodes. A few viewers ask questions, the moderator approves them,
 * then every viewer upvotes at once (checked: stored counts = votes cast, none double), many
 * viewers react at once (checked: members get batched `room:reactions`, counted per socket and
 * second), and the moderator answers the top question, again and again for the duration; every
 * answer's deltas to every viewer are measured like the other scenarios.
 *
 * @module
 */
import { createAnswerOrderRecorder, formatAnswerOrder } from '../answer-order-recorder.ts';
import { waitUntil } from '../conversation-driver.ts';
import { createDeliveryRecorder, timeFirstToken } from '../delivery-recorder.ts';
import { recordReactions, sendReactions } from '../live-reactions.ts';
import { castVotes, compareVotes, readVotes } from '../live-votes.ts';
import { measureWindow } from '../measure-window.ts';
import type { PhaseServers } from '../phase-servers.ts';
import { seededStaff } from '../rest-layer.ts';
import { openRoomAsStaff } from '../room-staff.ts';
import { countError, type PhaseResult, type ScenarioContext } from '../scenario-types.ts';
import {
  closeSwarm,
  connectSwarm,
  emitWithAck,
  forEachLimited,
  type SwarmSocket,
} from '../socket-swarm.ts';

/** Options of {@link runLivePhase}. */
export interface LivePhaseOptions {
  viewers: number;
  durationSeconds: number;
  replyTokens: number;
}

interface Ack {
  ok: boolean;
  code?: string;
  question?: { questionId: string; text: string };
}

/** Enough approved questions that answering the top one never runs out within the duration. */
const questionTexts = [
  'What is your favourite food?',
  'How old are you?',
  'Where do you sleep?',
  'Who are your friends here?',
  'Do you like the rain?',
  'How far can you see?',
  'What do you do all day?',
  'Do you ever get bored?',
  'What sound do you make?',
  'Can you climb trees?',
];

/**
 * Runs the live room phase on the engine.
 *
 * @example
 * ```ts
 * const phase = await runLivePhase(servers, context, { viewers: 10_000, durationSeconds: 20, replyTokens: 20 });
 * ```
 */
export async function runLivePhase(
  servers: PhaseServers,
  context: ScenarioContext,
  options: LivePhaseOptions,
): Promise<PhaseResult> {
  const room = await openRoomAsStaff(servers, seededStaff.zookeeper, 'live:open', {
    pace: { mode: 'manual', intervalSeconds: 30 },
  });
  const moderator = room.host.socket;
  const sockets: SwarmSocket[] = [room.host];
  const errors: Record<string, number> = {};
  try {
    const joinStarted = performance.now();
    const connected = await connectSwarm({
      kind: 'engine',
      urls: servers.urls,
      count: options.viewers,
    });
    sockets.push(...connected);
    const viewers: SwarmSocket[] = [];
    await forEachLimited(connected, 100, async (entry) => {
      const ack = await emitWithAck<Ack>(entry.socket, 'room:join', { joinCode: room.joinCode });
      if (ack.ok) viewers.push(entry);
      else countError(errors, `join: ${ack.code ?? '?'}`);
    });
    const joinedMs = performance.now() - joinStarted;
    // Progress on stderr: a full run takes minutes before anything is measured.
    console.error(`  live: ${viewers.length} viewers joined in ${(joinedMs / 1000).toFixed(1)} s`);
    if (viewers.length < questionTexts.length) throw new Error('too few viewers joined');

    // Questions from the first viewers, approved so everyone can vote on them.
    const questionIds: string[] = [];
    for (const [index, text] of questionTexts.entries()) {
      const asker = viewers[index] as SwarmSocket;
      const ack = await emitWithAck<Ack>(asker.socket, 'room:ask', {
        roomId: room.roomId,
        clientQuestionId: `load-live-${index}`,
        text,
      });
      if (!ack.ok || !ack.question) throw new Error(`room:ask failed: ${ack.code ?? '?'}`);
      questionIds.push(ack.question.questionId);
      const approved = await emitWithAck<Ack>(moderator, 'room:moderate', {
        roomId: room.roomId,
        action: 'approve',
        questionId: ack.question.questionId,
      });
      if (!approved.ok) throw new Error(`approve failed: ${approved.code ?? '?'}`);
    }

    const votes = await castVotes(viewers, room.roomId, questionIds, errors);
    const stored = await readVotes(servers.urls.at(-1) as string, room.joinCode);
    const votesCheck = compareVotes(votes.expected, stored);
    console.error(`  live: ${votes.sent} votes in ${votes.seconds.toFixed(1)} s`);

    const reactions = recordReactions(viewers.map((viewer) => viewer.socket));
    const reactors = viewers.slice(0, Math.min(viewers.length, 2_000));
    const reactionsStarted = performance.now();
    const reactionsSent = await sendReactions(reactors, room.roomId, 3, 1_500);
    // The last window reaches members about a second after it closes.
    await waitUntil(
      () => reactions.sawAll(reactionsSent) === viewers.length,
      15_000,
      'every viewer saw every reaction',
    ).catch(() => countError(errors, 'reactions: not every viewer saw every reaction within 15 s'));
    const reactionSeconds = (performance.now() - reactionsStarted) / 1000;
    const reactionSummary = reactions.summarize(reactionsSent);

    // Answers: the moderator answers the top approved question, one after another.
    const recorder = createDeliveryRecorder(context.model);
    const order = createAnswerOrderRecorder();
    for (const viewer of viewers) {
      recorder.attach(viewer.socket);
      order.attach(viewer.socket);
    }
    const watcher = viewers[0] as SwarmSocket;
    const answeredTexts: string[] = [];
    watcher.socket.on('message:new', (event: { message: { role: string; text: string } }) => {
      if (event.message.role === 'user') answeredTexts.push(event.message.text);
    });
    watcher.socket.on('reply:error', (event: { code: string }) => countError(errors, event.code));
    const ttftAdded: number[] = [];
    let answers = 0;
    const deadline = performance.now() + options.durationSeconds * 1000;
    const { window } = await measureWindow(servers.pids, async () => {
      do {
        ttftAdded.push(
          await timeFirstToken(watcher.socket, context.model, () => {
            moderator.emit(
              'room:moderate',
              { roomId: room.roomId, action: 'answer-top' },
              (ack: Ack) => {
                if (!ack.ok) countError(errors, `answer-top: ${ack.code ?? '?'}`);
              },
            );
          }),
        );
        answers += 1;
        const target = answers * viewers.length;
        await waitUntil(
          () => recorder.counts.replyEnds >= target,
          120_000,
          `all ${viewers.length} viewers got answer ${answers}'s end`,
        );
      } while (performance.now() < deadline && answers < questionIds.length);
    });
    recorder.pause();
    // The top question by the votes cast (ties: the engine's own order, so only the first is
    // checked strictly).
    const top = [...votes.expected.entries()].sort(([, a], [, b]) => b - a)[0]?.[0];
    const topText = questionTexts[questionIds.indexOf(top ?? '')];
    return {
      server: 'engine',
      sockets: options.viewers,
      latencies: recorder.latencies,
      ttftAdded,
      counts: recorder.counts,
      expectedTokenDeliveries: answers * viewers.length * options.replyTokens,
      windowSeconds: window.seconds,
      usage: window.usage,
      clientCpuPercent: window.clientCpuPercent,
      errors,
      extra: {
        answers: String(answers),
        joined: `${viewers.length}/${options.viewers}`,
        'connect + join all': `${(joinedMs / 1000).toFixed(1)} s`,
        'answers per viewer': formatAnswerOrder(order.summarize(answers), answers),
        'first answer was the top question': String(answeredTexts[0] === topText),
        votes: `${votes.sent} sent (${votes.counted} counted, ${votes.doubleCounted} repeats counted twice, ${votes.failed} failed) in ${votes.seconds.toFixed(1)} s = ${(votes.sent / votes.seconds).toFixed(0)}/s, ack p50 ${votes.ackP50Ms.toFixed(1)} ms p99 ${votes.ackP99Ms.toFixed(1)} ms; stored vs cast: ${votesCheck}`,
        reactions: `${reactionsSent} from ${reactors.length} viewers; ${reactionSummary.sawAll}/${reactionSummary.members} viewers' windows add up to all of them; room:reactions per viewer mean ${reactionSummary.eventsMean.toFixed(1)}, max ${reactionSummary.eventsMax}, max ${reactionSummary.maxPerSecond} in one second (${(reactionSummary.events / reactionSeconds).toFixed(0)} events/s over all viewers, ${reactionSeconds.toFixed(1)} s)`,
        nodes: String(servers.urls.length),
      },
    };
  } finally {
    await closeSwarm(sockets);
  }
}
