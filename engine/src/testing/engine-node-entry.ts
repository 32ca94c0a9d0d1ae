/**
 * The entry point of an engine node started as a child process by {@link spawnEngineNode}: the
 * engine alone (no REST layer, no web app), configured by the environment, printing one
 * `CMZ_NODE_READY <url>` line when it listens.
 *
 * @module
 */
import { runNode } from '../server/run-node.ts';

await runNode({ extensions: [], announce: (url) => console.log(`CMZ_NODE_READY ${url}`) });
