/**
 * The entry point of an engine node started as a child process by {@link spawnEngineNode}: the
 * engine alone (no web app), configured by the environment, printing one `CMZ_NODE_READY <url>`
 * line when it listens.
 *
 * `CMZ_NODE_EXTENSIONS=rest` also loads the REST layer (`@cmz/rest-compat`, like `npm start`), so
 * a test or load run can sign in (`POST /api/auth`) and use staff-only socket events such as
 * `school:open`. Several such nodes need the same `DYNAMODB_ENDPOINT` and `JWT_SECRET`, otherwise
 * each node has its own users and rejects the others' tokens.
 *
 * @module
 */
import { runNode } from '../server/run-node.ts';
import type { ServerExtension } from '../server/start-server.ts';

const requested = (process.env.CMZ_NODE_EXTENSIONS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);
const unknown = requested.filter((name) => name !== 'rest');
if (unknown.length > 0) {
  // A typo would otherwise start a node without the layer the caller relies on.
  console.error(`CMZ_NODE_EXTENSIONS: unknown extension ${unknown.join(', ')} (known: rest)`);
  process.exit(1);
}

const extensions: ServerExtension[] = [];
if (requested.includes('rest')) {
  // Imported only when asked for: the engine itself never depends on the REST layer.
  const { restCompatExtension } = await import('@cmz/rest-compat');
  extensions.push(restCompatExtension());
}

await runNode({ extensions, announce: (url) => console.log(`CMZ_NODE_READY ${url}`) });
