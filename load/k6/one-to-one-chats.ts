/**
 * k6 scenario `chats`: `CONVERSATIONS` VUs, each its own visitor chatting with `leo`, asking again
 * as soon as a reply ended, for `DURATION_SECONDS`. Against the fake model (`npm run fake-llm`),
 * k6 cannot know when a token left the model, so it measures what a visitor sees: time to first
 * delta after `message:send`, gaps between deltas, whole replies.
 *
 * @module
 */
import { Counter, Rate, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import type { Options } from 'k6/options';
import { numberSetting, urlForVu } from './engine-urls.ts';
import { SocketIoSession } from './socket-io-framing.ts';

const conversations = numberSetting('CONVERSATIONS', 200);
const durationSeconds = numberSetting('DURATION_SECONDS', 60);
const firstDelta = new Trend('cmz_time_to_first_delta', true);
const deltaGap = new Trend('cmz_delta_gap', true);
const deltas = new Counter('cmz_deltas');
const replyOk = new Rate('cmz_reply_ok');

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    chats: {
      executor: 'per-vu-iterations',
      vus: conversations,
      iterations: 1,
      maxDuration: `${durationSeconds + 60}s`,
    },
  },
  thresholds: { cmz_reply_ok: ['rate>0.99'] },
};

/** One VU. */
export default function (): void {
  const deadline = Date.now() + durationSeconds * 1000;
  const session = new SocketIoSession(urlForVu(), { protocolVersion: 1 });
  let conversationId = '';
  let sentAt = 0;
  let lastDeltaAt = 0;
  const ask = () => {
    if (Date.now() > deadline) return session.close();
    sentAt = Date.now();
    lastDeltaAt = 0;
    session.emit('message:send', {
      conversationId,
      clientMessageId: `k6-${__VU}-${sentAt}`,
      text: 'Tell me about your day please',
    });
  };
  session.on('session:ready', () =>
    session.emit('conversation:join', { animalId: 'leo' }, (ack) => {
      conversationId = (ack as { conversationId: string }).conversationId;
      setTimeout(ask, Math.random() * 1000);
    }),
  );
  session.on('reply:delta', () => {
    const now = Date.now();
    deltas.add(1);
    if (lastDeltaAt === 0) firstDelta.add(now - sentAt);
    else deltaGap.add(now - lastDeltaAt);
    lastDeltaAt = now;
  });
  session.on('reply:end', () => {
    replyOk.add(true);
    ask();
  });
  session.on('reply:error', () => {
    replyOk.add(false);
    ask();
  });
}
