/**
 * A small typed Socket.IO client for the engine's protocol (docs/protocol.md): WebSocket
 * transport only, the guest identity kept in `localStorage` (`cmz.guestToken`) and the bearer
 * token of a signed-in user sent in the handshake.
 *
 * Only types come from `@cmz/engine/protocol`; no engine code reaches the browser.
 *
 * @module
 */
import { io, type Socket } from 'socket.io-client';
import type {
  ClientToServerEvents,
  HandshakeAuth,
  ServerToClientEvents,
} from '@cmz/engine/protocol';

/** `PROTOCOL_VERSION` of `@cmz/engine/protocol`, repeated here so the bundle imports types only. */
export const PROTOCOL_VERSION = 1;
/** Where the guest token from `session:ready` is kept between visits. */
export const GUEST_TOKEN_KEY = 'cmz.guestToken';
/** Where the sign-in page keeps the REST layer's JWT (the original app's key). */
export const BEARER_TOKEN_KEY = 'cmz_token';

export type ChatSocket = Socket<ServerToClientEvents, ClientToServerEvents>;

type KeyValueStorage = Pick<Storage, 'getItem' | 'setItem'>;

export interface ConnectOptions {
  /** The engine's origin; default: the page's own origin (the engine serves this app). */
  url?: string;
  /** Default: `localStorage` when it is usable. */
  storage?: KeyValueStorage | null;
  /** The signed-in user's bearer token; default: `localStorage[cmz_token]`. */
  getBearerToken?: () => string | null | undefined;
}

/** Builds the handshake `auth` object; read again on every (re)connection. */
export function handshakeAuth(
  storage: KeyValueStorage | null,
  bearerToken: string | null | undefined,
): HandshakeAuth {
  const auth: HandshakeAuth = { protocolVersion: PROTOCOL_VERSION };
  const guestToken = storage?.getItem(GUEST_TOKEN_KEY);
  if (guestToken) auth.guestToken = guestToken;
  if (bearerToken) auth.token = bearerToken;
  return auth;
}

/** The `data.code` of a `connect_error` raised by the engine's handshake, if any. */
export function connectErrorCode(error: unknown): string | undefined {
  const data = (error as { data?: { code?: unknown } } | null)?.data;
  return typeof data?.code === 'string' ? data.code : undefined;
}

/** Longest random wait before reconnecting after a server closed the connection unannounced. */
export const SERVER_DISCONNECT_JITTER_MS = 1_000;

/**
 * Reconnects a socket the server closed on purpose. Socket.IO does not reconnect by itself after
 * a server-side disconnect (`io server disconnect`), which is how a draining node (SIGTERM) hands
 * its clients to the other nodes: it first sends `server:draining {reconnectInMs}`, and the socket
 * reconnects that long after the disconnect (the server spreads these delays so not every client
 * of the node comes back at once). Without the announcement, a random delay up to
 * {@link SERVER_DISCONNECT_JITTER_MS} spreads the reconnections. Returns a function that stops it.
 *
 * @example
 * ```ts
 * const stop = reconnectAfterServerDisconnect(socket);
 * ```
 */
export function reconnectAfterServerDisconnect(
  socket: Pick<ChatSocket, 'on' | 'off' | 'connect'>,
  random: () => number = Math.random,
): () => void {
  let announcedDelayMs: number | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const onDraining = ({ reconnectInMs }: { reconnectInMs: number }) => {
    announcedDelayMs = Math.max(0, reconnectInMs);
  };
  const onDisconnect = (reason: string) => {
    if (reason !== 'io server disconnect') return;
    const delayMs = announcedDelayMs ?? Math.round(random() * SERVER_DISCONNECT_JITTER_MS);
    announcedDelayMs = undefined;
    clearTimeout(timer);
    timer = setTimeout(() => socket.connect(), delayMs);
  };
  socket.on('server:draining', onDraining);
  socket.on('disconnect', onDisconnect);
  return () => {
    clearTimeout(timer);
    socket.off('server:draining', onDraining);
    socket.off('disconnect', onDisconnect);
  };
}

/**
 * Opens the connection. Socket.IO reconnects by itself after a network failure, and
 * {@link reconnectAfterServerDisconnect} after a server (draining for a restart) closed it; the
 * returned socket keeps the guest token fresh and, when the bearer token is refused
 * (`CMZ_ERR_AUTH_INVALID_TOKEN`), carries on as a guest instead of failing.
 *
 * @example
 * ```ts
 * const socket = connectChat();
 * socket.on('session:ready', ({ visitorId }) => console.log(visitorId));
 * ```
 */
export function connectChat(options: ConnectOptions = {}): ChatSocket {
  const storage = options.storage === undefined ? browserStorage() : options.storage;
  const getBearerToken = options.getBearerToken ?? (() => storage?.getItem(BEARER_TOKEN_KEY));
  let bearerRefused = false;
  const socketOptions = {
    transports: ['websocket'],
    auth: (callback: (auth: object) => void) =>
      callback(handshakeAuth(storage, bearerRefused ? null : getBearerToken())),
  };
  const socket: ChatSocket = options.url ? io(options.url, socketOptions) : io(socketOptions);
  socket.on('session:ready', ({ guestToken }) => {
    if (guestToken) storage?.setItem(GUEST_TOKEN_KEY, guestToken);
  });
  socket.on('connect_error', (error) => {
    // A refused handshake is not retried by Socket.IO; drop the token once and go on as a guest.
    if (connectErrorCode(error) === 'CMZ_ERR_AUTH_INVALID_TOKEN' && !bearerRefused) {
      bearerRefused = true;
      socket.connect();
    }
  });
  reconnectAfterServerDisconnect(socket);
  return socket;
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy mode): every visit is a new guest
  }
}
