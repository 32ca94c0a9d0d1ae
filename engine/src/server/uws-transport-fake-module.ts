/**
 * A stand-in for uWebSockets.js in tests (the real one is not installable here): just enough of
 * the `App` API for `io.attachApp(app)` to register its handlers, and the listen-socket helpers.
 * It records what was registered; it does not serve real connections.
 *
 * @module
 */

/** One handler registration (`any`, `get`, `ws`) made on a fake app. */
export interface FakeRegistration {
  method: 'any' | 'get' | 'ws';
  pattern: string;
}

/** A fake listen socket. */
export interface FakeListenSocket {
  port: number;
  closed: boolean;
}

/** Every registration and listen socket of every fake app, for assertions. */
export const fakeUwsRecord: {
  registrations: FakeRegistration[];
  listenSockets: FakeListenSocket[];
} = {
  registrations: [],
  listenSockets: [],
};

/** Ports the fake refuses, the way uWS reports a failed listen (a falsy listen socket). */
export const refusedPort = 1;

/**
 * Creates a fake app.
 *
 * @example
 * ```ts
 * const app = App();
 * io.attachApp(app);
 * ```
 */
export function App() {
  const app = {
    any(pattern: string) {
      fakeUwsRecord.registrations.push({ method: 'any', pattern });
      return app;
    },
    get(pattern: string) {
      fakeUwsRecord.registrations.push({ method: 'get', pattern });
      return app;
    },
    ws(pattern: string) {
      fakeUwsRecord.registrations.push({ method: 'ws', pattern });
      return app;
    },
    listen(_host: string, port: number, callback: (socket: FakeListenSocket | false) => void) {
      if (port === refusedPort) {
        callback(false);
        return app;
      }
      const socket = {
        port: port === 0 ? 40_000 + fakeUwsRecord.listenSockets.length : port,
        closed: false,
      };
      fakeUwsRecord.listenSockets.push(socket);
      callback(socket);
      return app;
    },
  };
  return app;
}

/**
 * Closes a fake listen socket.
 *
 * @example
 * ```ts
 * us_listen_socket_close(socket);
 * ```
 */
export function us_listen_socket_close(socket: FakeListenSocket): void {
  socket.closed = true;
}

/**
 * The port of a fake listen socket.
 *
 * @example
 * ```ts
 * us_socket_local_port(socket); // 40000
 * ```
 */
export function us_socket_local_port(socket: FakeListenSocket): number {
  return socket.port;
}
