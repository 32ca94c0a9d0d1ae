import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JoinAck, SendAck } from '../protocol/events.ts';
import type { RunningServer } from '../server/start-server.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server.ts';
import {
  connectClient,
  observeReplies,
  request,
  type EngineClient,
} from '../testing/socket-client.ts';
import { startTestServer } from '../testing/start-test-server.ts';

let fake: FakeOpenAiServer;
let server: RunningServer;
let socket: EngineClient;
let conversationId: string;
let observer: ReturnType<typeof observeReplies>;
let counter = 0;

async function ask(text: string) {
  const sent = (await request(socket, 'message:send', {
    conversationId,
    clientMessageId: `o${++counter}`,
    text,
  })) as SendAck;
  return observer.waitFor(sent.replyId);
}

beforeAll(async () => {
  fake = await startFakeOpenAiServer({ timeToFirstTokenMs: 5, tokensPerSecond: 500 });
  server = await startTestServer({
    environment: {
      OPENAI_API_KEY: 'sk-test',
      OPENAI_BASE_URL: fake.url,
      LLM_STALL_TIMEOUT_MS: '300',
      LLM_MAX_RETRIES: '3',
      RATE_LIMIT_CAPACITY: '50',
    },
  });
  const client = await connectClient(server.url);
  socket = client.socket;
  observer = observeReplies(socket);
  conversationId = (
    (await request(socket, 'conversation:join', { animalId: 'charlie' })) as JoinAck
  ).conversationId;
});
afterAll(async () => {
  socket.close();
  await server.close();
  await fake.close();
});

describe('the OpenAI-compatible path through the whole engine', () => {
  it('sends the persona, history and settings, and streams the scripted reply', async () => {
    fake.enqueueReply('Hello, little one! I eat grass, leaves and bark.');
    const reply = await ask('What do you eat?');
    expect(reply.end?.text).toBe('Hello, little one! I eat grass, leaves and bark.');
    const body = fake.requests.at(-1)?.body as {
      model: string;
      messages: { role: string; content: string }[];
      stream: boolean;
    };
    expect(body.stream).toBe(true);
    expect(body.model).toBe('gpt-4o-mini');
    expect(body.messages[0]?.role).toBe('system');
    expect(body.messages[0]?.content).toContain('Charlie');
    expect(body.messages[0]?.content.toLowerCase()).toContain("zoo's ai");
    expect(body.messages.at(-1)).toEqual({ role: 'user', content: 'What do you eat?' });
  });

  it('retries a 429 (honouring Retry-After) and then answers once', async () => {
    fake.enqueueFailure({ type: 'status', status: 429, retryAfterSeconds: 0.2 });
    fake.enqueueReply('After a short wait: hello!');
    const requestsBefore = fake.requests.length;
    const reply = await ask('Are you there?');
    expect(reply.error).toBeUndefined();
    expect(reply.end?.text).toBe('After a short wait: hello!');
    expect(fake.requests.length - requestsBefore).toBe(2);
  });

  it('turns a stall into a temporary reply:error', async () => {
    fake.enqueueFailure({ type: 'stall', afterTokens: 2 });
    const reply = await ask('Tell me a story');
    expect(reply.error).toMatchObject({ code: 'CMZ_ERR_LLM_STALLED', temporary: true });
    expect(reply.end).toBeUndefined();
  });
});
