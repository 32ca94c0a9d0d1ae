/**
 * Shared fixtures of the OpenAI model tests: a minimal persona and prompt, stream collectors and
 * small waiting helpers. Not used by production code.
 *
 * @module
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AnimalPersona, FactCard } from '../content/animal-types.ts';
import { EngineError } from '../errors/engine-error.ts';
import type { LlmCall, LlmStreamPart, Prompt } from './llm-model.ts';

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

/**
 * A fact card of Bella with a predictable title and text.
 *
 * @example
 * ```ts
 * fact('a', 'Why a?'); // { id: 'a', title: 'Title a', text: 'Text a', followUp: 'Why a?', ... }
 * ```
 */
export function fact(id: string, followUp?: string): FactCard {
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

/**
 * A model call with a two-section system prompt, two earlier turns and the current question.
 *
 * @example
 * ```ts
 * await model.doStream(makeCall({ signal: controller.signal }));
 * ```
 */
export function makeCall(options: { facts?: FactCard[]; signal?: AbortSignal } = {}): LlmCall {
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

/**
 * Reads a whole model stream.
 *
 * @example
 * ```ts
 * const parts = await collect((await model.doStream(makeCall())).stream);
 * ```
 */
export async function collect(stream: AsyncIterable<LlmStreamPart>): Promise<LlmStreamPart[]> {
  const parts: LlmStreamPart[] = [];
  for await (const part of stream) parts.push(part);
  return parts;
}

/**
 * The concatenated text deltas of some parts.
 *
 * @example
 * ```ts
 * textOf([{ type: 'text-delta', text: 'Hi' }]); // 'Hi'
 * ```
 */
export function textOf(parts: LlmStreamPart[]): string {
  return parts.map((part) => (part.type === 'text-delta' ? part.text : '')).join('');
}

/**
 * The engine error a promise rejects with; fails when it resolves or rejects with anything else.
 *
 * @example
 * ```ts
 * expect((await engineErrorOf(model.doStream(call))).code).toBe('CMZ_ERR_LLM_REJECTED');
 * ```
 */
export async function engineErrorOf(promise: Promise<unknown>): Promise<EngineError> {
  const error: unknown = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!EngineError.isInstance(error))
    throw new Error(`expected an EngineError, got ${String(error)}`);
  return error;
}

/**
 * Polls until `condition` holds (server-side effects such as a counted abort are asynchronous).
 *
 * @example
 * ```ts
 * await waitFor(() => fake.clientAborts === 1);
 * ```
 */
export async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A loopback URL where nothing listens: a port that was free a moment ago.
 *
 * @example
 * ```ts
 * createOpenAiModel({ apiKey: 'x', baseUrl: await closedPortUrl() });
 * ```
 */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/v1`;
}
