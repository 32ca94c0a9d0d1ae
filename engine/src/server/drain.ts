/**
 * Graceful shutdown of one node (SIGTERM): refuse new work at once, tell every socket, let the
 * replies in flight finish up to a deadline, end the rest as a temporary error, then disconnect.
 *
 * The listener stays open while draining on purpose: `/readyz` answers 503 `draining` (so a load
 * balancer's health check takes the node out) and every other request, including a new Socket.IO
 * handshake, is refused with 503 `CMZ_ERR_ENGINE_SHUTTING_DOWN` instead of a connection reset.
 *
 * @module
 */
import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, Response } from 'express';
import { EngineError, toPublicError } from '../errors/engine-error.ts';
import type { Engine } from '../create-engine.ts';
import type { Logger } from '../telemetry/logger.ts';
import type { RoomFanout } from '../transport/room-fanout.ts';

/**
 * Whether the node is draining, and the guards that refuse new work while it is.
 *
 * @example
 * ```ts
 * const gate = new DrainGate();
 * app.use(gate.httpGuard);
 * new Server(httpServer, { allowRequest: gate.allowRequest });
 * gate.begin();
 * ```
 */
export class DrainGate {
  #draining = false;

  get draining(): boolean {
    return this.#draining;
  }

  begin(): void {
    this.#draining = true;
  }

  /**
   * engine.io's `allowRequest`: a new handshake (no `sid`) is refused while draining; requests of
   * sockets already connected (polling with a `sid`) go on until they are disconnected.
   */
  readonly allowRequest = (
    request: IncomingMessage,
    callback: (error: string | null | undefined, success: boolean) => void,
  ): void => {
    const newHandshake = !/[?&]sid=/.test(request.url ?? '');
    if (this.#draining && newHandshake) callback('CMZ_ERR_ENGINE_SHUTTING_DOWN', false);
    else callback(null, true);
  };

  /** Express middleware answering 503 to everything but the health checks while draining. */
  readonly httpGuard = (request: Request, response: Response, next: NextFunction): void => {
    if (!this.#draining || request.path === '/readyz' || request.path === '/healthz') {
      next();
      return;
    }
    const { code, message } = toPublicError(new EngineError('CMZ_ERR_ENGINE_SHUTTING_DOWN'));
    // Connection: close, so keep-alive clients open their next connection elsewhere.
    response.set({ Connection: 'close', 'Retry-After': '1' }).status(503).json({ code, message });
  };
}

/** What {@link drainNode} needs. */
export interface DrainOptions {
  engine: Engine;
  gate: DrainGate;
  fanout?: RoomFanout;
  /** How long replies in flight may still run. */
  deadlineMs: number;
  /** `reconnectInMs` of each socket is random in [0, spread], so reconnections do not stampede. */
  reconnectSpreadMs: number;
  logger: Logger;
}

/** How long aborted replies get to store their partial text and send their end. */
const abortGraceMs = 2_000;

/**
 * Drains the node; resolves when no reply runs any more (or could be stopped) and the sockets
 * were told. The caller then closes the engine, which disconnects every socket.
 *
 * @example
 * ```ts
 * await drainNode({ engine, gate, fanout, deadlineMs: 10_000, reconnectSpreadMs: 2_000, logger });
 * await engine.close({ deadlineMs: 0 });
 * ```
 */
export async function drainNode(options: DrainOptions): Promise<void> {
  const { engine, gate, logger } = options;
  gate.begin();
  const io = engine.io;
  // Local sockets only: with a Redis adapter, io.emit would reach every node's sockets.
  for (const socket of io?.of('/').sockets.values() ?? []) {
    socket.emit('server:draining', {
      reconnectInMs: Math.round(Math.random() * options.reconnectSpreadMs),
    });
  }
  const inFlight = engine.replies.active.all().length;
  const finished = await settlesWithin(engine.replies.drain(), options.deadlineMs);
  const remaining = engine.replies.active.all().filter((reply) => reply.ended !== true);
  if (!finished && remaining.length > 0) {
    options.fanout?.markShutdownAborted(remaining.map((reply) => reply.replyId));
    for (const reply of remaining) reply.controller.abort();
    await settlesWithin(engine.replies.drain(), abortGraceMs);
  }
  options.fanout?.close();
  logger.info({ inFlight, aborted: finished ? 0 : remaining.length }, 'node drained');
}

async function settlesWithin(promise: Promise<unknown>, milliseconds: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), milliseconds);
  });
  const settled = promise.then(
    () => true as const,
    () => true as const,
  );
  const result = await Promise.race([settled, timeout]);
  clearTimeout(timer);
  return result;
}
