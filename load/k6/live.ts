/**
 * k6 scenario `live`: one live room opened in `setup()` by the seeded zookeeper (the node must run
 * the REST layer: `npm start`), `VIEWERS` VUs (default 10,000) over the nodes in `ENGINE_URLS`.
 * VU 1 is the moderator (the zookeeper's token): it approves every pending question from
 * `room:queue` and, from `ANSWER_AFTER_SECONDS`, answers the top question every
 * `ANSWER_EVERY_SECONDS`. VUs 2..11 ask a question each; every viewer upvotes every approved
 * question it hears of (`room:question`) and repeats its first vote (which must not count), and
 * sends `REACTIONS` reactions. Metrics: votes counted / repeats counted (must be 0),
 * `room:reactions` events per viewer, answers, delta gaps and `seq` problems. `teardown()` prints
 * the stored vote counts a fresh viewer sees, to compare with `cmz_votes_counted`.
 *
 * `k6 run -e ENGINE_URLS=http://127.0.0.1:3001,http://127.0.0.1:3002 -e VIEWERS=10000 load/k6/live.ts`
 *
 * @module
 */
import ws from 'k6/ws';
import { Counter, Rate, Trend } from 'k6/metrics';
import type { Options } from 'k6/options';
import { clearInterval, setInterval, setTimeout } from 'k6/timers';
import { engineUrls, numberSetting, urlForVu } from './engine-urls.ts';
import { AnswerCheck, openRoom, type OpenedRoom } from './room-setup.ts';
import { decodePacket, SocketIoSession, socketIoUrl } from './socket-io-framing.ts';

// k6 provides `console`; the type-check's ES2020 lib (no DOM) does not declare it.
declare const console: { log(message: string): void };

const viewers = numberSetting('VIEWERS', 10_000);
const answerAfterSeconds = numberSetting('ANSWER_AFTER_SECONDS', 40);
const answerEverySeconds = numberSetting('ANSWER_EVERY_SECONDS', 10);
const answerCount = numberSetting('ANSWERS', 3);
const reactionCount = numberSetting('REACTIONS', 3);
const holdSeconds = answerAfterSeconds + answerCount * answerEverySeconds + 15;
const joined = new Rate('cmz_joined');
const votesCounted = new Counter('cmz_votes_counted');
const voteAck = new Trend('cmz_vote_ack', true);
const repeatCounted = new Rate('cmz_repeat_vote_counted');
const reactionEvents = new Trend('cmz_reaction_events_per_viewer');
const memberFirstDelta = new Trend('cmz_member_time_to_first_delta', true);
const deltaGap = new Trend('cmz_delta_gap', true);
const answers = new Counter('cmz_answers_received');
const seqProblems = new Counter('cmz_seq_gaps_or_duplicates');

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    live: {
      executor: 'per-vu-iterations',
      vus: viewers,
      iterations: 1,
      maxDuration: `${holdSeconds + 120}s`,
    },
  },
  thresholds: {
    cmz_joined: ['rate>0.99'],
    cmz_repeat_vote_counted: ['rate==0'],
    cmz_seq_gaps_or_duplicates: ['count==0'],
  },
};

/** Runs once before the VUs (k6 lifecycle): the zookeeper opens the room. */
export function setup(): OpenedRoom {
  return openRoom(engineUrls()[0] as string, 'zookeeper@cmz.org', 'live:open', {
    animalId: __ENV.ANIMAL_ID ?? 'leo',
  });
}

