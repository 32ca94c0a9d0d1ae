/**
 * The message pipeline after a message was accepted: `resolveIntent` → `transformPrompt` →
 * model stream → `transformChunk` per word. It yields reply events and knows nothing about
 * sockets, so the Socket.IO transport and the REST layer run exactly the same code.
 *
 * @module
 */
import type { LlmModel, Prompt } from '../llm/llm-model.ts';
import type { HookRunner } from '../plugins/hook-runner.ts';
import type { InboundMessage, MessageContext } from '../plugins/plugin-types.ts';
import type { Citation, FinishReason, TokenUsage } from '../protocol/events.ts';
import { WordSegmenter } from './word-segmenter.ts';

/** What the pipeline yields: text pieces, then exactly one `end`. */
export type PipelineEvent =
  | { type: 'delta'; text: string }
  | {
      type: 'end';
      citations: Citation[];
      suggestions: string[];
      usage: TokenUsage;
      finishReason: FinishReason;
    };

/** Inputs of one pipeline run. */
export interface HandleMessageInput {
  runner: HookRunner;
  model: LlmModel;
  message: InboundMessage;
  contextFor: (pluginName: string) => MessageContext;
  /** The context facts shared by all plugins (used to build the model call). */
  context: Omit<MessageContext, 'state'>;
}

const emptyUsage: TokenUsage = { promptTokens: 0, completionTokens: 0, totalTokens: 0 };

/**
 * Runs the pipeline for one accepted message. Errors from the model are thrown to the caller
 * (which reports them as `reply:error`); hook failures are isolated by the runner.
 *
 * @example
 * ```ts
 * for await (const event of handleMessage({ runner, model, message, contextFor, context })) {
 *   if (event.type === 'delta') process.stdout.write(event.text);
 * }
 * ```
 */
export async function* handleMessage(input: HandleMessageInput): AsyncGenerator<PipelineEvent> {
  const { runner, message, contextFor } = input;
  const intent = await runner.first('resolveIntent', (entry) => [
    message,
    contextFor(entry.pluginName),
  ]);
  if (intent !== null) {
    const segmenter = new WordSegmenter();
    const pieces = splitWords(intent.text).map((word) => segmenter.push(word));
    yield* emitWords(runner, contextFor, [...pieces, segmenter.flush()]);
    yield {
      type: 'end',
      citations: intent.citations ?? [],
      suggestions: intent.suggestions ?? [],
      usage: emptyUsage,
      finishReason: 'intent',
    };
    return;
  }
  const prompt = await runner.reduce('transformPrompt', initialPrompt(input), (entry) =>
    contextFor(entry.pluginName),
  );
  yield* streamModel(input, prompt);
}

function initialPrompt(input: HandleMessageInput): Prompt {
  const { model, maxTokens, temperature } = input.context.animal.model;
  return {
    system: [],
    messages: [{ role: 'user', content: input.message.text }],
    facts: [],
    settings: { model, maxTokens, temperature },
  };
}

async function* streamModel(
  input: HandleMessageInput,
  prompt: Prompt,
): AsyncGenerator<PipelineEvent> {
  const { runner, contextFor, context } = input;
  const { stream } = await input.model.doStream({
    prompt,
    animal: context.animal,
    locale: context.locale,
    question: input.message.text,
    abortSignal: context.signal,
  });
  const segmenter = new WordSegmenter();
  let citations: Citation[] | undefined;
  let suggestions: string[] | undefined;
  let usage = emptyUsage;
  let finishReason: FinishReason = 'stop';
  for await (const part of stream) {
    if (part.type === 'text-delta') {
      yield* emitWords(runner, contextFor, [segmenter.push(part.text)]);
    } else if (part.type === 'citations') citations = part.citations;
    else if (part.type === 'suggestions') suggestions = part.suggestions;
    else {
      usage = part.usage;
      finishReason = part.finishReason;
    }
    if (context.signal.aborted) break;
  }
  yield* emitWords(runner, contextFor, [segmenter.flush()]);
  if (context.signal.aborted) finishReason = 'aborted';
  yield {
    type: 'end',
    citations:
      citations ??
      prompt.facts
        .slice(0, 3)
        .map((card) => ({ cardId: card.id, title: card.title, text: card.text })),
    suggestions:
      suggestions ??
      prompt.facts.flatMap((card) => (card.followUp ? [card.followUp] : [])).slice(0, 3),
    usage,
    finishReason,
  };
}

function* emitWords(
  runner: HookRunner,
  contextFor: (pluginName: string) => MessageContext,
  pieces: readonly string[],
): Generator<PipelineEvent> {
  for (const text of pieces) {
    if (text.length === 0) continue;
    const chunk = runner.reduceChunk({ type: 'text-delta', text }, (entry) =>
      contextFor(entry.pluginName),
    );
    if (chunk !== null && chunk.text.length > 0) yield { type: 'delta', text: chunk.text };
  }
}

/** Splits a ready-made text into words with their trailing whitespace (CJK: per character). */
function splitWords(text: string): string[] {
  return text.match(/[\u3400-\u9fff\uf900-\ufaff]|[^\s\u3400-\u9fff\uf900-\ufaff]+\s*|\s+/gu) ?? [];
}
