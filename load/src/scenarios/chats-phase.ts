/**
 * Many 1:1 conversations at once (scenario `chats`): each socket is its own visitor in its own
 * conversation and asks again as soon as its reply ended, for the whole duration. Starts are
 * spread over the first second so the conversations do not tick in lockstep.
 *
 * @module
 */
import type { Socket } from 'socket.io-client';
import { conversationDriver, type ConversationDriver } from '../conversation-driver.ts';
import { createDeliveryRecorder, timeFirstToken } from '../delivery-recorder.ts';
import { measureWindow } from '../measure-window.ts';
import type { PhaseServers } from '../phase-servers.ts';
import { countError, type PhaseResult, type ScenarioContext } from '../scenario-types.ts';
import { closeSwarm, connectSwarm, forEachLimited } from '../socket-swarm.ts';

/** Options of {@link runChatsPhase}. */
export interface ChatsPhaseOptions {
  conversations: number;
  durationSeconds: number;
  replyTokens: number;
}

/**
 * Runs the conversations and measures every delivery.
 *
 * @example
 * ```ts
 * const phase = await runChatsPhase(servers, context, { conversations: 200, durationSeconds: 20, replyTokens: 40 });
 * ```
 */
export async function runChatsPhase(
  servers: PhaseServers,
  context: ScenarioContext,
  options: ChatsPhaseOptions,
): Promise<PhaseResult> {
  const driver = conversationDriver(servers.kind);
  const sockets = await connectSwarm({
    kind: servers.kind,
    urls: servers.urls,
    count: options.conversations,
  });
  const errors: Record<string, number> = {};
  try {
    const conversationIds = new Array<string>(sockets.length);
    await forEachLimited(sockets, 50, async (entry, index) => {
      conversationIds[index] = await driver.joinOwn(entry.socket, index);
    });
    const recorder = createDeliveryRecorder(context.model);
    for (const entry of sockets) recorder.attach(entry.socket);
    const ttftAdded: number[] = [];
    let replies = 0;
    const deadline = performance.now() + options.durationSeconds * 1000;
    const converse = async (socket: Socket, conversationId: string, index: number) => {
      await new Promise((resolve) => setTimeout(resolve, (index / sockets.length) * 1000));
      while (performance.now() < deadline) {
        const outcome = await oneReply(socket, conversationId, driver, context, errors);
        if (outcome === undefined) break;
        ttftAdded.push(outcome);
        replies += 1;
      }
    };
    const { window } = await measureWindow(servers.pids, () =>
      Promise.all(
        sockets.map((entry, index) =>
          converse(entry.socket, conversationIds[index] as string, index),
        ),
      ),
    );
    recorder.pause();
    return {
      server: servers.kind,
      sockets: sockets.length,
      latencies: recorder.latencies,
      ttftAdded,
      counts: recorder.counts,
      expectedTokenDeliveries: replies * options.replyTokens,
      windowSeconds: window.seconds,
      usage: window.usage,
      clientCpuPercent: window.clientCpuPercent,
      errors,
      extra: { replies: String(replies), nodes: String(servers.urls.length) },
    };
  } finally {
    await closeSwarm(sockets);
  }
}

/** One message and its whole reply; the added TTFT, or undefined when it failed. */
async function oneReply(
  socket: Socket,
  conversationId: string,
  driver: ConversationDriver,
  context: ScenarioContext,
  errors: Record<string, number>,
): Promise<number | undefined> {
  const ended = new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => finish(false, 'reply-timeout'), 60_000);
    const onEnd = () => finish(true);
    const onError = (event: { code: string }) => finish(false, event.code);
    const finish = (ok: boolean, code?: string) => {
      clearTimeout(timer);
      socket.off('reply:end', onEnd);
      socket.off('reply:error', onError);
      if (code) countError(errors, code);
      resolve(ok);
    };
    socket.on('reply:end', onEnd);
    socket.on('reply:error', onError);
  });
  try {
    const added = await timeFirstToken(socket, context.model, () =>
      driver.send(socket, conversationId, errors),
    );
    return (await ended) ? added : undefined;
  } catch {
    countError(errors, 'no-first-delta');
    return undefined;
  }
}
