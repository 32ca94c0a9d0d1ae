/**
 * Room fan-out of reply events, with the two load protections of big rooms:
 * - **Coalescing**: when a conversation's room has at least `coalesceThreshold` members (across
 *   nodes, from presence), deltas are held for `coalesceWindowMs` and sent as ONE `reply:delta`
 *   with `fromSeq` (first merged seq), `seq` (last) and the concatenated text. A 1:1 chat is below
 *   the threshold and gets every word at once. One event per window instead of one per word is
 *   what keeps a 200-member room from multiplying packets by 200 for every word.
 * - **Slow consumers**: deltas skip the sockets in {@link slowRoom} (see slow-consumers.ts).
 *
 * It also turns the end of a reply that graceful shutdown aborted into a temporary `reply:error`
 * (`CMZ_ERR_ENGINE_SHUTTING_DOWN`), so clients retry on another node instead of showing "stopped".
 *
 * @module
 */
import { toPublicError } from '../errors/engine-error.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { ReplySink } from '../pipeline/reply-sink.ts';
import type { ReplyDeltaEvent } from '../protocol/events.ts';
import { slowRoom } from './slow-consumers.ts';
import { conversationRoom, type EngineServer } from './socket-types.ts';

/** Options of {@link RoomFanout}. */
export interface RoomFanoutOptions {
  /** Rooms with at least this many members get coalesced deltas. */
  coalesceThreshold: number;
  /** How long deltas are held before one merged delta goes out. */
  coalesceWindowMs: number;
  /** The room's member count across nodes (last known; must answer at once). */
  roomSize: (conversationId: string) => number;
  /** Asks for a fresh member count (in the background) when a reply starts. */
  refreshRoomSize?: (conversationId: string) => void;
}

interface PendingDelta {
  event: ReplyDeltaEvent & { fromSeq: number };
  timer: NodeJS.Timeout;
}

/**
 * Builds room sinks for one Socket.IO server.
 *
 * @example
 * ```ts
 * const fanout = new RoomFanout(io, { coalesceThreshold: 20, coalesceWindowMs: 50, roomSize });
 * registerRoomFanout(io, fanout);
 * const sink = fanout.sinkFor('c_1');
 * ```
 */
export class RoomFanout {
  readonly #io: EngineServer;
  readonly #options: RoomFanoutOptions;
  /** Held deltas by reply id. */
  readonly #pending = new Map<string, PendingDelta>();
  readonly #shutdownAborted = new Set<string>();
  /** Reply events sent (deltas after coalescing), for logs and tests. */
  deltasSent = 0;

  constructor(io: EngineServer, options: RoomFanoutOptions) {
    this.#io = io;
    this.#options = options;
  }

  /** A sink emitting one conversation's reply events to its room. */
  sinkFor(conversationId: string): ReplySink {
    const room = () => this.#io.to(conversationRoom(conversationId));
    return {
      messageNew: (event) => room().emit('message:new', event),
      start: (event) => {
        this.#options.refreshRoomSize?.(conversationId);
        room().emit('reply:start', event);
      },
      delta: (event) => this.#delta(event),
      end: (event) => {
        this.#flushReply(event.replyId);
        if (this.#shutdownAborted.delete(event.replyId)) {
          const error = toPublicError(new EngineError('CMZ_ERR_ENGINE_SHUTTING_DOWN'));
          room().emit('reply:error', {
            conversationId,
            replyId: event.replyId,
            ...error,
            partialText: event.text,
          });
          return;
        }
        room().emit('reply:end', event);
      },
      error: (event) => {
        this.#flushReply(event.replyId);
        this.#shutdownAborted.delete(event.replyId);
        room().emit('reply:error', event);
      },
    };
  }

  /** Sends the held deltas of a conversation now (before a resync snapshot). */
  flush(conversationId: string): void {
    for (const [replyId, pending] of this.#pending) {
      if (pending.event.conversationId === conversationId) this.#flushReply(replyId);
    }
  }

  /** Marks replies aborted by graceful shutdown: their end goes out as a temporary error. */
  markShutdownAborted(replyIds: Iterable<string>): void {
    for (const replyId of replyIds) this.#shutdownAborted.add(replyId);
  }

  /** Sends everything still held. */
  close(): void {
    for (const replyId of [...this.#pending.keys()]) this.#flushReply(replyId);
  }

  #delta(event: ReplyDeltaEvent): void {
    const held = this.#pending.get(event.replyId);
    if (held !== undefined) {
      // Deltas of one reply arrive in order, so appending keeps the text gap-free.
      held.event.seq = event.seq;
      held.event.text += event.text;
      return;
    }
    if (this.#options.roomSize(event.conversationId) < this.#options.coalesceThreshold) {
      this.#emitDelta(event);
      return;
    }
    const timer = setTimeout(() => this.#flushReply(event.replyId), this.#options.coalesceWindowMs);
    this.#pending.set(event.replyId, { event: { ...event, fromSeq: event.seq }, timer });
  }

  #flushReply(replyId: string): void {
    const held = this.#pending.get(replyId);
    if (held === undefined) return;
    this.#pending.delete(replyId);
    clearTimeout(held.timer);
    const { fromSeq, ...rest } = held.event;
    // A window that caught a single delta goes out as a plain one.
    this.#emitDelta(fromSeq === rest.seq ? rest : held.event);
  }

  #emitDelta(event: ReplyDeltaEvent): void {
    this.deltasSent += 1;
    this.#io.to(conversationRoom(event.conversationId)).except(slowRoom).emit('reply:delta', event);
  }
}

const fanouts = new WeakMap<EngineServer, RoomFanout>();

/**
 * Registers the fan-out of a server, so `createRoomSink` uses it.
 *
 * @example
 * ```ts
 * registerRoomFanout(io, new RoomFanout(io, options));
 * ```
 */
export function registerRoomFanout(io: EngineServer, fanout: RoomFanout): void {
  fanouts.set(io, fanout);
}

/**
 * The fan-out registered for a server, if any.
 *
 * @example
 * ```ts
 * const sink = roomFanoutOf(io)?.sinkFor('c_1');
 * ```
 */
export function roomFanoutOf(io: EngineServer): RoomFanout | undefined {
  return fanouts.get(io);
}
