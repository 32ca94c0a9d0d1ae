/**
 * A scripted model for tests: answers with fixed text (or text computed from the call), streamed
 * word by word, and records every call. No network, no timing surprises.
 *
 * @module
 */
import { EngineError } from '../errors/engine-error.ts';
import type { ErrorCode } from '../errors/error-catalog.ts';
import type { LlmCall, LlmModel, LlmStreamPart } from '../llm/llm-model.ts';

/** One scripted answer. */
export type Script = string | ((call: LlmCall) => string);

/** Options of {@link createScriptedModel}. */
export interface ScriptedModelOptions {
  /** Delay between words in ms (0: none). @default 0 */
  delayMs?: number;
  /** Fail the next calls with these codes before answering, one per call. */
  failures?: ErrorCode[];
  /** Throw this code after this many words of the next reply. */
  failAfterWords?: { words: number; code: ErrorCode };
}

/** A scripted model plus what it recorded. */
export interface ScriptedModel extends LlmModel {
  /** Every call, in order. */
  readonly calls: LlmCall[];
}

/**
 * Creates a model that answers with `script` (one entry per call, the last one repeating).
 *
 * @example
 * ```ts
 * const model = createScriptedModel(['Hello there!', (call) => `You said: ${call.question}`]);
 * const engine = await createTestEngine({ model });
 * ```
 */
export function createScriptedModel(
  script: Script | Script[],
  options: ScriptedModelOptions = {},
): ScriptedModel {
  const scripts = Array.isArray(script) ? script : [script];
  const failures = [...(options.failures ?? [])];
  let failAfterWords = options.failAfterWords;
  const calls: LlmCall[] = [];
  return {
    specificationVersion: 'v1',
    provider: 'scripted',
    modelId: 'scripted-v1',
    calls,
    async doStream(call) {
      calls.push(call);
      const failure = failures.shift();
      if (failure !== undefined) throw new EngineError(failure);
      const entry = scripts[Math.min(calls.length - 1, scripts.length - 1)] ?? '';
      const text = typeof entry === 'function' ? entry(call) : entry;
      const breakAt = failAfterWords;
      failAfterWords = undefined;
      return { stream: streamWords(text, call.abortSignal, options.delayMs ?? 0, breakAt) };
    },
  };
}

async function* streamWords(
  text: string,
  signal: AbortSignal,
  delayMs: number,
  breakAt: ScriptedModelOptions['failAfterWords'],
): AsyncGenerator<LlmStreamPart> {
  const words = text.match(/\S+\s*/g) ?? [];
  let sent = 0;
  for (const word of words) {
    if (breakAt !== undefined && sent === breakAt.words) throw new EngineError(breakAt.code);
    if (delayMs > 0) await sleep(delayMs, signal);
    if (signal.aborted) break;
    sent += 1;
    yield { type: 'text-delta', text: word };
  }
  const completionTokens = Math.ceil(text.length / 4);
  yield {
    type: 'finish',
    finishReason: signal.aborted ? 'aborted' : 'stop',
    usage: { promptTokens: 10, completionTokens, totalTokens: 10 + completionTokens },
  };
}

function sleep(milliseconds: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, milliseconds);
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
