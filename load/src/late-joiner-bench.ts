/**
 * Part of `npm run bench`: how fast a late joiner (a new tab, a second device) on ANOTHER node
 * sees a reply that is already streaming, and goes live. Two engine nodes share a real
 * `redis-server`; the reply is generated on node A at 20 tokens/s (fake OpenAI server); a socket
 * joins the conversation on node B mid-reply. Prints numbers; asserts nothing.
 *
 * - join → ack: the ack carries the reply so far (`activeReply`, read from the Redis journal);
 * - join → first live delta: when the joiner is live (goal: within 300 ms).
 *
 * @module
 */
import type { JoinAck, SendAck } from '../../engine/src/protocol/events.ts';
import { startFakeOpenAiServer } from '../../engine/src/testing/fake-openai-server.ts';
import { startRedisServer } from '../../engine/src/testing/redis-server.ts';
import { connectClient, observeReplies, request } from '../../engine/src/testing/socket-client.ts';
import { startTestServer } from '../../engine/src/testing/start-test-server.ts';
import { summarize } from './percentiles.ts';

const samples = Number(process.env.BENCH_SAMPLES ?? 30);
const redis = await startRedisServer();
const fake = await startFakeOpenAiServer({ timeToFirstTokenMs: 0, tokensPerSecond: 20 });
const environment = {
  REDIS_URL: redis.url,
  OPENAI_API_KEY: 'sk-bench',
  OPENAI_BASE_URL: fake.url,
  RATE_LIMIT_CAPACITY: '1000',
  RATE_LIMIT_REFILL_PER_SECOND: '1000',
};
const nodeA = await startTestServer({ environment });
const nodeB = await startTestServer({ environment });
const owner = await connectClient(nodeA.url);
const observer = observeReplies(owner.socket);
const join = (await request(owner.socket, 'conversation:join', { animalId: 'leo' })) as JoinAck;

const toAck: number[] = [];
const toLive: number[] = [];
let snapshotsWithText = 0;
for (let index = 0; index < samples; index += 1) {
  fake.enqueueReply(`${'Roar, I love the warm sun and a good nap. '.repeat(6)}The end.`);
  const sent = (await request(owner.socket, 'message:send', {
    conversationId: join.conversationId,
    clientMessageId: `late-${index}`,
    text: 'Tell me about your day',
  })) as SendAck;
  // Let the reply stream for a while, so there is something to catch up on.
  await new Promise((resolve) => setTimeout(resolve, 400));
  const joiner = await connectClient(nodeB.url, { guestToken: owner.session.guestToken });
  const started = performance.now();
  const live = new Promise<number>((resolve) =>
    joiner.socket.once('reply:delta', () => resolve(performance.now())),
  );
  const ack = (await request(joiner.socket, 'conversation:join', {
    conversationId: join.conversationId,
  })) as JoinAck;
  toAck.push(performance.now() - started);
  if ((ack.activeReply?.text.length ?? 0) > 0) snapshotsWithText += 1;
  toLive.push((await live) - started);
  await observer.waitFor(sent.replyId);
  joiner.socket.close();
}

owner.socket.close();
await nodeB.close();
await nodeA.close();
await fake.close();
await redis.stop();

console.log('\nLate joiner on another node (2 nodes, real Redis, reply at 20 tokens/s)');
console.log(summarize('join → ack with the reply so far', toAck));
console.log(summarize('join → first live delta', toLive));
console.log(`snapshots that carried the text so far: ${snapshotsWithText}/${samples}`);
