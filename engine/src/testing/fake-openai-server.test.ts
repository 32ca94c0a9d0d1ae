import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { splitIntoTokens } from './fake-openai-payloads.ts';
import { startFakeOpenAiServer, type FakeOpenAiServer } from './fake-openai-server.ts';

let fake: FakeOpenAiServer;

beforeAll(async () => {
  fake = await startFakeOpenAiServer({ moderationWords: ['meanie', 'bad word'] });
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

interface ChunkPayload {
  object?: string;
  choices: { delta: { role?: string; content?: string }; finish_reason: string | null }[];
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

function chat(body: object, signal?: AbortSignal): Promise<Response> {
  return fetch(`${fake.url}/chat/completions`, {
    method: 'POST',
    headers: { authorization: 'Bearer sk-secret', 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
}

const userAsks = (content: string) => ({ messages: [{ role: 'user', content }] });

function parseEvents(text: string): (ChunkPayload | '[DONE]')[] {
  return text
    .split('\n\n')
    .filter((block) => block.startsWith('data: '))
    .map((block) => block.slice('data: '.length))
    .map((data) => (data === '[DONE]' ? '[DONE]' : (JSON.parse(data) as ChunkPayload)));
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('fake OpenAI server: chat completions', () => {
  it('streams a scripted reply as OpenAI chunks, then a stop chunk, usage and [DONE]', async () => {
    fake.enqueueReply('Sniff sniff! I love bamboo.');
    const response = await chat({
      model: 'gpt-4o-mini',
      stream: true,
      stream_options: { include_usage: true },
      ...userAsks('What do you eat?'),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const events = parseEvents(await response.text());
    expect(events.at(-1)).toBe('[DONE]');
    const chunks = events.filter((event): event is ChunkPayload => event !== '[DONE]');
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk')).toBe(true);
    const contentChunks = chunks.filter((chunk) => chunk.choices[0]?.delta.content);
    expect(contentChunks.map((chunk) => chunk.choices[0]?.delta.content)).toEqual([
      'Sniff',
      ' sniff!',
      ' I',
      ' love',
      ' bamboo.',
    ]);
    expect(contentChunks[0]?.choices[0]?.delta.role).toBe('assistant');
    expect(chunks.at(-2)?.choices[0]?.finish_reason).toBe('stop');
    expect(chunks.at(-1)?.choices).toEqual([]);
    expect(chunks.at(-1)?.usage).toEqual({
      prompt_tokens: 4,
      completion_tokens: 5,
      total_tokens: 9,
    });
  });

  it('sends no usage chunk unless asked and echoes the last user message by default', async () => {
    const response = await chat({ stream: true, ...userAsks('Are you fluffy?') });
    const chunks = parseEvents(await response.text()).filter((event) => event !== '[DONE]');
    expect(chunks.some((chunk) => chunk.usage !== undefined)).toBe(false);
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toContain('Are you fluffy?');
  });

  it('passes the request messages to a reply function', async () => {
    fake.enqueueReply((messages) => `${messages.length} messages, first ${messages[0]?.role}`);
    const response = await chat({
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'Be a cougar.' }] },
        { role: 'user', content: 'Hi' },
      ],
    });
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(body.choices[0]?.message.content).toBe('2 messages, first system');
  });

  it('answers a non-streaming request with a chat.completion object', async () => {
    fake.enqueueReply('Roar!');
    const response = await chat({ model: 'cmz-fake', ...userAsks('Hello') });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({
      object: 'chat.completion',
      model: 'cmz-fake',
      choices: [
        { index: 0, message: { role: 'assistant', content: 'Roar!' }, finish_reason: 'stop' },
      ],
      usage: { completion_tokens: 1 },
    });
  });

  it('stops at the token limit with finish_reason "length"', async () => {
    fake.enqueueReply('one two three four');
    const response = await chat({ max_completion_tokens: 2, ...userAsks('Count') });
    const body = (await response.json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
    };
    expect(body.choices[0]).toMatchObject({
      message: { content: 'one two' },
      finish_reason: 'length',
    });
  });

  it('waits the time to first token and paces tokens', async () => {
    fake.setTiming({ timeToFirstTokenMs: 150, tokensPerSecond: 50 });
    fake.enqueueReply('a b c d e');
    const started = Date.now();
    await (await chat({ stream: true, ...userAsks('Go') })).text();
    // 150 ms to the first token plus 4 gaps of 20 ms; generous upper bound for slow machines.
    expect(Date.now() - started).toBeGreaterThanOrEqual(200);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('records requests with the authorization value redacted', async () => {
    await (await chat({ temperature: 0.3, ...userAsks('Hi') })).text();
    expect(fake.requests).toHaveLength(1);
    const recorded = fake.requests[0];
    expect(recorded?.method).toBe('POST');
    expect(recorded?.path).toBe('/v1/chat/completions');
    expect(recorded?.headers.authorization).toBe('[redacted]');
    expect(JSON.stringify(recorded)).not.toContain('sk-secret');
    expect(recorded?.body).toMatchObject({ temperature: 0.3 });
  });
});

describe('fake OpenAI server: injected failures', () => {
  it('answers a 429 with retry-after headers, then serves the queued reply', async () => {
    fake.enqueueReply('After the wait.');
    fake.enqueueFailure({ type: 'status', status: 429, retryAfterSeconds: 2, retryAfterMs: 1500 });
    const limited = await chat(userAsks('Hi'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect(limited.headers.get('retry-after-ms')).toBe('1500');
    expect(await limited.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
    const ok = (await (await chat(userAsks('Hi'))).json()) as {
      choices: { message: { content: string } }[];
    };
    expect(ok.choices[0]?.message.content).toBe('After the wait.');
  });

  it('answers a 500 with a custom body', async () => {
    fake.enqueueFailure({ type: 'status', status: 500, body: { error: { message: 'oops' } } });
    const response = await chat(userAsks('Hi'));
    expect(response.status).toBe(500);
    expect(await response.json()).toEqual({ error: { message: 'oops' } });
  });

  it('stalls after some tokens until the client goes away, and counts the abort', async () => {
    fake.enqueueReply('one two three');
    fake.enqueueFailure({ type: 'stall', afterTokens: 1 });
    const controller = new AbortController();
    const response = await chat({ stream: true, ...userAsks('Hi') }, controller.signal);
    if (response.body === null) throw new Error('expected a streamed body');
    const reader = response.body.getReader();
    const first = new TextDecoder().decode((await reader.read()).value);
    expect(first).toContain('"content":"one"');
    const next = reader.read();
    const outcome = await Promise.race([
      next.then(() => 'data'),
      new Promise((resolve) => setTimeout(() => resolve('silence'), 200)),
    ]);
    expect(outcome).toBe('silence');
    controller.abort();
    await expect(next).rejects.toThrow();
    await waitFor(() => fake.clientAborts === 1);
  });

  it('cuts the connection mid-stream', async () => {
    fake.enqueueFailure({ type: 'cut', afterTokens: 2 });
    const response = await chat({ stream: true, ...userAsks('Tell me more') });
    await expect(response.text()).rejects.toThrow();
    expect(fake.clientAborts).toBe(0);
  });

  it('cuts or stalls a non-streaming request without an answer', async () => {
    fake.enqueueFailure({ type: 'cut', afterTokens: 0 });
    await expect(chat(userAsks('Hi'))).rejects.toThrow();
    fake.enqueueFailure({ type: 'stall', afterTokens: 0 });
    const controller = new AbortController();
    const pending = chat(userAsks('Hi'), controller.signal);
    await waitFor(() => fake.requests.length === 2);
    controller.abort();
    await expect(pending).rejects.toThrow();
    await waitFor(() => fake.clientAborts === 1);
  });

  it('answers 500 when a reply function throws', async () => {
    fake.enqueueReply(() => {
      throw new Error('script bug');
    });
    expect((await chat(userAsks('Hi'))).status).toBe(500);
  });
});

describe('fake OpenAI server: other endpoints', () => {
  it('lists models', async () => {
    const response = await fetch(`${fake.url}/models`);
    const body = (await response.json()) as { object: string; data: { id: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.id)).toContain('gpt-4o-mini');
  });

  it('flags moderation inputs containing a listed word (whole words only)', async () => {
    const response = await fetch(`${fake.url}/moderations`, {
      method: 'POST',
      body: JSON.stringify({
        input: [
          'You are a MEANIE',
          'I love otters',
          'a bad word here',
          { type: 'text', text: 'x' },
        ],
      }),
    });
    const body = (await response.json()) as {
      id: string;
      model: string;
      results: { flagged: boolean; categories: Record<string, boolean> }[];
    };
    expect(body.id).toMatch(/^modr-/);
    expect(body.results.map((result) => result.flagged)).toEqual([true, false, true, false]);
    expect(body.results[0]?.categories.harassment).toBe(true);
    expect(body.results[1]?.categories.harassment).toBe(false);
    const single = await fetch(`${fake.url}/moderations`, {
      method: 'POST',
      body: JSON.stringify({ input: 'meanies are fine' }),
    });
    const singleBody = (await single.json()) as { results: { flagged: boolean }[] };
    expect(singleBody.results).toHaveLength(1);
    expect(singleBody.results[0]?.flagged).toBe(false);
  });

  it('answers 404 for unknown paths and 400 for invalid JSON', async () => {
    expect((await fetch(`${fake.url}/embeddings`, { method: 'POST' })).status).toBe(404);
    const invalid = await fetch(`${fake.url}/chat/completions`, { method: 'POST', body: '{nope' });
    expect(invalid.status).toBe(400);
  });
});

describe('fake OpenAI server: lifecycle', () => {
  it('reset clears queued replies, failures, requests and counters', async () => {
    fake.enqueueReply('Scripted');
    fake.enqueueFailure({ type: 'status', status: 500 });
    await (await fetch(`${fake.url}/models`)).text();
    fake.reset();
    expect(fake.requests).toHaveLength(0);
    const response = await chat(userAsks('Plain'));
    const body = (await response.json()) as { choices: { message: { content: string } }[] };
    expect(response.status).toBe(200);
    expect(body.choices[0]?.message.content).toContain('Plain');
  });

  it('close ends stalled responses and stops listening', async () => {
    const own = await startFakeOpenAiServer({ host: '127.0.0.1' });
    expect(own.url).toBe(`http://127.0.0.1:${own.port}/v1`);
    own.enqueueFailure({ type: 'stall', afterTokens: 0 });
    const response = await fetch(`${own.url}/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ stream: true, messages: [] }),
    });
    const body = response.text();
    await own.close();
    await expect(body).rejects.toThrow();
    expect(own.clientAborts).toBe(0);
    await expect(fetch(`${own.url}/models`)).rejects.toThrow();
    await own.close();
  });
});

describe('splitIntoTokens', () => {
  it('keeps whitespace so tokens join back to the text', () => {
    const text = '  Hello,\n big  world! ';
    const tokens = splitIntoTokens(text);
    expect(tokens.join('')).toBe(text);
    expect(tokens).toEqual(['  Hello,', '\n big', '  world!', ' ']);
    expect(splitIntoTokens('')).toEqual([]);
  });
});
