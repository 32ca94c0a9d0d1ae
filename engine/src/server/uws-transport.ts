/**
 * `SOCKET_SERVER=uws`: Socket.IO served by uWebSockets.js (`io.attachApp`) instead of Node's HTTP
 * server, for more sockets per core. uWebSockets.js is a native module that is not on npm's
 * registry and needs a recent glibc, so it is loaded with a dynamic import (`UWS_MODULE`) and a
 * platform that cannot load it stops the start with `CMZ_ERR_TRANSPORT_UNAVAILABLE` naming the
 * cause and the fix.
 *
 * Layout: the uWS app listens on `UWS_PORT` and serves only `/socket.io/`; the HTTP routes (health,
 * readiness, REST, web app) stay on Node's HTTP server on `PORT`. A load balancer routes
 * `/socket.io/` to the uWS port. (Bridging Express onto uWS would re-implement an HTTP adapter.)
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import type { EngineServer } from '../transport/socket-types.ts';

/** The part of uWebSockets.js the engine uses (`App`, listening, closing). */
export interface UwsModule {
  App: () => UwsApp;
  us_listen_socket_close: (listenSocket: unknown) => void;
  us_socket_local_port: (listenSocket: unknown) => number;
}

/** The part of a uWS `TemplatedApp` used here (engine.io's `attachApp` uses more). */
export interface UwsApp {
  listen(host: string, port: number, callback: (listenSocket: unknown) => void): UwsApp;
}

/** A running uWS listener. */
export interface UwsTransport {
  port: number;
  close(): void;
}

const installFix =
  'install it (npm install uNetworking/uWebSockets.js#v20.52.0) on a platform it supports, or run with SOCKET_SERVER=node';

/**
 * Loads the uWebSockets.js module named `moduleName`.
 *
 * @example
 * ```ts
 * const uws = await loadUwsModule('uWebSockets.js'); // throws CMZ_ERR_TRANSPORT_UNAVAILABLE when missing
 * ```
 */
export async function loadUwsModule(moduleName: string): Promise<UwsModule> {
  let loaded: Partial<UwsModule> & { default?: Partial<UwsModule> };
  try {
    loaded = (await import(moduleName)) as typeof loaded;
  } catch (error) {
    throw new EngineError('CMZ_ERR_TRANSPORT_UNAVAILABLE', {
      args: ['uws', describeLoadFailure(moduleName, error), installFix],
      cause: error,
    });
  }
  // A CommonJS module imported from ESM puts its exports on `default`.
  const candidate = typeof loaded.App === 'function' ? loaded : loaded.default;
  if (
    typeof candidate?.App !== 'function' ||
    typeof candidate.us_listen_socket_close !== 'function'
  ) {
    throw new EngineError('CMZ_ERR_TRANSPORT_UNAVAILABLE', {
      args: ['uws', `"${moduleName}" does not export the uWebSockets.js API (App)`, installFix],
    });
  }
  return candidate as UwsModule;
}

function describeLoadFailure(moduleName: string, error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string } | null)?.code;
  if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
    return `the module "${moduleName}" is not installed`;
  }
  if (/GLIBC|glibc|ELF|invalid ELF|wrong ELF/.test(message)) {
    return `its native binary does not load on this system (${message.slice(0, 200)}); it needs a newer glibc`;
  }
  if (/not compatible|unsupported|NODE_MODULE_VERSION/.test(message)) {
    return `its native binary does not support this platform or Node version (${message.slice(0, 200)})`;
  }
  return `loading "${moduleName}" failed (${message.slice(0, 200)})`;
}

/**
 * Attaches the Socket.IO server to a new uWS app and listens.
 *
 * @example
 * ```ts
 * const uws = await loadUwsModule('uWebSockets.js');
 * const transport = await startUwsTransport(io, uws, { host: '0.0.0.0', port: 3001 });
 * transport.close();
 * ```
 */
export async function startUwsTransport(
  io: EngineServer,
  uws: UwsModule,
  options: { host: string; port: number },
): Promise<UwsTransport> {
  const app = uws.App();
  io.attachApp(app);
  const listenSocket = await new Promise<unknown>((resolve, reject) => {
    app.listen(options.host, options.port, (socket) => {
      // uWS reports a failed listen with a falsy socket (port taken, no permission).
      if (socket) resolve(socket);
      else
        reject(
          new EngineError('CMZ_ERR_TRANSPORT_UNAVAILABLE', {
            args: [
              'uws',
              `it could not listen on ${options.host}:${options.port}`,
              'choose a free UWS_PORT',
            ],
          }),
        );
    });
  });
  return {
    port: uws.us_socket_local_port(listenSocket),
    close: () => uws.us_listen_socket_close(listenSocket),
  };
}
