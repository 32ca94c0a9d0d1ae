import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server.ts';
import type { LlmStreamPart } from './llm-model.ts';
import {
  closedPortUrl,
  collect,
  engineErrorOf,
  makeCall,
  textOf,
  waitFor,
} from './openai-model-test-kit.ts';
import { createOpenAiModel, type LlmRetryEvent, type OpenAiModelOptions } from './openai-model.ts';

let fake: FakeOpenAiServer;

beforeAll(async () => {
  fake = await startFakeOpenAiServer();
});
afterEach(() => fake.reset());
afterAll(() => fake.close());

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
    await model({ maxBackoffMs: 100, onRetry: (event) => retries.push(event) }).doStream(
      makeCall(),
    );
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
  it('retries when no response headers arrive within connectTimeoutMs', async () => {
    let received = 0;
    const silent = createServer(() => (received += 1));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const instance = model({
        baseUrl: `http://127.0.0.1:${port}/v1`,
        connectTimeoutMs: 100,
        stallTimeoutMs: 5000,
        maxRetries: 1,
      });
      const error = await engineErrorOf(instance.doStream(makeCall()));
      expect(error.code).toBe('CMZ_ERR_LLM_UNAVAILABLE');
      expect(received).toBe(2);
    } finally {
      silent.closeAllConnections();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

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
