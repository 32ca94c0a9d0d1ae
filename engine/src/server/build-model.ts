/**
 * Chooses the model: an OpenAI-compatible server when `OPENAI_API_KEY` is set, otherwise the
 * offline grounded responder (no keys, no network).
 *
 * @module
 */
import type { EngineConfig } from '../config/load-config.ts';
import type { LlmModel } from '../llm/llm-model.ts';
import { createOfflineModel } from '../llm/offline-model.ts';
import { createOpenAiModel } from '../llm/openai-model.ts';

/**
 * Builds the model from configuration.
 *
 * @example
 * ```ts
 * const model = buildModel(loadConfig({ OPENAI_API_KEY: 'sk-...' })); // OpenAI-compatible
 * ```
 */
export function buildModel(config: EngineConfig): LlmModel {
  if (config.OPENAI_API_KEY === undefined) {
    return createOfflineModel({ wordsPerSecond: config.OFFLINE_WORDS_PER_SECOND });
  }
  const model = createOpenAiModel({
    apiKey: config.OPENAI_API_KEY,
    ...(config.OPENAI_BASE_URL ? { baseUrl: config.OPENAI_BASE_URL } : {}),
    maxRetries: config.LLM_MAX_RETRIES,
    stallTimeoutMs: config.LLM_STALL_TIMEOUT_MS,
  });
  const override = config.OPENAI_MODEL;
  if (override === undefined) return model;
  // OPENAI_MODEL replaces every animal's configured model name (e.g. for a compatible server
  // that serves only one model).
  return {
    ...model,
    doStream: (call) =>
      model.doStream({
        ...call,
        prompt: { ...call.prompt, settings: { ...call.prompt.settings, model: override } },
      }),
  };
}
