/**
 * Express middleware that turns a bearer token into the request's principal. Requests without a
 * token go on anonymously (the route's role check decides); a token that does not verify is a
 * 401 right away, so a client learns its session ended instead of silently becoming a guest.
 *
 * @module
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Principal } from './principal.ts';
import type { TokenService } from './token-service.ts';

// A WeakMap instead of augmenting Express's Request type: no global declaration to keep in sync,
// and nothing else can set a principal by writing a property.
const principals = new WeakMap<Request, Principal>();

/**
 * The verified caller of `request`, or null when no token was presented.
 *
 * @example
 * ```ts
 * const principal = principalOf(request);
 * if (principal?.role === 'admin') { … }
 * ```
 */
export function principalOf(request: Request): Principal | null {
  return principals.get(request) ?? null;
}

/** Options of {@link createAuthenticateMiddleware}. */
export interface AuthenticateOptions {
  /**
   * GET paths (relative to where the middleware is mounted) that may carry the token as
   * `?token=`, because the browser's EventSource cannot send headers. Anywhere else a query
   * token is ignored: URLs end up in logs and browser history. @default ['/convo_turn/stream']
   */
  queryTokenPaths?: readonly string[];
}

/**
 * Creates the middleware. Mount it before the routes; errors go to the REST error handler.
 *
 * @example
 * ```ts
 * app.use(createAuthenticateMiddleware(tokens));
 * app.get('/me', (request, response) => response.json(principalOf(request)));
 * ```
 */
export function createAuthenticateMiddleware(
  tokens: TokenService,
  options: AuthenticateOptions = {},
): RequestHandler {
  const queryTokenPaths = new Set(options.queryTokenPaths ?? ['/convo_turn/stream']);
  return (request: Request, response: Response, next: NextFunction) => {
    const token = bearerToken(request) ?? queryToken(request, queryTokenPaths);
    if (token === undefined) {
      next();
      return;
    }
    tokens.verify(token).then(
      (principal) => {
        principals.set(request, principal);
        next();
      },
      (error: unknown) => {
        // RFC 6750: tell the client the token itself is the problem.
        response.setHeader('WWW-Authenticate', 'Bearer error="invalid_token"');
        next(error);
      },
    );
  };
}

function bearerToken(request: Request): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer(?:[ ]+(\S*))?\s*$/i.exec(header);
  // Another scheme (Basic from a proxy) is not ours to judge: treat it as no token. A bare
  // "Bearer" (clients sending an unset token; HTTP stacks trim the trailing space) is refused
  // like any bad token rather than quietly treated as a guest.
  return match === null ? undefined : (match[1] ?? '');
}

function queryToken(request: Request, paths: ReadonlySet<string>): string | undefined {
  if (request.method !== 'GET' || !paths.has(request.path)) return undefined;
  const value = request.query['token'];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
