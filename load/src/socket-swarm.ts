/**
 * Many Socket.IO clients in this process: connecting them with bounded concurrency (a burst of
 * 10,000 handshakes at once would measure the kernel's accept queue, not the server), and closing
 * them all. Engine sockets are ready at `session:ready`; baseline sockets at `connect`.
 *
 * @module
 */
import { io, type Socket } from 'socket.io-client';

/** Which server the sockets talk to: it decides when a socket counts as ready. */
export type ServerKind = 'engine' | 'baseline';

/** Options of {@link connectSwarm}. */
export interface SwarmOptions {
  kind: ServerKind;
  /** Sockets are spread round-robin over these URLs (one per node). */
  urls: readonly string[];
  count: number;
  /** Engine only: connect as this visitor (the shared-identity room of scenario 3 and 4). */
  guestToken?: string;
  /** Engine only: a signed-in user's bearer token (`POST /api/auth`), for staff sockets. */
  token?: string;
  /** Handshakes in flight at once. @default 100 */
  concurrency?: number;
  /** Per-socket handshake limit. @default 30000 */
  timeoutMs?: number;
}

/** A connected client with what the server said when it was ready. */
export interface SwarmSocket {
  socket: Socket;
  index: number;
  /** Engine only: `session:ready`'s guest token. */
  guestToken?: string;
}

/**
 * Connects `count` sockets, at most `concurrency` handshakes at a time.
 *
 * @example
 * ```ts
 * const sockets = await connectSwarm({ kind: 'engine', urls: [node.url], count: 1000 });
 * closeSwarm(sockets);
 * ```
 */
export async function connectSwarm(options: SwarmOptions): Promise<SwarmSocket[]> {
  const connected: SwarmSocket[] = new Array(options.count);
  let next = 0;
  const worker = async () => {
    while (next < options.count) {
      const index = next;
      next += 1;
      const url = options.urls[index % options.urls.length] as string;
      connected[index] = await connectOne(options, url, index);
    }
  };
  const workers = Array.from(
    { length: Math.min(options.concurrency ?? 100, options.count) },
    worker,
  );
  try {
    await Promise.all(workers);
  } catch (error) {
    closeSwarm(connected.filter(Boolean));
    throw error;
  }
  return connected;
}

/**
 * Connects one socket and waits until it is ready.
 *
 * @example
 * ```ts
 * const { socket } = await connectOne({ kind: 'baseline', urls: [url], count: 1 }, url, 0);
 * ```
 */
export function connectOne(
  options: Pick<SwarmOptions, 'kind' | 'guestToken' | 'token' | 'timeoutMs'>,
  url: string,
  index: number,
): Promise<SwarmSocket> {
  const socket = io(url, {
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: options.timeoutMs ?? 30_000,
    ...(options.kind === 'engine'
      ? { auth: { protocolVersion: 1, guestToken: options.guestToken, token: options.token } }
      : {}),
  });
  return new Promise<SwarmSocket>((resolve, reject) => {
    const timer = setTimeout(
      () => fail(new Error('handshake timed out')),
      options.timeoutMs ?? 30_000,
    );
    const fail = (error: Error) => {
      clearTimeout(timer);
      socket.close();
      reject(new Error(`socket ${index} to ${url}: ${error.message}`));
    };
    socket.once('connect_error', fail);
    if (options.kind === 'engine') {
      socket.once('session:ready', (session: { guestToken: string }) => {
        clearTimeout(timer);
        resolve({ socket, index, guestToken: session.guestToken });
      });
    } else {
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve({ socket, index });
      });
    }
  });
}

/**
 * Emits with an acknowledgement and a time limit.
 *
 * @example
 * ```ts
 * const ack = await emitWithAck(socket, 'conversation:join', { animalId: 'leo' });
 * ```
 */
export async function emitWithAck<T = Record<string, unknown>>(
  socket: Socket,
  event: string,
  payload: unknown,
  timeoutMs = 30_000,
): Promise<T> {
  return (await socket.timeout(timeoutMs).emitWithAck(event, payload)) as T;
}

/**
 * Runs `task` for every item with at most `concurrency` at a time.
 *
 * @example
 * ```ts
 * await forEachLimited(sockets, 200, (entry) => join(entry.socket));
 * ```
 */
export async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next;
      next += 1;
      await task(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * Closes every socket (client side) and gives the servers a moment to see the closes, so the
 * next phase starts with the descriptors released.
 *
 * @example
 * ```ts
 * await closeSwarm(sockets);
 * ```
 */
export async function closeSwarm(sockets: readonly SwarmSocket[]): Promise<void> {
  for (const entry of sockets) entry?.socket.close();
  await new Promise((resolve) => setTimeout(resolve, 500));
}
