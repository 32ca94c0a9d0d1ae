/**
 * The model for OpenAI and OpenAI-compatible servers (vLLM, Ollama, LM Studio, the project's
 * fake): streams Chat Completions, retries what is worth retrying before the first token, and
 * turns every failure into a `CMZ_ERR_LLM_*` engine error. It never logs message text.
 *
 * @module
 */
import OpenAI from 'openai';
import { EngineError } from '../errors/engine-error.ts';
import type { LlmCall, LlmModel, LlmStreamPart } from './llm-model.ts';
import { classifyOpenAiFailure, failureToEngineError } from './openai-error-mapping.ts';
import {
  buildChatRequest,
  estimateUsage,
  groundingParts,
  mapFinishReason,
  toTokenUsage,
  type MaxTokensParameter,
} from './openai-mapping.ts';
import { abortableSleep, retryDelayMs, type RetryPolicy } from './retry-policy.ts';
import { createStallGuard, type StallGuard } from './stall-guard.ts';

/** What {@link OpenAiModelOptions.onRetry} hears before each retry (never message text). */
export interface LlmRetryEvent {
  /** 1 for the first retry. */
  retry: number;
  delayMs: number;
  reason: 'rate-limited' | 'unavailable' | 'rejected';
  status?: number;
}

/** Options of {@link createOpenAiModel}. */
export interface OpenAiModelOptions {
  apiKey: string;
  /** @default 'https://api.openai.com/v1' */
  baseUrl?: string;
  /** Used when an animal names no model; also the model's `modelId`. @default 'gpt-4o-mini' */
  defaultModel?: string;
  /** Retries before the first token (429, 5xx, connection failures). @default 3 */
  maxRetries?: number;
  /** @default 500 */
  initialBackoffMs?: number;
  /** Caps every wait, also a server's `retry-after`. @default 8000 */
  maxBackoffMs?: number;
  /** Longest silence (before the first token or between tokens) before giving up. @default 15000 */
  stallTimeoutMs?: number;
  /**
   * Time allowed until the response headers arrive; unlike a stall, a timeout is retried. Without
   * it the stall timeout alone bounds that wait (and is not retried, so a visitor never waits
   * several stall timeouts in a row).
   */
  connectTimeoutMs?: number;
  /** Timeout of `checkHealth`. @default 3000 */
  healthTimeoutMs?: number;
  /**
   * The token-limit field. OpenAI deprecated `max_tokens` and its reasoning models reject it, so
   * `max_completion_tokens` is the default; older compatible servers (e.g. early vLLM, Ollama,
   * llama.cpp) only read `max_tokens`, so it can be switched. @default 'max_completion_tokens'
   */
  maxTokensParameter?: MaxTokensParameter;
  /** Telemetry hook called before each retry wait. */
  onRetry?: (event: LlmRetryEvent) => void;
}

interface ResolvedSettings extends RetryPolicy {
  defaultModel: string;
  stallTimeoutMs: number;
  connectTimeoutMs: number;
  healthTimeoutMs: number;
  maxTokensParameter: MaxTokensParameter;
  onRetry: ((event: LlmRetryEvent) => void) | undefined;
}

type Chunk = OpenAI.ChatCompletionChunk;

/** A request whose stream produced its first meaningful chunk. */
interface OpenedStream {
  iterator: AsyncIterator<Chunk>;
  /** Chunks read while waiting for the first token, to be yielded first. */
  buffered: Chunk[];
  guard: StallGuard;
}

/**
 * Creates an OpenAI-compatible model. The SDK's own retries are off so that backoff and
 * `retry-after` handling are ours and testable.
 *
 * @example
 * ```ts
 * const model = createOpenAiModel({ apiKey: process.env.OPENAI_API_KEY ?? '', baseUrl: fake.url });
 * const { stream } = await model.doStream(call);
 * ```
 */
export function createOpenAiModel(options: OpenAiModelOptions): LlmModel {
  const stallTimeoutMs = options.stallTimeoutMs ?? 15_000;
  const settings: ResolvedSettings = {
    defaultModel: options.defaultModel ?? 'gpt-4o-mini',
    maxRetries: options.maxRetries ?? 3,
    initialBackoffMs: options.initialBackoffMs ?? 500,
    maxBackoffMs: options.maxBackoffMs ?? 8000,
    stallTimeoutMs,
    // Just past the stall timeout, so that the stall guard decides when no limit is given.
    connectTimeoutMs: options.connectTimeoutMs ?? stallTimeoutMs + 1000,
    healthTimeoutMs: options.healthTimeoutMs ?? 3000,
    maxTokensParameter: options.maxTokensParameter ?? 'max_completion_tokens',
    onRetry: options.onRetry,
  };
  const client = new OpenAI({ apiKey: options.apiKey, baseURL: options.baseUrl, maxRetries: 0 });
  // A plain object, not a class instance, so callers may spread it to override `doStream`.
  return {
    specificationVersion: 'v1',
    provider: 'openai',
    modelId: settings.defaultModel,
    doStream: (call) => doStream(client, settings, call),
    checkHealth: () => checkHealth(client, settings),
  };
}

async function doStream(
  client: OpenAI,
  settings: ResolvedSettings,
  call: LlmCall,
): Promise<{ stream: AsyncIterable<LlmStreamPart> }> {
  const opened = await openWithRetries(client, settings, call);
  return { stream: opened ? streamParts(opened, call) : abortedStream(call) };
}

