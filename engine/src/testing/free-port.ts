import { createServer } from 'node:net';

/**
 * Asks the kernel for a currently free TCP port on the loopback interface (binds port 0, reads
 * the port it was given, closes). Another process may take the port before the caller binds it,
 * so callers that spawn a server should retry on `EADDRINUSE`.
 *
 * @example
 * ```ts
 * const port = await getFreePort();
 * spawn('redis-server', ['--port', String(port)]);
 * ```
 */
export function getFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, exclusive: true }, () => {
      const address = server.address();
      // Always an object for a TCP listener; the guard only satisfies the type checker.
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close((error) => (error ? reject(error) : resolve(port)));
    });
  });
}
