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

/**
 * Opens the connection. Socket.IO reconnects by itself; the returned socket keeps the guest
 * token fresh and, when the bearer token is refused (`CMZ_ERR_AUTH_INVALID_TOKEN`), carries on
 * as a guest instead of failing.
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
  return socket;
}

function browserStorage(): KeyValueStorage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null; // storage disabled (privacy mode): every visit is a new guest
  }
}
