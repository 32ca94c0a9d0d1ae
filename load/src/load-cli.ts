/**
 * `npm run load -- --scenario <name> [...]`: the socket load harness. Starts the model server in
 * this process, runs each requested scenario against engine child nodes and then against the bare
 * Socket.IO baseline, and prints the report. Bounded: at most 20,000 sockets, loopback only, and a
 * hard time limit per scenario after which the run stops and every child process and
 * redis-server is killed (the exit hooks in child-processes.ts and redis-server.ts).
 *
 * @module
 */
import os from 'node:os';
import { engineSettings } from './engine-cluster.ts';
import {
  LoadArgumentsError,
  parseLoadArguments,
  scenarioNames,
  type LoadArguments,
} from './load-arguments.ts';
import { formatScenario, markdownTable } from './scenario-report.ts';
import type { ScenarioResult } from './scenario-types.ts';
import { runScenario, scenarioSize } from './scenarios/scenario-catalog.ts';
import { startTokenStreamServer } from './token-stream-server.ts';

// Connecting 10,000 sockets twice (engine, baseline) and starting nodes takes time beyond the
// measured duration; anything past this is a hang, not a slow run. Room joins (and `live`'s
// votes) cost more per socket than a conversation join, hence the per-socket allowance.
const scenarioOverheadSeconds = 240;
const overheadSecondsPerSocket = 0.05;

let args: LoadArguments;
try {
  args = parseLoadArguments(process.argv.slice(2));
} catch (error) {
  if (error instanceof LoadArgumentsError) {
    console.error(`load: ${error.message}`);
    console.error(
      'usage: npm run load -- --scenario <idle|chats|room|viewers|storm|rest|class|live|all> [--sockets N] [--duration s] [--adapter redis|redis-sharded|redis-streams] [--tokens-per-second T] [--reply-tokens R] [--short] [--no-baseline] [--env KEY=VALUE]',
    );
    process.exit(2);
  }
  throw error;
}

const names = args.scenario === 'all' ? [...scenarioNames] : [args.scenario];
const model = await startTokenStreamServer({ tokensPerSecond: 20, tokensPerReply: 40 });
const results: ScenarioResult[] = [];
console.log(
  `CMZ load harness · Node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'} · ${args.short ? 'short' : 'full'} run · ${new Date().toISOString()}`,
);
console.log(
  'latency = socket.io-client handler time − model server write time (same process clock): model→engine HTTP, engine pipeline, Socket.IO + adapter, loopback WebSocket, client decode and client queueing.',
);
console.log(
  `engine environment (every node): ${JSON.stringify(
    engineSettings({
      ...(args.adapter ? { SOCKET_ADAPTER: args.adapter } : {}),
      ...args.environment,
    }),
  )}`,
);
let failed = false;
for (const name of names) {
  const size = scenarioSize(name, args);
  const limitSeconds = Math.round(
    size.durationSeconds + scenarioOverheadSeconds + size.sockets * overheadSecondsPerSocket,
  );
  let timer: NodeJS.Timeout | undefined;
  try {
    const result = await Promise.race([
      runScenario(name, size, { args, model }),
      new Promise<never>((_resolve, reject) => {
        timer = setTimeout(
          () => reject(new Error(`hard time limit of ${limitSeconds} s reached`)),
          limitSeconds * 1000,
        );
      }),
    ]);
    results.push(result);
    console.log(formatScenario(result));
  } catch (error) {
    console.error(`\n=== ${name}: FAILED: ${(error as Error).message}`);
    failed = true;
    // A phase stuck past its limit still holds sockets and children: stop here, the exit hooks
    // kill every child process and redis-server.
    if ((error as Error).message.startsWith('hard time limit')) break;
  } finally {
    clearTimeout(timer);
  }
}
await model.close();
if (results.length > 0) console.log(`\n${markdownTable(results)}`);
process.exit(failed ? 1 : 0);
