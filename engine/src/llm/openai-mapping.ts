/**
 * Translation between the engine's model seam and the Chat Completions wire format: the request
 * body out, and usage, finish reasons and grounding parts in.
 *
 * @module
 */
import type OpenAI from 'openai';
import type { FactCard } from '../content/animal-types.ts';
import type { FinishReason, TokenUsage } from '../protocol/events.ts';
import type { LlmStreamPart, Prompt } from './llm-model.ts';

/** Which request field carries the reply's token limit. */
export type MaxTokensParameter = 'max_completion_tokens' | 'max_tokens';

const MAX_GROUNDING_FACTS = 3;

/**
 * The one system message the model receives: the prompt's sections joined by blank lines. The
 * REST layer's `GET /animal/{animalId}/system-prompt` renders with this same function, so what
 * staff see cannot drift from what the model gets.
 *
 * @example
 * ```ts
 * renderSystemMessage(['You are Leo…', 'LANGUAGE: answer in English.']); // 'You are Leo…\n\nLANGUAGE: …'
 * ```
 */
export function renderSystemMessage(sections: readonly string[]): string {
  return sections.join('\n\n');
}

/**
 * The streaming request body: one system message (the prompt's sections joined by blank lines)
 * followed by the conversation, with the animal's sampling settings.
 *
 * @example
 * ```ts
 * const body = buildChatRequest(call.prompt, 'gpt-4o-mini', 'max_completion_tokens');
 * ```
 */
export function buildChatRequest(
  prompt: Prompt,
  fallbackModel: string,
  maxTokensParameter: MaxTokensParameter,
): OpenAI.ChatCompletionCreateParamsStreaming {
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    { role: 'system', content: renderSystemMessage(prompt.system) },
    ...prompt.messages.map((message) => ({ role: message.role, content: message.content })),
  ];
  return {
    model: prompt.settings.model || fallbackModel,
    messages,
    temperature: prompt.settings.temperature,
    [maxTokensParameter]: prompt.settings.maxTokens,
    stream: true,
    stream_options: { include_usage: true },
  };
}

/**
 * A rough token count (about four characters per token) for when the server sends no usage.
 *
 * @example
 * ```ts
 * estimateUsage(call.prompt, 'Sniff sniff!').completionTokens; // 3
 * ```
 */
export function estimateUsage(prompt: Prompt, completionText: string): TokenUsage {
  const promptChars =
    renderSystemMessage(prompt.system).length +
    prompt.messages.reduce((sum, message) => sum + message.content.length, 0);
  const promptTokens = Math.ceil(promptChars / 4);
  const completionTokens = Math.ceil(completionText.length / 4);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}

/**
 * Converts the wire usage of the final stream chunk.
 *
 * @example
 * ```ts
 * toTokenUsage({ prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 });
 * ```
 */
export function toTokenUsage(usage: OpenAI.CompletionUsage): TokenUsage {
  return {
    promptTokens: usage.prompt_tokens,
    completionTokens: usage.completion_tokens,
    totalTokens: usage.total_tokens,
  };
}

/**
 * Maps an OpenAI finish reason: a cut by the token limit is `length`, anything else `stop`.
 *
 * @example
 * ```ts
 * mapFinishReason('length'); // 'length'
 * ```
 */
export function mapFinishReason(reason: string | null | undefined): FinishReason {
  return reason === 'length' ? 'length' : 'stop';
}

/**
 * The citation and suggestion parts for the best fact cards of the prompt (none without facts).
 *
 * @example
 * ```ts
 * for (const part of groundingParts(call.prompt.facts)) yield part;
 * ```
 */
export function groundingParts(facts: readonly FactCard[]): LlmStreamPart[] {
  const used = facts.slice(0, MAX_GROUNDING_FACTS);
  if (used.length === 0) return [];
  const citations = used.map((fact) => ({ cardId: fact.id, title: fact.title, text: fact.text }));
  const suggestions = used.flatMap((fact) => (fact.followUp ? [fact.followUp] : []));
  const parts: LlmStreamPart[] = [{ type: 'citations', citations }];
  if (suggestions.length > 0) parts.push({ type: 'suggestions', suggestions });
  return parts;
}
