/**
 * An embedded DynamoDB-compatible server (dynalite) for development and tests, on 127.0.0.1 only.
 *
 * dynalite lacks TransactWriteItems, TransactGetItems, UpdateTimeToLive and PartiQL, so the
 * repositories use only conditional single-item writes, batch writes, queries and scans.
 *
 * @module
 */
import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';

/** Options for {@link startEmbeddedDynamo}. */
export interface EmbeddedDynamoOptions {
  /** LevelDB directory: data survives restarts. In-memory when absent. */
  directory?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
}

/** A running embedded server. */
export interface EmbeddedDynamo {
  /** `http://127.0.0.1:<port>`, for {@link createDynamoClients}. */
  endpoint: string;
  /** Stops the server and closes the LevelDB store (flushing on-disk data). */
  close(): Promise<void>;
}

/**
 * Starts dynalite with instant table state changes (no CREATING delay).
 *
 * @example
 * ```ts
 * const dynamo = await startEmbeddedDynamo({ directory: '.data/dynamo' });
 * const { document } = createDynamoClients({ endpoint: dynamo.endpoint });
 * await dynamo.close();
 * ```
 */
export async function startEmbeddedDynamo(
  options: EmbeddedDynamoOptions = {},
): Promise<EmbeddedDynamo> {
  const server = dynalite({
    createTableMs: 0,
    deleteTableMs: 0,
    updateTableMs: 0,
    ...(options.directory === undefined ? {} : { path: options.directory }),
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    close() {
      closing ??= new Promise<void>((resolve, reject) => {
        server.close((error?: Error) => (error ? reject(error) : resolve()));
        // SDK clients keep sockets alive; without this, close would wait for them to time out.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
