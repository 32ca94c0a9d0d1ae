/**
 * Socket.IO connection middleware: checks the protocol version and resolves who is connecting
 * (a signed-in user's bearer token, a returning guest's token, or a new guest).
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import type { Visitor } from '../plugins/plugin-types.ts';
import { PROTOCOL_VERSION } from '../protocol/events.ts';
import { handshakeSchema } from '../protocol/schema.ts';
import type { GuestIdentities } from './guest-identity.ts';
import type { EngineSocket } from './socket-types.ts';

/** Resolves a bearer token from the REST layer to a visitor, or null when it is not valid. */
export type TokenAuthenticator = (token: string) => Promise<Visitor | null>;

/** An error whose `data` reaches the client's `connect_error` handler. */
export interface HandshakeError extends Error {
  data: { code: string; temporary: boolean };
}

/**
 * Creates the handshake middleware.
 *
 * @example
 * ```ts
 * io.use(createHandshakeMiddleware({ guests, authenticateToken }));
 * ```
 */
export function createHandshakeMiddleware(options: {
  guests: GuestIdentities;
  authenticateToken?: TokenAuthenticator | undefined;
}): (socket: EngineSocket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    resolveIdentity(socket, options).then(
      () => next(),
      (error: unknown) => next(toHandshakeError(error)),
    );
  };
}

async function resolveIdentity(
  socket: EngineSocket,
  options: { guests: GuestIdentities; authenticateToken?: TokenAuthenticator | undefined },
): Promise<void> {
  const parsed = handshakeSchema.safeParse(socket.handshake.auth);
  if (!parsed.success) {
    throw new EngineError('CMZ_ERR_PROTOCOL_INVALID_PAYLOAD', {
      args: ['handshake', 'auth.protocolVersion is required'],
    });
  }
  const auth = parsed.data;
  if (auth.protocolVersion !== PROTOCOL_VERSION) {
    throw new EngineError('CMZ_ERR_PROTOCOL_VERSION_UNSUPPORTED', {
      args: [auth.protocolVersion, PROTOCOL_VERSION],
    });
  }
  socket.data.joined = new Map();
  if (auth.token !== undefined) {
    const visitor = options.authenticateToken ? await options.authenticateToken(auth.token) : null;
    if (visitor === null) throw new EngineError('CMZ_ERR_AUTH_INVALID_TOKEN');
    socket.data.visitor = visitor;
    socket.data.guestToken = undefined;
    return;
  }
  const returning = auth.guestToken === undefined ? null : options.guests.verify(auth.guestToken);
  // A token that does not verify (old secret, tampering) just starts a fresh guest: a guest has
  // nothing to lose but its history, and refusing would lock a child out.
  const identity =
    returning === null
      ? options.guests.issue()
      : { visitorId: returning, guestToken: auth.guestToken };
  socket.data.visitor = { visitorId: identity.visitorId, role: 'visitor' };
  socket.data.guestToken = identity.guestToken;
}

function toHandshakeError(cause: unknown): HandshakeError {
  const error = EngineError.from(cause);
  const handshakeError = new Error(error.message) as HandshakeError;
  handshakeError.data = { code: error.code, temporary: error.temporary };
  return handshakeError;
}
