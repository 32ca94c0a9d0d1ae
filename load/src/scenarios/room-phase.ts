/**
 * One conversation shared by many sockets, replies fanned out to all of them (scenarios `room`
 * and `viewers`). On the engine the only way to share a conversation today is one visitor
 * identity: the first socket's `session:ready` guest token is reused by every other socket, which
 * then joins the same `conversationId` (the live rooms of a later issue replace this).
 *
 * @module
 */
import { conversationDriver, waitUntil } from '../conversation-driver.ts';
import { createDeliveryRecorder, timeFirstToken } from '../delivery-recorder.ts';
import { measureWindow } from '../measure-window.ts';
import type { PhaseServers } from '../phase-servers.ts';
import { countError, type PhaseResult, type ScenarioContext } from '../scenario-types.ts';
import { closeSwarm, connectOne, connectSwarm, forEachLimited } from '../socket-swarm.ts';

/** Options of {@link runRoomPhase}. */
export interface RoomPhaseOptions {
  members: number;
  durationSeconds: number;
  replyTokens: number;
}

/**
 * Connects `members` sockets into one conversation, then sends replies one after another for
 * the duration (at least one) and measures every delivery.
 *
 * @example
 * ```ts
 * const phase = await runRoomPhase(servers, context, { members: 1000, durationSeconds: 20, replyTokens: 40 });
 * ```
 */
export async function runRoomPhase(
  servers: PhaseServers,
  context: ScenarioContext,
  options: RoomPhaseOptions,
): Promise<PhaseResult> {
  const driver = conversationDriver(servers.kind);
  const firstUrl = servers.urls[0] as string;
  const first = await connectOne({ kind: servers.kind }, firstUrl, 0);
  const sockets = [first];
  const errors: Record<string, number> = {};
  try {
    const conversationId = await driver.joinOwn(first.socket, 0);
    const connectStarted = performance.now();
    const others = await connectSwarm({
      kind: servers.kind,
      // Rotated so that, with the first socket on node 0, the members split evenly.
      urls: [...servers.urls.slice(1), firstUrl],
      count: options.members - 1,
      ...(first.guestToken ? { guestToken: first.guestToken } : {}),
    });
    sockets.push(...others);
    // A failed join is counted and that socket left out, so one error code does not hide the
    // numbers of every socket that did join.
    const members = [first];
    await forEachLimited(others, 100, async (entry) => {
      try {
        await driver.joinShared(entry.socket, conversationId);
        members.push(entry);
      } catch (error) {
        countError(errors, `join: ${(error as Error).message.replace(/^join \S+ failed: /, '')}`);
      }
    });
    const joinedMs = performance.now() - connectStarted;
    const recorder = createDeliveryRecorder(context.model);
    for (const entry of members) recorder.attach(entry.socket);
    first.socket.on('reply:error', (event: { code: string }) => countError(errors, event.code));
    const ttftAdded: number[] = [];
    let replies = 0;
    const deadline = performance.now() + options.durationSeconds * 1000;
    const { window } = await measureWindow(servers.pids, async () => {
      do {
        ttftAdded.push(
          await timeFirstToken(first.socket, context.model, () =>
            driver.send(first.socket, conversationId, errors),
          ),
        );
        replies += 1;
        const target = replies * members.length;
        await waitUntil(
          () => recorder.counts.replyEnds >= target,
          60_000,
          `all ${members.length} members got reply ${replies}'s end`,
        );
      } while (performance.now() < deadline);
    });
    recorder.pause();
    return {
      server: servers.kind,
      sockets: options.members,
      latencies: recorder.latencies,
      ttftAdded,
      counts: recorder.counts,
      expectedTokenDeliveries: replies * members.length * options.replyTokens,
      windowSeconds: window.seconds,
      usage: window.usage,
      clientCpuPercent: window.clientCpuPercent,
      errors,
      extra: {
        replies: String(replies),
        joined: `${members.length}/${options.members}`,
        'connect + join all': `${(joinedMs / 1000).toFixed(1)} s`,
        nodes: String(servers.urls.length),
      },
    };
  } finally {
    await closeSwarm(sockets);
  }
}
