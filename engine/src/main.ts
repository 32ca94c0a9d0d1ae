/**
 * `npm start`: the whole product on embedded defaults. Stops gracefully on SIGTERM and SIGINT.
 *
 * @module
 */
import { EngineError } from './errors/engine-error.ts';
import { startServer } from './server/start-server.ts';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.version} is not supported: start the product with \`npm start\` (Node 24).`,
  );
  process.exit(1);
}

try {
  // The composition root adds the REST layer (and later the web app) as extensions; the engine
  // itself never imports them, so it stays usable on its own.
  const { restCompatExtension } = await import('@cmz/rest-compat');
  const { webExtension } = await import('@cmz/web/serve');
  const server = await startServer({ extensions: [restCompatExtension(), webExtension()] });
  console.log(
    `\n  Cougar Mountain Zoo digital ambassadors: open ${server.url.replace('127.0.0.1', 'localhost')}\n`,
  );
  const stop = (signal: string) => {
    server.engine.logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
} catch (error) {
  const message = EngineError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  console.error(`Could not start: ${message}`);
  process.exit(1);
}