/** Resolves `undefined` when the caller aborted before the reply started. */
async function openWithRetries(
  client: OpenAI,
  settings: ResolvedSettings,
  call: LlmCall,
): Promise<OpenedStream | undefined> {
  const body = buildChatRequest(call.prompt, settings.defaultModel, settings.maxTokensParameter);
  for (let attempt = 0; ; attempt += 1) {
    if (call.abortSignal.aborted) return undefined;
    const guard = createStallGuard(settings.stallTimeoutMs, call.abortSignal);
    try {
      return await openAttempt(client, body, guard, settings.connectTimeoutMs);
    } catch (error) {
      guard.abort();
      guard.dispose();
      // Stalls are not retried: the visitor already waited the whole stall timeout.
      if (guard.stalled) throw new EngineError('CMZ_ERR_LLM_STALLED', { cause: error });
      if (call.abortSignal.aborted) return undefined;
      const failure = classifyOpenAiFailure(error);
      if (!failure.retryable || attempt >= settings.maxRetries) throw failureToEngineError(failure);
      const delayMs = retryDelayMs(settings, attempt, failure.retryAfterMs);
      const event = { retry: attempt + 1, delayMs, reason: failure.kind, status: failure.status };
      settings.onRetry?.(event);
      if (!(await abortableSleep(delayMs, call.abortSignal))) return undefined;
    }
  }
}

/** Sends the request and reads until the first chunk that starts (or ends) the reply. */
async function openAttempt(
  client: OpenAI,
  body: OpenAI.ChatCompletionCreateParamsStreaming,
  guard: StallGuard,
  connectTimeoutMs: number,
): Promise<OpenedStream> {
  guard.arm();
  const requestOptions = { signal: guard.signal, timeout: connectTimeoutMs };
  const sdkStream = await client.chat.completions.create(body, requestOptions);
  const iterator = sdkStream[Symbol.asyncIterator]();
  const buffered: Chunk[] = [];
  for (;;) {
    // With the SDK, an aborted request ends the iteration without throwing.
    const result = await iterator.next();
    if (result.done) break;
    buffered.push(result.value);
    if (startsReply(result.value)) {
      guard.disarm();
      return { iterator, buffered, guard };
    }
  }
  guard.disarm();
  throw new Error('The stream ended before the reply started');
}

function startsReply(chunk: Chunk): boolean {
  if (chunk.usage) return true;
  return chunk.choices.some((choice) => Boolean(choice.delta?.content) || choice.finish_reason);
}

interface StreamState {
  text: string;
  finishReason: string | null;
  usage: OpenAI.CompletionUsage | undefined;
}

async function* streamParts(opened: OpenedStream, call: LlmCall): AsyncGenerator<LlmStreamPart> {
  const { iterator, buffered, guard } = opened;
  const state: StreamState = { text: '', finishReason: null, usage: undefined };
  let completed = false;
  try {
    for (const chunk of buffered) yield* chunkParts(chunk, state);
    for (;;) {
      guard.arm();
      const result = await iterator.next();
      guard.disarm();
      if (result.done) break;
      yield* chunkParts(result.value, state);
    }
    completed = true;
  } catch (error) {
    if (!guard.stalled && !call.abortSignal.aborted) {
      throw failureToEngineError(classifyOpenAiFailure(error));
    }
  } finally {
    // Also runs when the consumer stops early: the request must not keep streaming.
    if (!completed) guard.abort();
    guard.dispose();
  }
  yield* endParts(state, guard, call);
}

function* chunkParts(chunk: Chunk, state: StreamState): Generator<LlmStreamPart> {
  if (chunk.usage) state.usage = chunk.usage;
  for (const choice of chunk.choices) {
    if (choice.finish_reason) state.finishReason = choice.finish_reason;
    // Some compatible servers send choices without a delta (e.g. content-filter notes).
    const text = choice.delta?.content;
    if (text) {
      state.text += text;
      yield { type: 'text-delta', text };
    }
  }
}

function* endParts(state: StreamState, guard: StallGuard, call: LlmCall): Generator<LlmStreamPart> {
  if (guard.stalled) throw new EngineError('CMZ_ERR_LLM_STALLED');
  if (call.abortSignal.aborted) {
    yield {
      type: 'finish',
      finishReason: 'aborted',
      usage: estimateUsage(call.prompt, state.text),
    };
    return;
  }
  // No finish reason means the connection ended early (e.g. cut by a proxy).
  if (state.finishReason === null) throw new EngineError('CMZ_ERR_LLM_UNAVAILABLE');
  yield* groundingParts(call.prompt.facts);
  const usage = state.usage ? toTokenUsage(state.usage) : estimateUsage(call.prompt, state.text);
  yield { type: 'finish', finishReason: mapFinishReason(state.finishReason), usage };
}

async function* abortedStream(call: LlmCall): AsyncGenerator<LlmStreamPart> {
  yield { type: 'finish', finishReason: 'aborted', usage: estimateUsage(call.prompt, '') };
}

async function checkHealth(client: OpenAI, settings: ResolvedSettings): Promise<void> {
  try {
    await client.models.list({ timeout: settings.healthTimeoutMs, maxRetries: 0 });
  } catch (error) {
    throw failureToEngineError(classifyOpenAiFailure(error));
  }
}
