/**
 * `npm start`: the whole product on embedded defaults. Stops gracefully on SIGTERM and SIGINT.
 *
 * @module
 */
import { runNode } from './server/run-node.ts';

const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(
    `Node ${process.version} is not supported: start the product with \`npm start\` (Node 24).`,
  );
  process.exit(1);
}

// The composition root adds the REST layer and the web app as extensions; the engine itself never
// imports them, so it stays usable on its own.
const { restCompatExtension } = await import('@cmz/rest-compat');
const { webExtension } = await import('@cmz/web/serve');
await runNode({
  extensions: [restCompatExtension(), webExtension()],
  announce: (url) =>
    console.log(
      `\n  Cougar Mountain Zoo digital ambassadors: open ${url.replace('127.0.0.1', 'localhost')}\n`,
    ),
});
