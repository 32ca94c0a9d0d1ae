/**
 * Scenario `class`: one school session over several nodes (Redis), opened by a signed-in teacher
 * (REST layer loaded on every node), approval off so a student's question goes straight to the
 * animal; N students join with generated nicknames. Students ask one question after another
 * (round robin) and every answer's deltas to every student are measured. The teacher's socket is
 * not a student and is not measured.
 *
 * @module
 */
import { createAnswerOrderRecorder, formatAnswerOrder } from '../answer-order-recorder.ts';
import { waitUntil } from '../conversation-driver.ts';
import { createDeliveryRecorder, timeFirstToken } from '../delivery-recorder.ts';
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

/** Options of {@link runClassPhase}. */
export interface ClassPhaseOptions {
  students: number;
  durationSeconds: number;
  replyTokens: number;
}

interface Ack {
  ok: boolean;
  code?: string;
}

/** Questions students ask (moderation passes them; the answer's text comes from the model). */
const questions = [
  'What do you like to eat?',
  'Where do you sleep at night?',
  'How fast can you run?',
  'Do you have any friends here?',
];

/**
 * Opens the session, joins the students and asks questions for the duration (at least one),
 * each after the previous answer reached every student.
 *
 * @example
 * ```ts
 * const phase = await runClassPhase(servers, context, { students: 60, durationSeconds: 20, replyTokens: 40 });
 * ```
 */
export async function runClassPhase(
  servers: PhaseServers,
  context: ScenarioContext,
  options: ClassPhaseOptions,
): Promise<PhaseResult> {
  const room = await openRoomAsStaff(servers, seededStaff.educator, 'school:open', {
    approvalRequired: false,
  });
  const sockets: SwarmSocket[] = [room.host];
  const errors: Record<string, number> = {};
  try {
    const joinStarted = performance.now();
    const students = await connectSwarm({
      kind: 'engine',
      urls: servers.urls,
      count: options.students,
    });
    sockets.push(...students);
    const members: SwarmSocket[] = [];
    const nicknames = new Set<string>();
    await forEachLimited(students, 30, async (entry) => {
      // No nickname: the engine's friendly generator picks one.
      const ack = await emitWithAck<Ack & { nickname?: string }>(entry.socket, 'room:join', {
        joinCode: room.joinCode,
      });
      if (!ack.ok) countError(errors, `join: ${ack.code ?? '?'}`);
      else {
        members.push(entry);
        if (ack.nickname) nicknames.add(ack.nickname);
      }
    });
    const joinedMs = performance.now() - joinStarted;
    const recorder = createDeliveryRecorder(context.model);
    const order = createAnswerOrderRecorder();
    for (const entry of members) {
      recorder.attach(entry.socket);
      order.attach(entry.socket);
      entry.socket.on('reply:error', (event: { code: string }) => countError(errors, event.code));
    }
    const ttftAdded: number[] = [];
    let answers = 0;
    const deadline = performance.now() + options.durationSeconds * 1000;
    const { window } = await measureWindow(servers.pids, async () => {
      do {
        const asker = members[answers % members.length] as SwarmSocket;
        const text = questions[answers % questions.length] as string;
        ttftAdded.push(
          await timeFirstToken(asker.socket, context.model, () => {
            asker.socket.emit(
              'room:ask',
              { roomId: room.roomId, clientQuestionId: `load-q-${answers}`, text },
              (ack: Ack) => {
                if (!ack.ok) countError(errors, `ask: ${ack.code ?? '?'}`);
              },
            );
          }),
        );
        answers += 1;
        const target = answers * members.length;
        await waitUntil(
          () => recorder.counts.replyEnds >= target,
          60_000,
          `all ${members.length} students got answer ${answers}'s end`,
        );
      } while (performance.now() < deadline);
    });
    recorder.pause();
    return {
      server: 'engine',
      sockets: options.students,
      latencies: recorder.latencies,
      ttftAdded,
      counts: recorder.counts,
      expectedTokenDeliveries: answers * members.length * options.replyTokens,
      windowSeconds: window.seconds,
      usage: window.usage,
      clientCpuPercent: window.clientCpuPercent,
      errors,
      extra: {
        answers: String(answers),
        joined: `${members.length}/${options.students}`,
        'distinct nicknames': String(nicknames.size),
        'connect + join all': `${(joinedMs / 1000).toFixed(1)} s`,
        'answers per student': formatAnswerOrder(order.summarize(answers), answers),
        nodes: String(servers.urls.length),
      },
    };
  } finally {
    await closeSwarm(sockets);
  }
}
