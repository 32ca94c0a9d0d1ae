import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { describe, expect, it } from 'vitest';
import { classifyOpenAiFailure, failureToEngineError } from './openai-error-mapping.ts';
import type { Prompt } from './llm-model.ts';
import { estimateUsage, mapFinishReason, toTokenUsage } from './openai-mapping.ts';
import { createStallGuard } from './stall-guard.ts';

const prompt: Prompt = {
  system: ['abcd', 'efgh'],
  messages: [{ role: 'user', content: 'abcdefgh' }],
  facts: [],
  settings: { model: 'm', temperature: 1, maxTokens: 10 },
};

describe('openai mapping', () => {
  it('estimates usage at about four characters per token', () => {
    // 'abcd\n\nefgh' (10) + 'abcdefgh' (8) = 18 characters -> 5 tokens.
    expect(estimateUsage(prompt, 'hello')).toEqual({
      promptTokens: 5,
      completionTokens: 2,
      totalTokens: 7,
    });
  });

  it('converts wire usage and finish reasons', () => {
    const usage = { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 };
    expect(toTokenUsage(usage)).toEqual({ promptTokens: 1, completionTokens: 2, totalTokens: 3 });
    expect(mapFinishReason('length')).toBe('length');
    expect(mapFinishReason('content_filter')).toBe('stop');
    expect(mapFinishReason(null)).toBe('stop');
  });
});

describe('classifyOpenAiFailure', () => {
  it('sorts statuses and transport failures', () => {
    const limited = APIError.generate(
      429,
      undefined,
      undefined,
      new Headers({ 'retry-after': '2' }),
    );
    expect(classifyOpenAiFailure(limited)).toMatchObject({
      kind: 'rate-limited',
      retryable: true,
      retryAfterMs: 2000,
    });
    const rejected = APIError.generate(422, undefined, undefined, new Headers());
    expect(classifyOpenAiFailure(rejected)).toMatchObject({ kind: 'rejected', retryable: false });
    const broken = APIError.generate(502, undefined, undefined, new Headers());
    expect(classifyOpenAiFailure(broken)).toMatchObject({ kind: 'unavailable', status: 502 });
    // An error event inside a stream has no status.
    const inStream = new APIError(undefined, { message: 'overloaded' }, undefined, undefined);
    expect(classifyOpenAiFailure(inStream)).toMatchObject({ kind: 'unavailable', retryable: true });
    expect(classifyOpenAiFailure(new APIConnectionError({}))).toMatchObject({
      kind: 'unavailable',
    });
    expect(classifyOpenAiFailure(new APIUserAbortError())).toMatchObject({ kind: 'unavailable' });
    expect(classifyOpenAiFailure(new TypeError('terminated'))).toMatchObject({
      kind: 'unavailable',
    });
  });

  it('keeps the cause and status out of the public message', () => {
    const cause = APIError.generate(401, { message: 'bad key sk-123' }, undefined, new Headers());
    const error = failureToEngineError(classifyOpenAiFailure(cause));
    expect(error.code).toBe('CMZ_ERR_LLM_REJECTED');
    expect(error.message).toBe('The model rejected the request');
    expect(error.cause).toBe(cause);
    expect(error.details).toEqual({ upstreamStatus: 401 });
  });
});

describe('createStallGuard', () => {
  it('fires only while armed and follows the caller signal', async () => {
    const caller = new AbortController();
    const guard = createStallGuard(20, caller.signal);
    guard.arm();
    guard.disarm();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(guard.signal.aborted).toBe(false);
    guard.arm();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(guard.stalled).toBe(true);
    expect(guard.signal.aborted).toBe(true);
    guard.dispose();

    const followed = createStallGuard(1000, caller.signal);
    caller.abort();
    expect(followed.signal.aborted).toBe(true);
    expect(followed.stalled).toBe(false);
    expect(createStallGuard(1000, caller.signal).signal.aborted).toBe(true);
  });
});
