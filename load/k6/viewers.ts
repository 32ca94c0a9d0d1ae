/**
 * k6 scenario `viewers`: `VIEWERS` sockets (default 10,000) in ONE conversation, split over the
 * nodes in `ENGINE_URLS` (e.g. two nodes sharing one Redis); the sender (VU 1) is on the second
 * URL's node (VU numbers start at 1), so the other half of the viewers gets the reply through the
 * Socket.IO adapter. One k6 process with 10,000 VUs needs `ulimit -n` above 10,000.
 *
 * `k6 run -e ENGINE_URLS=http://127.0.0.1:3001,http://127.0.0.1:3002 -e VIEWERS=10000 load/k6/viewers.ts`
 *
 * @module
 */
import type { Options } from 'k6/options';
import { createSharedConversation, type SharedConversation } from './conversation-setup.ts';
import { engineUrls, numberSetting } from './engine-urls.ts';
import { roomMember } from './room-members.ts';

const viewers = numberSetting('VIEWERS', 10_000);
const durationSeconds = numberSetting('DURATION_SECONDS', 60);

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    viewers: {
      executor: 'per-vu-iterations',
      vus: viewers,
      iterations: 1,
      maxDuration: `${durationSeconds + 120}s`,
    },
  },
  thresholds: { cmz_joined: ['rate>0.99'] },
};

/** Runs once before the VUs (k6 lifecycle). */
export function setup(): SharedConversation {
  return createSharedConversation(engineUrls()[0] as string);
}

/** One VU. */
export default function (shared: SharedConversation): void {
  roomMember(shared);
}
