/**
 * k6 scenario `class`: one school session with approval off, opened in `setup()` by the seeded
 * educator (the node must run the REST layer: `npm start`), and `STUDENTS` VUs (default 60)
 * joining with generated nicknames over the nodes in `ENGINE_URLS`. Students 1..`QUESTIONS` ask
 * one question each, `ASK_EVERY_SECONDS` apart. Every student records the time from the answer's
 * user message (`message:new`) to its first delta, the gaps between deltas, answers received and
 * any `seq` gap or duplicate; the asker also the time from `room:ask` to the first delta.
 *
 * `k6 run -e ENGINE_URLS=http://127.0.0.1:3001,http://127.0.0.1:3002 -e STUDENTS=60 load/k6/class.ts`
 *
 * @module
 */
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { setTimeout } from 'k6/timers';
import { engineUrls, numberSetting, urlForVu } from './engine-urls.ts';
import { AnswerCheck, openRoom, type OpenedRoom } from './room-setup.ts';
import { SocketIoSession } from './socket-io-framing.ts';

const students = numberSetting('STUDENTS', 60);
const questions = numberSetting('QUESTIONS', 5);
const askEverySeconds = numberSetting('ASK_EVERY_SECONDS', 6);
const holdSeconds = 5 + questions * askEverySeconds + 10;
const joined = new Rate('cmz_joined');
const askedToFirstDelta = new Trend('cmz_ask_to_first_delta', true);
const messageToFirstDelta = new Trend('cmz_member_time_to_first_delta', true);
const deltaGap = new Trend('cmz_delta_gap', true);
const answers = new Counter('cmz_answers_received');
const seqProblems = new Counter('cmz_seq_gaps_or_duplicates');

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    class: {
      executor: 'per-vu-iterations',
      vus: students,
      iterations: 1,
      maxDuration: `${holdSeconds + 60}s`,
    },
  },
  thresholds: { cmz_joined: ['rate>0.99'], cmz_seq_gaps_or_duplicates: ['count==0'] },
};

/** Runs once before the VUs (k6 lifecycle): the teacher opens the session. */
export function setup(): OpenedRoom {
  return openRoom(engineUrls()[0] as string, 'educator@cmz.org', 'school:open', {
    animalId: __ENV.ANIMAL_ID ?? 'leo',
    approvalRequired: false,
  });
}

/** One student. */
export default function (room: OpenedRoom): void {
  const session = new SocketIoSession(urlForVu(), { protocolVersion: 1 });
  const check = new AnswerCheck();
  let askedAt = 0;
  let messageAt = 0;
  let lastDeltaAt = 0;
  session.on('session:ready', () =>
    // No nickname: the engine's friendly generator picks one.
    session.emit('room:join', { joinCode: room.joinCode }, (ack) => {
      joined.add((ack as { ok: boolean }).ok);
      if (__VU > questions) return;
      setTimeout(
        () => {
          askedAt = Date.now();
          session.emit('room:ask', {
            roomId: room.roomId,
            clientQuestionId: `k6-class-${__VU}`,
            text: 'What do you like to eat?',
          });
        },
        (5 + (__VU - 1) * askEverySeconds) * 1000,
      );
    }),
  );
  session.on('message:new', () => {
    messageAt = Date.now();
    lastDeltaAt = 0;
  });
  session.on('reply:delta', (event) => {
    const now = Date.now();
    const before = check.gaps + check.duplicates;
    if (check.delta(event)) {
      if (messageAt > 0) messageToFirstDelta.add(now - messageAt);
      if (askedAt > 0) askedToFirstDelta.add(now - askedAt);
      askedAt = 0;
    } else if (lastDeltaAt > 0) deltaGap.add(now - lastDeltaAt);
    seqProblems.add(check.gaps + check.duplicates - before);
    lastDeltaAt = now;
  });
  session.on('reply:end', (event) => {
    const before = check.duplicateEnds;
    check.end(event);
    answers.add(1);
    seqProblems.add(check.duplicateEnds - before);
  });
  setTimeout(() => session.close(), holdSeconds * 1000);
}
