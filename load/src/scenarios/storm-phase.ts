/**
 * A reconnect storm (scenario `storm`): K sockets, each in its own conversation, drop at the same
 * moment and reconnect at once (no backoff, no concurrency limit: the worst case a deploy or a
 * network blip produces). Each one reconnects as the same visitor and rejoins its conversation;
 * the time from the drop to the join acknowledgement is measured per socket, and until the last.
 * A probe socket that does not drop keeps chatting, so the report shows what the storm does to
 * deliveries of the visitors who stayed.
 *
 * @module
 */
import { conversationDriver } from '../conversation-driver.ts';
import { percentile } from '../percentiles.ts';
import type { PhaseServers } from '../phase-servers.ts';
import { countError, type PhaseResult, type ScenarioContext } from '../scenario-types.ts';
import {
  closeSwarm,
  connectOne,
  connectSwarm,
  forEachLimited,
  type SwarmSocket,
} from '../socket-swarm.ts';
import { runChatsPhase } from './chats-phase.ts';

/** Options of {@link runStormPhase}. */
export interface StormPhaseOptions {
  sockets: number;
  /** How long the probe chats; the storm starts 1.5 s in. */
  durationSeconds: number;
  replyTokens: number;
}

/**
 * Connects, drops and reconnects the sockets while a probe chats.
 *
 * @example
 * ```ts
 * const phase = await runStormPhase(servers, context, { sockets: 5000, durationSeconds: 10, replyTokens: 40 });
 * ```
 */
export async function runStormPhase(
  servers: PhaseServers,
  context: ScenarioContext,
  options: StormPhaseOptions,
): Promise<PhaseResult> {
  const driver = conversationDriver(servers.kind);
  let sockets: SwarmSocket[] = await connectSwarm({
    kind: servers.kind,
    urls: servers.urls,
    count: options.sockets,
  });
  const errors: Record<string, number> = {};
  try {
    const conversationIds = new Array<string>(sockets.length);
    await forEachLimited(sockets, 100, async (entry, index) => {
      conversationIds[index] = await driver.joinOwn(entry.socket, index);
    });
    const rejoinMs: number[] = [];
    let allRejoinedMs = 0;
    const storm = async () => {
      // The probe is chatting by now.
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      const identities = sockets.map((entry) => entry.guestToken);
      const dropped = performance.now();
      for (const entry of sockets) entry.socket.close();
      const outcomes = await Promise.allSettled(
        identities.map(async (guestToken, index) => {
          const url = servers.urls[index % servers.urls.length] as string;
          const entry = await connectOne(
            { kind: servers.kind, ...(guestToken ? { guestToken } : {}) },
            url,
            index,
          );
          await driver.joinShared(entry.socket, conversationIds[index] as string);
          rejoinMs.push(performance.now() - dropped);
          return entry;
        }),
      );
      allRejoinedMs = performance.now() - dropped;
      sockets = outcomes.flatMap((outcome) => {
        if (outcome.status === 'fulfilled') return [outcome.value];
        // Without the socket's number and URL, so equal failures add up to one line.
        const reason =
          outcome.reason instanceof Error ? outcome.reason.message : String(outcome.reason);
        countError(
          errors,
          `rejoin failed: ${reason.replace(/^socket \d+ to \S+: /, '').replace(/^join \S+ failed: /, '')}`,
        );
        return [];
      });
    };
    const [probe] = await Promise.all([
      runChatsPhase(servers, context, {
        conversations: 1,
        durationSeconds: options.durationSeconds,
        replyTokens: options.replyTokens,
      }),
      storm(),
    ]);
    return {
      ...probe,
      sockets: options.sockets,
      errors: { ...probe.errors, ...errors },
      extra: {
        rejoined: `${rejoinMs.length}/${options.sockets}`,
        'all rejoined after': `${(allRejoinedMs / 1000).toFixed(2)} s`,
        'rejoin p50/p95/p99': [50, 95, 99]
          .map((p) => `${percentile(rejoinMs, p).toFixed(0)} ms`)
          .join(' / '),
        'probe replies': probe.extra.replies ?? '0',
      },
    };
  } finally {
    await closeSwarm(sockets);
  }
}
