/**
 * The offline grounded responder: the model used when no OpenAI key is configured. It answers
 * only from curated fact cards, in the animal's voice and the visitor's language, and streams
 * the answer word by word at a natural pace.
 *
 * @module
 */
import type { FactCard } from '../content/animal-types.ts';
import type { KnowledgeBase } from '../knowledge/knowledge-base.ts';
import type { FinishReason, TokenUsage } from '../protocol/events.ts';
import type { LlmCall, LlmModel, LlmStreamPart, Prompt } from './llm-model.ts';
import { composeOfflineAnswer, type OfflineAnswer, type RetrievedFact } from './offline-answer.ts';
import { delayForPace, sleepUnlessAborted, splitIntoDeltas } from './offline-stream.ts';

/** Options of {@link createOfflineModel}. */
export interface OfflineModelOptions {
  /** Streaming pace. `Infinity` or 0 streams without waiting (tests). @default 12 */
  wordsPerSecond?: number;
  /** Searched when the prompt carries no facts; also the source of suggested questions. */
  knowledge?: KnowledgeBase;
}

/** Roughly four characters per token, the usual rule of thumb for English text. */
const charactersPerToken = 4;
const searchLimit = 3;

/**
 * Creates the offline responder. Facts come from `call.prompt.facts` when the engine retrieved
 * any (they win: the pipeline's plugins may have filtered or added cards); only when that list
 * is empty does the model search `options.knowledge` itself.
 *
 * @example
 * ```ts
 * const model = createOfflineModel({ knowledge: createKnowledgeBase(cards) });
 * const { stream } = await model.doStream(call);
 * for await (const part of stream) if (part.type === 'text-delta') process.stdout.write(part.text);
 * ```
 */
export function createOfflineModel(options: OfflineModelOptions = {}): LlmModel {
  const delay = delayForPace(options.wordsPerSecond ?? 12);
  return {
    specificationVersion: 'v1',
    provider: 'offline',
    modelId: 'grounded-responder-v1',
    doStream: (call) => {
      const answer = composeOfflineAnswer({
        animal: call.animal,
        locale: call.locale,
        question: call.question,
        facts: resolveFacts(call, options.knowledge),
        otherCards: otherCardsFor(call, options.knowledge),
        isAnsweredBy: options.knowledge && answeredBy(call, options.knowledge),
      });
      return Promise.resolve({ stream: streamAnswer(answer, call, delay) });
    },
    // Nothing remote to reach: the offline responder is always healthy.
    checkHealth: () => Promise.resolve(),
  };
}

function resolveFacts(call: LlmCall, knowledge: KnowledgeBase | undefined): RetrievedFact[] {
  if (call.prompt.facts.length > 0) return call.prompt.facts.map((card) => ({ card }));
  if (knowledge === undefined) return [];
  return knowledge.search({
    animalId: call.animal.id,
    locale: call.locale,
    text: call.question,
    limit: searchLimit,
  });
}

function otherCardsFor(call: LlmCall, knowledge: KnowledgeBase | undefined): FactCard[] {
  if (knowledge === undefined) return call.prompt.facts;
  return knowledge.cardsFor(call.animal.id, call.locale);
}

/** A suggested question is pointless when its best card is one the answer already used. */
function answeredBy(call: LlmCall, knowledge: KnowledgeBase) {
  return (followUp: string, usedCardIds: ReadonlySet<string>): boolean => {
    const [best] = knowledge.search({
      animalId: call.animal.id,
      locale: call.locale,
      text: followUp,
    });
    return best !== undefined && usedCardIds.has(best.card.id);
  };
}

async function* streamAnswer(
  answer: OfflineAnswer,
  call: LlmCall,
  delay: number,
): AsyncGenerator<LlmStreamPart> {
  const signal = call.abortSignal;
  let streamed = '';
  for (const [index, delta] of splitIntoDeltas(answer.text, call.locale).entries()) {
    if (index > 0 && delay > 0) await sleepUnlessAborted(delay, signal);
    if (signal.aborted) {
      yield finish('aborted', call.prompt, streamed);
      return;
    }
    streamed += delta;
    yield { type: 'text-delta', text: delta };
  }
  if (answer.citations.length > 0) yield { type: 'citations', citations: answer.citations };
  yield { type: 'suggestions', suggestions: answer.suggestions };
  yield finish('stop', call.prompt, streamed);
}

function finish(finishReason: FinishReason, prompt: Prompt, completion: string): LlmStreamPart {
  return { type: 'finish', finishReason, usage: estimateUsage(prompt, completion) };
}

function estimateUsage(prompt: Prompt, completion: string): TokenUsage {
  const promptText = [
    ...prompt.system,
    ...prompt.messages.map((message) => message.content),
    ...prompt.facts.map((card) => card.text),
  ].join('\n');
  const promptTokens = Math.ceil(promptText.length / charactersPerToken);
  const completionTokens = Math.ceil(completion.length / charactersPerToken);
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens };
}
