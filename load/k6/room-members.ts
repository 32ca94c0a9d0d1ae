/**
 * The VU code of the shared-conversation scripts (`big-room`, `viewers`): every VU connects as the
 * visitor created in `setup()` and joins the same conversation; VU 1 sends a message every
 * `REPLY_EVERY_SECONDS` until `DURATION_SECONDS`. Each member records the time from the sender's
 * `message:send` (carried in the message text as a wall-clock stamp, so it works across k6
 * instances on one host) to its first delta, the delta gaps and whether the whole reply arrived.
 *
 * @module
 */
import { Counter, Rate, Trend } from 'k6/metrics';
import { setInterval, setTimeout } from 'k6/timers';
import type { SharedConversation } from './conversation-setup.ts';
import { numberSetting, urlForVu } from './engine-urls.ts';
import { SocketIoSession } from './socket-io-framing.ts';

const firstDelta = new Trend('cmz_member_time_to_first_delta', true);
const deltaGap = new Trend('cmz_delta_gap', true);
const deltas = new Counter('cmz_deltas');
const replyEnds = new Counter('cmz_reply_ends');
const joined = new Rate('cmz_joined');

/**
 * One member's session.
 *
 * @example
 * ```ts
 * export default function (shared: SharedConversation) { roomMember(shared); }
 * ```
 */
export function roomMember(shared: SharedConversation): void {
  const durationSeconds = numberSetting('DURATION_SECONDS', 60);
  const replyEverySeconds = numberSetting('REPLY_EVERY_SECONDS', 5);
  const session = new SocketIoSession(urlForVu(), {
    protocolVersion: 1,
    guestToken: shared.guestToken,
  });
  let sentAt = 0;
  let lastDeltaAt = 0;
  session.on('session:ready', () =>
    session.emit('conversation:join', { conversationId: shared.conversationId }, (ack) => {
      joined.add((ack as { ok: boolean }).ok);
      if (__VU !== 1) return;
      const send = () =>
        session.emit('message:send', {
          conversationId: shared.conversationId,
          clientMessageId: `k6-room-${Date.now()}`,
          text: `Sent at ${Date.now()} tell me more`,
        });
      // Members need a moment to join before the first reply.
      setTimeout(send, 3_000);
      setInterval(send, replyEverySeconds * 1000);
    }),
  );
  session.on('message:new', (event) => {
    const stamp = /Sent at (\d+)/.exec((event as { message: { text: string } }).message.text);
    sentAt = stamp ? Number(stamp[1]) : Date.now();
    lastDeltaAt = 0;
  });
  session.on('reply:delta', () => {
    const now = Date.now();
    deltas.add(1);
    if (lastDeltaAt === 0 && sentAt > 0) firstDelta.add(now - sentAt);
    else if (lastDeltaAt > 0) deltaGap.add(now - lastDeltaAt);
    lastDeltaAt = now;
  });
  session.on('reply:end', () => replyEnds.add(1));
  setTimeout(() => session.close(), (durationSeconds + 5) * 1000);
}
