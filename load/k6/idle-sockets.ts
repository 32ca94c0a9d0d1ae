/**
 * k6 scenario `idle`: `SOCKETS` VUs each hold one engine socket for `HOLD_SECONDS`, answering
 * heartbeats. Watch the node's CPU and RSS from outside (the Node harness reads /proc).
 *
 * `k6 run -e ENGINE_URLS=http://127.0.0.1:3000 -e SOCKETS=1000 load/k6/idle-sockets.ts`
 *
 * @module
 */
import { Counter, Trend } from 'k6/metrics';
import { setTimeout } from 'k6/timers';
import type { Options } from 'k6/options';
import { numberSetting, urlForVu } from './engine-urls.ts';
import { SocketIoSession } from './socket-io-framing.ts';

const sockets = numberSetting('SOCKETS', 1000);
const holdSeconds = numberSetting('HOLD_SECONDS', 60);
const sessionReady = new Trend('cmz_session_ready', true);
const connectErrors = new Counter('cmz_connect_errors');

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    idle: {
      executor: 'per-vu-iterations',
      vus: sockets,
      iterations: 1,
      maxDuration: `${holdSeconds + 60}s`,
    },
  },
};

/** One VU. */
export default function (): void {
  const started = Date.now();
  const session = new SocketIoSession(urlForVu(), { protocolVersion: 1 });
  session.on('session:ready', () => sessionReady.add(Date.now() - started));
  session.on('connect_error', () => connectErrors.add(1));
  setTimeout(() => session.close(), holdSeconds * 1000);
}
