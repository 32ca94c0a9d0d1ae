/**
 * k6 scenario `room`: `MEMBERS` sockets (default 1,000) in ONE conversation on one node, sharing
 * one guest identity (see conversation-setup.ts), replies fanned out to all of them.
 *
 * `k6 run -e ENGINE_URLS=http://127.0.0.1:3000 -e MEMBERS=1000 load/k6/big-room.ts`
 *
 * @module
 */
import type { Options } from 'k6/options';
import { createSharedConversation, type SharedConversation } from './conversation-setup.ts';
import { engineUrls, numberSetting } from './engine-urls.ts';
import { roomMember } from './room-members.ts';

const members = numberSetting('MEMBERS', 1000);
const durationSeconds = numberSetting('DURATION_SECONDS', 60);

/** k6 options: the VUs and their time limit (thresholds fail the run). */
export const options: Options = {
  scenarios: {
    room: {
      executor: 'per-vu-iterations',
      vus: members,
      iterations: 1,
      maxDuration: `${durationSeconds + 90}s`,
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
