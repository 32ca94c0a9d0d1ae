import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../testing/fake-openai-server.ts';
import type { LlmStreamPart } from './llm-model.ts';
import {
  closedPortUrl,
  collect,
  engineErrorOf,
  fact,
  makeCall,
  textOf,
  waitFor,
} from './openai-model-test-kit.ts';
import { createOpenAiModel, type OpenAiModelOptions } from './openai-model.ts';

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
      // The server counts per message (22); our estimate would say 21 and 9, so this is its usage.
      usage: { promptTokens: 22, completionTokens: 6, totalTokens: 28 },
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
      citations: ['a', 'b', 'c'].map((id) => ({
        cardId: id,
        title: `Title ${id}`,
        text: `Text ${id}`,
      })),
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
      {
        type: 'finish',
        finishReason: 'aborted',
        usage: expect.objectContaining({ completionTokens: 0 }),
      },
    ]);
    await waitFor(() => fake.clientAborts === 1);
  });

  it('does not call the server when already aborted, and stops waiting for a retry on abort', async () => {
    const controller = new AbortController();
    controller.abort();
    const early = await collect(
      (await model().doStream(makeCall({ signal: controller.signal }))).stream,
    );
    expect(early).toHaveLength(1);
    expect(fake.requests).toHaveLength(0);

    fake.enqueueFailure({ type: 'status', status: 503 });
    const later = new AbortController();
    const instance = model({
      initialBackoffMs: 5000,
      maxBackoffMs: 5000,
      onRetry: () => later.abort(),
    });
    const started = Date.now();
    const parts = await collect(
      (await instance.doStream(makeCall({ signal: later.signal }))).stream,
    );
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
