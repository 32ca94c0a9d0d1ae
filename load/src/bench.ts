/**
 * `npm run bench`: measures what the engine adds, on loopback, with the real OpenAI-compatible
 * path against the project's fake server. Prints numbers; asserts nothing (speed is not a test).
 *
 * - time to first token added by the engine: fake server's time to first token is 0, so the time
 *   from `message:send` to the first `reply:delta` is engine + transport + HTTP overhead;
 * - stop latency: from `reply:abort` to `reply:end` at the client, and to the model's HTTP
 *   request being closed (seen by the fake server).
 *
 * @module
 */
import os from 'node:os';
import type { JoinAck, SendAck } from '../../engine/src/protocol/events.ts';
import { startFakeOpenAiServer } from '../../engine/src/testing/fake-openai-server.ts';
import { connectClient, observeReplies, request } from '../../engine/src/testing/socket-client.ts';
import { startTestServer } from '../../engine/src/testing/start-test-server.ts';
import { summarize } from './percentiles.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 200);

const fake = await startFakeOpenAiServer({ timeToFirstTokenMs: 0, tokensPerSecond: 200 });
const server = await startTestServer({
  environment: {
    OPENAI_API_KEY: 'sk-bench',
    OPENAI_BASE_URL: fake.url,
    RATE_LIMIT_CAPACITY: '1000',
    RATE_LIMIT_REFILL_PER_SECOND: '1000',
  },
});
const { socket } = await connectClient(server.url);
const observer = observeReplies(socket);
const join = (await request(socket, 'conversation:join', { animalId: 'leo' })) as JoinAck;

const firstToken: number[] = [];
const stopToEnd: number[] = [];
const stopToUpstreamClose: number[] = [];
for (let index = 0; index < samples; index += 1) {
  fake.enqueueReply('Roar! I am a lion and I sleep up to twenty hours a day in the warm sun.');
  const started = performance.now();
  const firstDelta = new Promise<number>((resolve) =>
    socket.once('reply:delta', () => resolve(performance.now())),
  );
  const sent = (await request(socket, 'message:send', {
    conversationId: join.conversationId,
    clientMessageId: `ttft-${index}`,
    text: 'How long do you sleep?',
  })) as SendAck;
  firstToken.push((await firstDelta) - started);
  await observer.waitFor(sent.replyId);
}
for (let index = 0; index < Math.min(samples, 100); index += 1) {
  fake.enqueueReply('Roar! '.repeat(400));
  const sent = (await request(socket, 'message:send', {
    conversationId: join.conversationId,
    clientMessageId: `stop-${index}`,
    text: 'Tell me everything',
  })) as SendAck;
  await new Promise((resolve) => socket.once('reply:delta', resolve));
  const abortsBefore = fake.clientAborts;
  const stoppedAt = performance.now();
  await request(socket, 'reply:abort', { replyId: sent.replyId });
  await observer.waitFor(sent.replyId);
  stopToEnd.push(performance.now() - stoppedAt);
  while (fake.clientAborts === abortsBefore && performance.now() - stoppedAt < 2_000) {
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
  stopToUpstreamClose.push(performance.now() - stoppedAt);
}

socket.close();
await server.close();
await fake.close();

console.log(
  `\nCMZ engine benchmarks · Node ${process.version} · ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}`,
);
console.log(
  '(loopback; OpenAI-compatible path against the fake server with 0 ms time to first token)\n',
);
console.log(summarize('send → first delta (engine-added TTFT)', firstToken));
console.log(summarize('reply:abort → reply:end at the client', stopToEnd));
console.log(summarize('reply:abort → model request closed', stopToUpstreamClose));
