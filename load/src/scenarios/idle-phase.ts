/**
 * N idle sockets (scenario `idle`): connect them, then hold them for the duration while one
 * extra probe socket chats, so the report has the memory and heartbeat CPU per 1,000 sockets and
 * the delivery latency a visitor sees on a node carrying that many idle connections.
 *
 * @module
 */
import { readProcessSample } from '../process-usage.ts';
import type { PhaseServers } from '../phase-servers.ts';
import type { PhaseResult, ScenarioContext } from '../scenario-types.ts';
import { closeSwarm, connectSwarm } from '../socket-swarm.ts';
import { runChatsPhase } from './chats-phase.ts';

/** Options of {@link runIdlePhase}. */
export interface IdlePhaseOptions {
  sockets: number;
  durationSeconds: number;
  replyTokens: number;
}

/**
 * Connects the idle sockets, measures memory growth, then holds them with a chatting probe.
 *
 * @example
 * ```ts
 * const phase = await runIdlePhase(servers, context, { sockets: 10_000, durationSeconds: 20, replyTokens: 40 });
 * ```
 */
export async function runIdlePhase(
  servers: PhaseServers,
  context: ScenarioContext,
  options: IdlePhaseOptions,
): Promise<PhaseResult> {
  const rssOf = () => servers.pids.reduce((sum, pid) => sum + readProcessSample(pid).rssBytes, 0);
  const rssBefore = rssOf();
  const connectStarted = performance.now();
  const sockets = await connectSwarm({
    kind: servers.kind,
    urls: servers.urls,
    count: options.sockets,
  });
  try {
    const connectSeconds = (performance.now() - connectStarted) / 1000;
    // Let the server finish the handshake work (and the GC catch up) before reading memory.
    await new Promise((resolve) => setTimeout(resolve, 3_000));
    const rssAfter = rssOf();
    const probe = await runChatsPhase(servers, context, {
      conversations: 1,
      durationSeconds: options.durationSeconds,
      replyTokens: options.replyTokens,
    });
    const perThousand = ((rssAfter - rssBefore) / options.sockets) * 1000;
    const cpu = probe.usage.reduce((sum, usage) => sum + usage.cpuPercent, 0);
    return {
      ...probe,
      sockets: options.sockets,
      extra: {
        'connect rate': `${Math.round(options.sockets / connectSeconds)} sockets/s`,
        'RSS per 1,000 sockets': `${(perThousand / 1024 / 1024).toFixed(1)} MB`,
        'CPU per 1,000 held sockets (incl. probe chat)': `${((cpu / options.sockets) * 1000).toFixed(2)} %`,
        'probe replies': probe.extra.replies ?? '0',
      },
    };
  } finally {
    await closeSwarm(sockets);
  }
}
