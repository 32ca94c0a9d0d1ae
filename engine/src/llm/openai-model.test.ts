import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AnimalPersona, FactCard } from '../content/animal-types.ts';
import { EngineError } from '../errors/engine-error.ts';
import {
  startFakeOpenAiServer,
  type FakeOpenAiServer,
} from '../testing/fake-openai-server.ts';
import type { LlmCall, LlmStreamPart, Prompt } from './llm-model.ts';
import { createOpenAiModel, type LlmRetryEvent, type OpenAiModelOptions } from './openai-model.ts';

let fake: FakeOpenAiServer;

beforeAll(async () => {
  fake = await startFakeOpenAiServer();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

const animal: AnimalPersona = {
  id: 'bella',
  name: 'Bella',
  species: 'Cougar',
  scientificName: 'Puma concolor',
  emoji: '🐆',
  tagline: { en: 'The queen of the mountain' },
  personality: 'Curious and kind.',
  catchPhrases: ['purr-fect!'],
  voiceId: 'Joanna',
  locales: ['en'],
  status: 'active',
  model: { model: 'gpt-4o-mini', temperature: 0.7, maxTokens: 400 },
};

function fact(id: string, followUp?: string): FactCard {
  return {
    id,
    animalId: 'bella',
    locale: 'en',
    title: `Title ${id}`,
    text: `Text ${id}`,
    keywords: [],
    ...(followUp ? { followUp } : {}),
  };
}

function makeCall(options: { facts?: FactCard[]; signal?: AbortSignal } = {}): LlmCall {
  const prompt: Prompt = {
    system: ['You are Bella the cougar.', 'Speak to children.'],
    messages: [
      { role: 'user', content: 'Hi Bella' },
      { role: 'assistant', content: 'Hello friend!' },
      { role: 'user', content: 'What do you eat?' },
    ],
    facts: options.facts ?? [],
    settings: { model: 'cmz-test-model', temperature: 0.4, maxTokens: 123 },
  };
  return {
    prompt,
    animal,
    locale: 'en',
    question: 'What do you eat?',
    abortSignal: options.signal ?? new AbortController().signal,
  };
}

function model(options: Partial<OpenAiModelOptions> = {}) {
  return createOpenAiModel({
    apiKey: 'sk-test',
    baseUrl: fake.url,
    initialBackoffMs: 10,
    maxBackoffMs: 50,
    stallTimeoutMs: 2000,
    ...options,
  });
}

async function collect(stream: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart[]> {
  const parts: LlmStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

function textOf(parts: LlmStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

async function engineErrorOf(promise: Promise<unknown>): Promise<EngineError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!EngineError.isInstance(error)) throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('createOpenAiModel: streaming', () => {
  it('streams text deltas in order and finishes with the server usage', async () => {
    fake.enqueueReply('I eat deer, and sometimes rabbits!');
    const instance = model();
    expect(instance).toMatchObject({ specificationVersion: 'v1', provider: 'openai' });
    const { stream } = await instance.doStream(makeCall());
    const parts = await collect(stream);
    expect(textOf(parts)).toBe('I eat deer, and sometimes rabbits!');
    expect(parts.filter((part) => part.type === 'text-delta')).toHaveLength(6);
    const finish = parts.at(-1);
    expect(finish).toEqual({
      type: 'finish',
      finishReason: 'stop',
      usage: { promptTokens: 18, completionTokens: 6, totalTokens: 24 },
    });
  });

  it('sends the prompt, the settings and the API key to the server', async () => {
    await collect((await model().doStream(makeCall())).stream);
    const recorded = fake.requests[0];
    expect(recorded?.headers.authorization).toBe('[redacted]');
    expect(recorded?.body).toEqual({
      model: 'cmz-test-model',
      messages: [
        { role: 'system', content: 'You are Bella the cougar.\n\nSpeak to children.' },
        { role: 'user', content: 'Hi Bella' },
        { role: 'assistant', content: 'Hello friend!' },
        { role: 'user', content: 'What do you eat?' },
      ],
      temperature: 0.4,
      max_completion_tokens: 123,
      stream: true,
      stream_options: { include_usage: true },
    });
  });

  it('can send max_tokens and falls back to the default model', async () => {
    const call = makeCall();
    call.prompt.settings.model = '';
    const instance = model({ maxTokensParameter: 'max_tokens', defaultModel: 'cmz-fake' });
    expect(instance.modelId).toBe('cmz-fake');
    await collect((await instance.doStream(call)).stream);
    expect(fake.requests[0]?.body).toMatchObject({ model: 'cmz-fake', max_tokens: 123 });
  });

  it('maps a token-limit finish to "length"', async () => {
    fake.enqueueReply('word '.repeat(200));
    const parts = await collect((await model().doStream(makeCall())).stream);
    expect(parts.at(-1)).toMatchObject({ type: 'finish', finishReason: 'length' });
  });

  it('yields citations and suggestions from the first three facts before finishing', async () => {
    const facts = [fact('a', 'Why a?'), fact('b'), fact('c', 'Why c?'), fact('d', 'Why d?')];
    const parts = await collect((await model().doStream(makeCall({ facts }))).stream);
    const tail = parts.slice(-3);
    expect(tail[0]).toEqual({
      type: 'citations',
      citations: ['a', 'b', 'c'].map((id) => ({ cardId: id, title: `Title ${id}`, text: `Text ${id}` })),
    });
    expect(tail[1]).toEqual({ type: 'suggestions', suggestions: ['Why a?', 'Why c?'] });
    expect(tail[2]?.type).toBe('finish');
  });

  it('yields no grounding parts without facts', async () => {
    const parts = await collect((await model().doStream(makeCall())).stream);
    expect(parts.some((part) => part.type === 'citations' || part.type === 'suggestions')).toBe(
      false,
    );
  });
});

describe('createOpenAiModel: retries before the first token', () => {
  it('honours Retry-After on a 429, then streams the one reply', async () => {
    fake.enqueueReply('Purr-fect timing.');
    fake.enqueueFailure({ type: 'status', status: 429, retryAfterSeconds: 1 });
    const retries: LlmRetryEvent[] = [];
    const instance = model({ maxBackoffMs: 8000, onRetry: (event) => retries.push(event) });
    const started = Date.now();
    const { stream } = await instance.doStream(makeCall());
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(950);
    expect(waited).toBeLessThan(5000);
    expect(retries).toEqual([{ retry: 1, delayMs: 1000, reason: 'rate-limited', status: 429 }]);
    expect(fake.requests).toHaveLength(2);
    expect(textOf(await collect(stream))).toBe('Purr-fect timing.');
  });

  it('caps a long retry-after-ms at maxBackoffMs', async () => {
    fake.enqueueFailure({ type: 'status', status: 429, retryAfterMs: 60_000 });
    const retries: LlmRetryEvent[] = [];
    const started = Date.now();
    await model({ maxBackoffMs: 100, onRetry: (event) => retries.push(event) }).doStream(makeCall());
    expect(retries[0]?.delayMs).toBe(100);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('retries a 500 and a connection cut before the first token', async () => {
    fake.enqueueReply('Back again.');
    fake.enqueueFailure({ type: 'status', status: 500 });
    fake.enqueueFailure({ type: 'cut', afterTokens: 0 });
    const { stream } = await model().doStream(makeCall());
    expect(textOf(await collect(stream))).toBe('Back again.');
    expect(fake.requests).toHaveLength(3);
  });

  it('gives up on repeated 429s with a temporary CMZ_ERR_LLM_RATE_LIMITED', async () => {
    for (let index = 0; index < 3; index += 1) {
      fake.enqueueFailure({ type: 'status', status: 429, retryAfterMs: 20 });
    }
    const error = await engineErrorOf(model({ maxRetries: 2 }).doStream(makeCall()));
    expect(error.code).toBe('CMZ_ERR_LLM_RATE_LIMITED');
    expect(error.temporary).toBe(true);
    expect(error.retryAfterMs).toBe(20);
    expect(fake.requests).toHaveLength(3);
  });

  it.each([400, 401, 403, 404])('rejects a %i without retrying', async (status) => {
    fake.enqueueFailure({ type: 'status', status });
    const error = await engineErrorOf(model().doStream(makeCall()));
    expect(error.code).toBe('CMZ_ERR_LLM_REJECTED');
    expect(error.temporary).toBe(false);
    expect(error.details).toEqual({ upstreamStatus: status });
    expect(fake.requests).toHaveLength(1);
  });

  it('reports an unreachable server as a temporary CMZ_ERR_LLM_UNAVAILABLE', async () => {
    const baseUrl = await closedPortUrl();
    const error = await engineErrorOf(model({ baseUrl, maxRetries: 1 }).doStream(makeCall()));
    expect(error.code).toBe('CMZ_ERR_LLM_UNAVAILABLE');
    expect(error.temporary).toBe(true);
  });
});

describe('createOpenAiModel: stalls and cuts', () => {
  it('throws CMZ_ERR_LLM_STALLED when no token arrives, without retrying', async () => {
    fake.enqueueFailure({ type: 'stall', afterTokens: 0 });
    const started = Date.now();
    const error = await engineErrorOf(model({ stallTimeoutMs: 200 }).doStream(makeCall()));
    expect(error.code).toBe('CMZ_ERR_LLM_STALLED');
    expect(error.temporary).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(fake.requests).toHaveLength(1);
    await waitFor(() => fake.clientAborts === 1);
  });

  it('throws CMZ_ERR_LLM_STALLED from the stream when tokens stop mid-reply', async () => {
    fake.enqueueReply('one two three four');
    fake.enqueueFailure({ type: 'stall', afterTokens: 2 });
    const { stream } = await model({ stallTimeoutMs: 200 }).doStream(makeCall());
    const parts: LlmStreamPart[] = [];
    const error = await engineErrorOf(
      (async () => {
        for await (const part of stream) parts.push(part);
      })(),
    );
    expect(error.code).toBe('CMZ_ERR_LLM_STALLED');
    expect(textOf(parts)).toBe('one two');
    await waitFor(() => fake.clientAborts === 1);
  });

  it('throws CMZ_ERR_LLM_UNAVAILABLE from the stream when the connection is cut mid-reply', async () => {
    fake.enqueueReply('one two three four');
    fake.enqueueFailure({ type: 'cut', afterTokens: 2 });
    const { stream } = await model().doStream(makeCall());
    const parts: LlmStreamPart[] = [];
    const error = await engineErrorOf(
      (async () => {
        for await (const part of stream) parts.push(part);
      })(),
    );
    expect(error.code).toBe('CMZ_ERR_LLM_UNAVAILABLE');
    expect(error.temporary).toBe(true);
    expect(textOf(parts)).toBe('one two');
    expect(fake.requests).toHaveLength(1);
  });
});

describe('createOpenAiModel: abort', () => {
  it('ends the stream promptly with an aborted finish when aborted mid-stream', async () => {
    fake.setTiming({ tokensPerSecond: 20 });
    fake.enqueueReply('word '.repeat(100));
    const controller = new AbortController();
    const { stream } = await model().doStream(makeCall({ signal: controller.signal }));
    const parts: LlmStreamPart[] = [];
    let abortedAt = 0;
    for await (const part of stream) {
      parts.push(part);
      if (part.type === 'text-delta' && abortedAt === 0) {
        abortedAt = Date.now();
        controller.abort();
      }
    }
    expect(Date.now() - abortedAt).toBeLessThan(1000);
    const finish = parts.at(-1);
    expect(finish).toMatchObject({ type: 'finish', finishReason: 'aborted' });
    expect(finish?.type === 'finish' && finish.usage.completionTokens).toBeGreaterThan(0);
    await waitFor(() => fake.clientAborts === 1);
  });

  it('treats an abort before the first token as a clean aborted finish', async () => {
    fake.setTiming({ timeToFirstTokenMs: 5000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const started = Date.now();
    const { stream } = await model().doStream(makeCall({ signal: controller.signal }));
    expect(Date.now() - started).toBeLessThan(1000);
    const parts = await collect(stream);
    expect(parts).toEqual([
      { type: 'finish', finishReason: 'aborted', usage: expect.objectContaining({ completionTokens: 0 }) },
    ]);
    await waitFor(() => fake.clientAborts === 1);
  });

  it('does not call the server when already aborted, and stops waiting for a retry on abort', async () => {
    const controller = new AbortController();
    controller.abort();
    const early = await collect((await model().doStream(makeCall({ signal: controller.signal }))).stream);
    expect(early).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);

    fake.enqueueFailure({ type: 'status', status: 503 });
    const later = new AbortController();
    const instance = model({ initialBackoffMs: 5000, maxBackoffMs: 5000, onRetry: () => later.abort() });
    const started = Date.now();
    const parts = await collect((await instance.doStream(makeCall({ signal: later.signal }))).stream);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(parts.at(-1)).toMatchObject({ finishReason: 'aborted' });
  });

  it('aborts the request when the consumer stops reading', async () => {
    fake.setTiming({ tokensPerSecond: 20 });
    fake.enqueueReply('word '.repeat(100));
    const { stream } = await model().doStream(makeCall());
    for await (const part of stream) if (part.type === 'text-delta') break;
    await waitFor(() => fake.clientAborts === 1);
  });
});

describe('createOpenAiModel: checkHealth', () => {
  it('resolves when the server lists models', async () => {
    await expect(model().checkHealth?.()).resolves.toBeUndefined();
    expect(fake.requests[0]?.path).toBe('/v1/models');
  });

  it('throws CMZ_ERR_LLM_UNAVAILABLE when the server is unreachable', async () => {
    const instance = model({ baseUrl: await closedPortUrl() });
    const error = await engineErrorOf(instance.checkHealth?.() ?? Promise.resolve());
    expect(error.code).toBe('CMZ_ERR_LLM_UNAVAILABLE');
  });
});

/** A loopback URL where nothing listens: a port that was free a moment ago. */
async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
