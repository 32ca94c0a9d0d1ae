/**
 * Reactions in a live room: many viewers react at once, and every member should receive a few
 * batched `room:reactions {counts}` events (one per 500 ms window across every node), never one
 * per reaction. Records, per socket, how many events arrived and in which second, and whether the
 * counts of all windows add up to the reactions sent.
 *
 * @module
 */
import type { Socket } from 'socket.io-client';
import { forEachLimited, type SwarmSocket } from './socket-swarm.ts';

/** One member's view of the reactions. */
interface SocketReactions {
  events: number;
  total: number;
  /** Events per whole second since recording started. */
  perSecond: Map<number, number>;
}

/** Summary over every recorded socket. */
export interface ReactionSummary {
  sent: number;
  members: number;
  /** Members whose windows added up to every reaction sent. */
  sawAll: number;
  /** `room:reactions` events per member: mean and max. */
  eventsMean: number;
  eventsMax: number;
  /** The most events one member got within one second. */
  maxPerSecond: number;
  /** All events received, over all members. */
  events: number;
}

/**
 * Starts recording `room:reactions` on the sockets.
 *
 * @example
 * ```ts
 * const reactions = recordReactions(viewers.map((viewer) => viewer.socket));
 * await sendReactions(viewers.slice(0, 1000), roomId, 3);
 * reactions.summarize(3000);
 * ```
 */
export function recordReactions(sockets: readonly Socket[]) {
  const started = performance.now();
  const views: SocketReactions[] = sockets.map((socket) => {
    const view: SocketReactions = { events: 0, total: 0, perSecond: new Map() };
    socket.on('room:reactions', (event: { counts: Record<string, number> }) => {
      view.events += 1;
      for (const count of Object.values(event.counts)) view.total += count;
      const second = Math.floor((performance.now() - started) / 1000);
      view.perSecond.set(second, (view.perSecond.get(second) ?? 0) + 1);
    });
    return view;
  });
  return {
    /** Members that have seen at least `sent` reactions so far. */
    sawAll(sent: number): number {
      return views.filter((view) => view.total >= sent).length;
    },
    summarize(sent: number): ReactionSummary {
      let events = 0;
      let eventsMax = 0;
      let maxPerSecond = 0;
      for (const view of views) {
        events += view.events;
        eventsMax = Math.max(eventsMax, view.events);
        for (const count of view.perSecond.values()) maxPerSecond = Math.max(maxPerSecond, count);
      }
      return {
        sent,
        members: views.length,
        sawAll: views.filter((view) => view.total === sent).length,
        eventsMean: views.length > 0 ? events / views.length : 0,
        eventsMax,
        maxPerSecond,
        events,
      };
    },
  };
}

const emojis = ['👍', '❤️', '😂', '😮', '🐾', '⭐'];

/**
 * Every reactor sends `each` reactions (no ack: like the page), spread over about `spreadMs`.
 * Answers how many were sent.
 *
 * @example
 * ```ts
 * const sent = await sendReactions(viewers, roomId, 3, 2000);
 * ```
 */
export async function sendReactions(
  reactors: readonly SwarmSocket[],
  roomId: string,
  each: number,
  spreadMs: number,
): Promise<number> {
  let sent = 0;
  for (let round = 0; round < each; round += 1) {
    await forEachLimited(reactors, 500, (reactor, index) => {
      reactor.socket.emit('room:react', { roomId, emoji: emojis[(index + round) % emojis.length] });
      sent += 1;
      return Promise.resolve();
    });
    await new Promise((resolve) => setTimeout(resolve, spreadMs / each));
  }
  return sent;
}
