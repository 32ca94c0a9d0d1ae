/**
 * The model seam: a tiny versioned spec every model implements (OpenAI-compatible, offline,
 * scripted test models). The pipeline only ever calls `doStream`.
 *
 * @module
 */
import type { AnimalPersona, FactCard } from '../content/animal-types.ts';
import type { Citation, FinishReason, Locale, TokenUsage } from '../protocol/events.ts';

/** One chat message as models see it. */
export interface LlmMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * What the prompt-building hooks (`transformPrompt`) produce and the model consumes.
 * Core plugins fill it: `core:persona` the system sections, `core:history` earlier turns,
 * `core:knowledge` the retrieved fact cards.
 */
export interface Prompt {
  /** System prompt sections, joined with blank lines in this order. */
  system: string[];
  /** Earlier turns followed by the visitor's current message. */
  messages: LlmMessage[];
  /** Fact cards retrieved for this question, best first; models ground and cite with them. */
  facts: FactCard[];
  /** Sampling settings from the animal's configuration. */
  settings: { model: string; temperature: number; maxTokens: number };
}

/** Everything one model call needs. */
export interface LlmCall {
  prompt: Prompt;
  animal: AnimalPersona;
  locale: Locale;
  /** The visitor's current question (also the last entry of `prompt.messages`). */
  question: string;
  /** Aborting it must end the stream promptly (≤ 100 ms). */
  abortSignal: AbortSignal;
}

/** The parts a model stream yields, in order: deltas, then optional metadata, then `finish`. */
export type LlmStreamPart =
  | { type: 'text-delta'; text: string }
  | { type: 'citations'; citations: Citation[] }
  | { type: 'suggestions'; suggestions: string[] }
  | { type: 'finish'; finishReason: FinishReason; usage: TokenUsage };

/**
 * A model. `doStream` resolves once the stream is ready (after retries, before the first token)
 * and throws an `EngineError` with a `CMZ_ERR_LLM_*` code when it cannot start. Errors after the
 * first token are thrown from the iterator. When `abortSignal` fires, the iterator ends (it may
 * or may not yield a `finish` part with `finishReason: 'aborted'`).
 *
 * @example
 * ```ts
 * const { stream } = await model.doStream(call);
 * for await (const part of stream) if (part.type === 'text-delta') process.stdout.write(part.text);
 * ```
 */
export interface LlmModel {
  readonly specificationVersion: 'v1';
  readonly provider: string;
  readonly modelId: string;
  doStream(call: LlmCall): Promise<{ stream: AsyncIterable<LlmStreamPart> }>;
  /** Cheap reachability check for `/readyz` and health endpoints. */
  checkHealth?(): Promise<void>;
}
