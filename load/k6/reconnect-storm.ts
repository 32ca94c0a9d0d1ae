/**
 * k6 scenario `storm`: `SOCKETS` VUs each join their own conversation, then ALL drop their socket
 * at `STORM_AT_SECONDS` after the test start and reconnect at once as the same visitor, rejoining
 * their conversation. `cmz_rejoin` is the time from the drop to the join acknowledgement; its max
 * is the time until everyone has rejoined.
 *
 * @module
 */
import { Rate, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import type { Options } from 'k6/options';
import { numberSetting, urlForVu } from './engine-urls.ts';
import { SocketIoSession } from './socket-io-framing.ts';

const sockets = numberSetting('SOCKETS', 5000);
const stormAtSeconds = numberSetting('STORM_AT_SECONDS', 30);
const rejoin = new Trend('cmz_rejoin', true);
const rejoined = new Rate('cmz_rejoined');

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    storm: {
      executor: 'per-vu-iterations',
      vus: sockets,
      iterations: 1,
      maxDuration: `${stormAtSeconds + 90}s`,
    },
  },
  thresholds: { cmz_rejoined: ['rate>0.99'] },
};

/** Runs once before the VUs (k6 lifecycle). */
export function setup(): { startedAt: number } {
  return { startedAt: Date.now() };
}

/** One VU. */
export default function (data: { startedAt: number }): void {
  const url = urlForVu();
  const first = new SocketIoSession(url, { protocolVersion: 1 });
  first.on('session:ready', (ready) => {
    const guestToken = (ready as { guestToken: string }).guestToken;
    first.emit('conversation:join', { animalId: 'leo' }, (ack) => {
      const conversationId = (ack as { conversationId: string }).conversationId;
      const dropIn = Math.max(0, data.startedAt + stormAtSeconds * 1000 - Date.now());
      setTimeout(() => {
        const dropped = Date.now();
        first.close();
        const again = new SocketIoSession(url, { protocolVersion: 1, guestToken });
        again.on('session:ready', () =>
          again.emit('conversation:join', { conversationId }, (rejoinAck) => {
            const ok = (rejoinAck as { ok: boolean }).ok;
            rejoined.add(ok);
            if (ok) rejoin.add(Date.now() - dropped);
            setTimeout(() => again.close(), 5_000);
          }),
        );
      }, dropIn);
    });
  });
}
