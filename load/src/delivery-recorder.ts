/**
 * Listens to `reply:delta` / `reply:end` on many sockets and measures every token delivery:
 * latency = the moment this process's event handler ran − the moment the model server wrote the
 * token. That span includes the model→engine HTTP hop, the engine's pipeline (plugins,
 * segmentation, storage writes on the path), Socket.IO encoding, the Redis adapter hop between
 * nodes, the WebSocket over loopback and socket.io-client decoding — and, honestly, any time the
 * event waited in this process's event loop when the client itself is busy (the client CPU is
 * reported next to it for that reason). It also checks the shared delta protocol per socket:
 * `(fromSeq ?? seq) === lastSeq + 1` applies, `seq <= lastSeq` is a duplicate, anything else a gap.
 *
 * @module
 */
import type { Socket } from 'socket.io-client';
import { markerKey, readMarkers } from './token-markers.ts';
import type { TokenStreamServer } from './token-stream-server.ts';

interface DeltaPayload {
  replyId: string;
  seq: number;
  fromSeq?: number;
  text: string;
}

/** What a recorder saw. */
export interface DeliveryCounts {
  /** `reply:delta` events received (summed over sockets). */
  deltaEvents: number;
  /** Tokens received (a merged delta carries several). */
  tokenDeliveries: number;
  replyEnds: number;
  gaps: number;
  duplicates: number;
  /** Markers the model server has no send time for (should stay 0). */
  unknownTokens: number;
  resyncs: number;
}

/**
 * Creates a recorder bound to the model server's send times.
 *
 * @example
 * ```ts
 * const recorder = createDeliveryRecorder(model);
 * for (const { socket } of sockets) recorder.attach(socket);
 * recorder.latencies; // ms per token delivery
 * ```
 */
export function createDeliveryRecorder(model: TokenStreamServer) {
  const latencies: number[] = [];
  const counts: DeliveryCounts = {
    deltaEvents: 0,
    tokenDeliveries: 0,
    replyEnds: 0,
    gaps: 0,
    duplicates: 0,
    unknownTokens: 0,
    resyncs: 0,
  };
  let recording = true;
  return {
    latencies,
    counts,
    /** Stops counting (sockets may keep receiving while the phase tears down). */
    pause() {
      recording = false;
    },
    attach(socket: Socket) {
      const lastSeq = new Map<string, number>();
      socket.on('reply:delta', (delta: DeltaPayload) => {
        const now = performance.now();
        if (!recording) return;
        counts.deltaEvents += 1;
        const last = lastSeq.get(delta.replyId) ?? 0;
        if (delta.seq <= last) {
          counts.duplicates += 1;
          return;
        }
        if ((delta.fromSeq ?? delta.seq) !== last + 1) counts.gaps += 1;
        lastSeq.set(delta.replyId, delta.seq);
        for (const marker of readMarkers(delta.text)) {
          const sentAt = model.sentAt(markerKey(marker));
          if (sentAt === undefined) counts.unknownTokens += 1;
          else {
            counts.tokenDeliveries += 1;
            latencies.push(now - sentAt);
          }
        }
      });
      socket.on('reply:resync', (event: { replyId: string; seq: number }) => {
        if (!recording) return;
        counts.resyncs += 1;
        lastSeq.set(event.replyId, event.seq);
      });
      socket.on('reply:end', () => {
        if (recording) counts.replyEnds += 1;
      });
    },
  };
}

/** The recorder's type. */
export type DeliveryRecorder = ReturnType<typeof createDeliveryRecorder>;

/**
 * Emits a message and resolves with the time to first token the server added: from the emit to
 * the first delta on this socket, minus what the model itself took (request arrival → first
 * token written; 0 by design, measured anyway).
 *
 * @example
 * ```ts
 * const added = await timeFirstToken(socket, model, () => socket.emit('message:send', payload));
 * ```
 */
export function timeFirstToken(
  socket: Socket,
  model: TokenStreamServer,
  send: () => void,
  timeoutMs = 30_000,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => {
      socket.off('reply:delta', onDelta);
      reject(new Error('no first delta in time'));
    }, timeoutMs);
    const onDelta = (delta: DeltaPayload) => {
      const received = performance.now();
      const first = readMarkers(delta.text)[0];
      if (first === undefined || first.token !== 0) return;
      socket.off('reply:delta', onDelta);
      clearTimeout(timer);
      const requested = model.requestAt(first.stream) ?? started;
      const firstSent = model.sentAt(markerKey(first)) ?? requested;
      resolve(received - started - (firstSent - requested));
    };
    socket.on('reply:delta', onDelta);
    send();
  });
}
