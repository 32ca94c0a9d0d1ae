/**
 * Slow consumers: a socket whose pending output passes `capBytes` (a phone on a bad network, a
 * stalled tab) stops receiving `reply:delta` so its buffers stop growing and it cannot hold back
 * memory for everyone. It is put in the room {@link slowRoom}, which reply delta broadcasts
 * exclude on every node. Once it has drained below half the cap, it gets one `reply:resync`
 * snapshot per reply streaming in its conversations and rejoins the live stream.
 *
 * Pending bytes are engine.io's write buffer (packets waiting for the transport) plus the
 * WebSocket's own `bufferedAmount` (bytes the kernel has not taken yet).
 *
 * @module
 */
import type { ActiveReplySnapshot } from '../protocol/events.ts';
import type { EngineServer, EngineSocket } from './socket-types.ts';

/** The room of sockets that are behind; reply delta broadcasts exclude it. */
export const slowRoom = 'cmz:slow';

interface EngineConnection {
  writeBuffer?: { data?: unknown }[];
  transport?: {
    socket?: { bufferedAmount?: number; getBufferedAmount?: () => number };
  };
}

/**
 * Bytes waiting to be written to one socket.
 *
 * @example
 * ```ts
 * if (bufferedBytes(socket) > 1_048_576) socket.join(slowRoom);
 * ```
 */
export function bufferedBytes(socket: EngineSocket): number {
  const connection = socket.conn as unknown as EngineConnection;
  let total = 0;
  for (const packet of connection.writeBuffer ?? []) total += sizeOf(packet.data);
  const raw = connection.transport?.socket;
  // `ws` exposes bufferedAmount; a uWebSockets.js socket exposes getBufferedAmount().
  total += raw?.bufferedAmount ?? raw?.getBufferedAmount?.() ?? 0;
  return total;
}

function sizeOf(data: unknown): number {
  if (typeof data === 'string') return Buffer.byteLength(data);
  if (data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data.byteLength;
  return 0;
}

/** Options of {@link SlowConsumerMonitor}. */
export interface SlowConsumerOptions {
  /** Pending bytes above which a socket stops receiving deltas. */
  capBytes: number;
  /** How often local sockets are checked. @default 100 */
  checkIntervalMs?: number;
  /** The reply streaming in a conversation right now, for the resync snapshot. */
  snapshotFor: (conversationId: string) => ActiveReplySnapshot | undefined;
  /**
   * The streaming reply of a conversation from the shared journal, for replies generated on
   * another node (the local snapshot above knows only this node's replies).
   */
  remoteSnapshotFor?: (conversationId: string) => Promise<ActiveReplySnapshot | undefined>;
  /** Sends deltas held for coalescing before a snapshot is taken, so none overlaps it. */
  beforeResync?: (conversationId: string) => void;
}

/**
 * Checks this node's sockets periodically and moves them in and out of {@link slowRoom}.
 *
 * @example
 * ```ts
 * const monitor = new SlowConsumerMonitor(io, { capBytes: 1_048_576, snapshotFor });
 * monitor.start();
 * ```
 */
export class SlowConsumerMonitor {
  readonly #io: EngineServer;
  readonly #options: SlowConsumerOptions;
  #timer: NodeJS.Timeout | undefined;
  /** How many sockets were marked slow since start (for logs and tests). */
  slowMarked = 0;

  constructor(io: EngineServer, options: SlowConsumerOptions) {
    this.#io = io;
    this.#options = options;
  }

  start(): void {
    this.#timer = setInterval(() => this.check(), this.#options.checkIntervalMs ?? 100);
    this.#timer.unref();
  }

  close(): void {
    clearInterval(this.#timer);
  }

  /** One pass over the local sockets (the timer calls it; exposed for tests). */
  check(): void {
    const cap = this.#options.capBytes;
    for (const socket of this.#io.of('/').sockets.values()) {
      const slow = socket.rooms.has(slowRoom);
      const pending = bufferedBytes(socket);
      if (!slow && pending > cap) {
        void socket.join(slowRoom);
        this.slowMarked += 1;
      } else if (slow && pending <= cap / 2) {
        // Half the cap as the way back, so a socket hovering at the cap does not flap.
        this.#resync(socket);
      }
    }
  }

  #resync(socket: EngineSocket): void {
    const remote: string[] = [];
    for (const conversationId of socket.data.joined?.keys() ?? []) {
      this.#options.beforeResync?.(conversationId);
      const snapshot = this.#options.snapshotFor(conversationId);
      if (snapshot !== undefined) socket.emit('reply:resync', { conversationId, ...snapshot });
      else remote.push(conversationId);
    }
    // Same tick as the local snapshots: no delta can fall between them and the live stream.
    void socket.leave(slowRoom);
    // A reply generated on another node is read from the journal, after the socket is live
    // again: a delta that arrives before the snapshot shows the client a gap, and the client
    // then resumes by seq (slower, but nothing is lost or repeated).
    for (const conversationId of remote) {
      void this.#options.remoteSnapshotFor?.(conversationId).then(
        (snapshot) => {
          if (snapshot !== undefined && socket.connected)
            socket.emit('reply:resync', { conversationId, ...snapshot });
        },
        () => undefined,
      );
    }
  }
}