/** One viewer, or (VU 1) the moderator. */
export default function (room: OpenedRoom): void {
  if (__VU === 1) return moderate(room);
  const session = new SocketIoSession(urlForVu(), { protocolVersion: 1 });
  const check = new AnswerCheck();
  const voted = new Set<string>();
  let reactionsSeen = 0;
  let messageAt = 0;
  let lastDeltaAt = 0;
  const vote = (questionId: string, repeat: boolean) => {
    const sentAt = Date.now();
    session.emit('room:vote', { roomId: room.roomId, questionId }, (ack) => {
      voteAck.add(Date.now() - sentAt);
      const counted = (ack as { counted?: boolean }).counted === true;
      if (repeat) repeatCounted.add(counted);
      else if (counted) votesCounted.add(1);
    });
  };
  session.on('session:ready', () =>
    session.emit('room:join', { joinCode: room.joinCode }, (ack) => {
      joined.add((ack as { ok: boolean }).ok);
      if (__VU <= 11) {
        session.emit('room:ask', {
          roomId: room.roomId,
          clientQuestionId: `k6-live-${__VU}`,
          text: 'What is your favourite food?',
        });
      }
      for (let index = 0; index < reactionCount; index += 1) {
        setTimeout(
          () => session.emit('room:react', { roomId: room.roomId, emoji: '👍' }),
          5_000 + Math.random() * 20_000,
        );
      }
    }),
  );
  session.on('room:question', (event) => {
    const { questionId, status } = (event as { question: { questionId: string; status: string } })
      .question;
    if (status !== 'approved' || voted.has(questionId)) return;
    const first = voted.size === 0;
    voted.add(questionId);
    vote(questionId, false);
    if (first) vote(questionId, true);
  });
  session.on('room:reactions', () => (reactionsSeen += 1));
  session.on('message:new', () => {
    messageAt = Date.now();
    lastDeltaAt = 0;
  });
  session.on('reply:delta', (event) => {
    const now = Date.now();
    const before = check.gaps + check.duplicates;
    if (check.delta(event) && messageAt > 0) memberFirstDelta.add(now - messageAt);
    else if (lastDeltaAt > 0) deltaGap.add(now - lastDeltaAt);
    seqProblems.add(check.gaps + check.duplicates - before);
    lastDeltaAt = now;
  });
  session.on('reply:end', (event) => {
    const before = check.duplicateEnds;
    check.end(event);
    answers.add(1);
    seqProblems.add(check.duplicateEnds - before);
  });
  setTimeout(() => {
    reactionEvents.add(reactionsSeen);
    session.close();
  }, holdSeconds * 1000);
}

function moderate(room: OpenedRoom): void {
  const session = new SocketIoSession(engineUrls()[0] as string, {
    protocolVersion: 1,
    token: room.token,
  });
  const approved = new Set<string>();
  session.on('session:ready', () => session.emit('room:join', { joinCode: room.joinCode }));
  session.on('room:queue', (event) => {
    for (const question of (event as { queue: { questionId: string; status: string }[] }).queue) {
      if (question.status !== 'pending' || approved.has(question.questionId)) continue;
      approved.add(question.questionId);
      session.emit('room:moderate', {
        roomId: room.roomId,
        action: 'approve',
        questionId: question.questionId,
      });
    }
  });
  setTimeout(() => {
    let answered = 0;
    const timer = setInterval(() => {
      session.emit('room:moderate', { roomId: room.roomId, action: 'answer-top' });
      answered += 1;
      if (answered >= answerCount) clearInterval(timer);
    }, answerEverySeconds * 1000);
  }, answerAfterSeconds * 1000);
  setTimeout(() => session.close(), holdSeconds * 1000);
}

/** Runs once after the VUs: prints the stored votes a fresh viewer sees. */
export function teardown(room: OpenedRoom): void {
  ws.connect(socketIoUrl(engineUrls()[0] as string), {}, (socket) => {
    socket.on('message', (frame: string) => {
      if (frame.startsWith('0')) socket.send('40{"protocolVersion":1}');
      else if (frame.startsWith('4')) {
        const { type, data } = decodePacket(frame.slice(1));
        if (type === '2' && data[0] === 'session:ready') {
          socket.send(`421${JSON.stringify(['room:join', { joinCode: room.joinCode }])}`);
        } else if (type === '3') {
          const questions = (data[0] as { questions?: { votes: number }[] }).questions ?? [];
          const total = questions.reduce((sum, question) => sum + question.votes, 0);
          console.log(`stored votes: ${total} over ${questions.length} questions`);
          socket.close();
        }
      }
    });
    socket.setTimeout(() => socket.close(), 10_000);
  });
}
