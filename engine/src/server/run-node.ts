/**
 * Runs one engine node as a process: starts the server, announces where it listens, and stops
 * gracefully on SIGTERM/SIGINT (replies in flight finish up to the deadline, then exit 0). Used by
 * `npm start` and by the child-process nodes of the multi-node tests, so both share one code path.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import { startServer, type ServerExtension } from './start-server.ts';

/** Time a graceful stop may take beyond `SHUTDOWN_DEADLINE_MS` before the process gives up. */
const shutdownWatchdogMarginMs = 15_000;

/** What to run and how to announce it. */
export interface RunNodeOptions {
  extensions: ServerExtension[];
  /** Called once the node listens (e.g. to print its address). */
  announce: (url: string) => void;
}

/**
 * Starts a node and installs the signal handlers. Exits 1 with a coded message when the start
 * fails.
 *
 * @example
 * ```ts
 * await runNode({ extensions: [], announce: (url) => console.log(url) });
 * ```
 */
export async function runNode(options: RunNodeOptions): Promise<void> {
  try {
    const server = await startServer({ extensions: options.extensions });
    options.announce(server.url);
    const stop = (signal: string) => {
      server.engine.logger.info({ signal }, 'shutting down');
      // A drain that cannot finish (a hung store, a stuck hook) must still end the process.
      const watchdog = server.config.SHUTDOWN_DEADLINE_MS + shutdownWatchdogMarginMs;
      setTimeout(() => {
        server.engine.logger.error({ watchdog }, 'shutdown took too long');
        process.exit(1);
      }, watchdog).unref();
      server.close().then(
        () => process.exit(0),
        (error: unknown) => {
          server.engine.logger.error({ err: error }, 'shutdown failed');
          process.exit(1);
        },
      );
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
  } catch (error) {
    const message = EngineError.isInstance(error)
      ? `${error.code}: ${error.message}`
      : String(error);
    console.error(`Could not start: ${message}`);
    process.exit(1);
  }
}
