/**
 * The OpenAI moderation endpoint through the openai SDK (`OPENAI_BASE_URL` selects an
 * OpenAI-compatible server). Used by `POST /api/v1/guardrails/validate` when `OPENAI_API_KEY` is
 * configured. The content is sent to the provider and nowhere else.
 *
 * @module
 */
import OpenAI from 'openai';

/** One moderation verdict: the categories the provider flagged, with their raw scores. */
export interface ModerationVerdict {
  flagged: boolean;
  model: string;
  categories: { category: string; score: number }[];
}

/** Checks one text; throws when the provider cannot be reached or refuses. */
export type ModerateContent = (content: string) => Promise<ModerationVerdict>;

/** The moderation model asked for. */
export const moderationModel = 'omni-moderation-latest';

/**
 * Creates the moderation call.
 *
 * @example
 * ```ts
 * const moderate = createOpenAiModeration({ apiKey: 'sk-…', baseUrl: 'http://127.0.0.1:4010/v1' });
 * (await moderate('hello')).flagged; // false
 * ```
 */
export function createOpenAiModeration(options: {
  apiKey: string;
  baseUrl?: string | undefined;
  /** @default 10000 */
  timeoutMs?: number;
}): ModerateContent {
  const client = new OpenAI({
    apiKey: options.apiKey,
    ...(options.baseUrl === undefined ? {} : { baseURL: options.baseUrl }),
    maxRetries: 1,
    timeout: options.timeoutMs ?? 10_000,
  });
  return async (content) => {
    const response = await client.moderations.create({ model: moderationModel, input: content });
    const result = response.results[0];
    const flaggedCategories = Object.entries(result?.categories ?? {})
      .filter(([, flagged]) => flagged === true)
      .map(([category]) => category);
    const scores = (result?.category_scores ?? {}) as unknown as Record<string, number>;
    return {
      flagged: result?.flagged === true,
      model: response.model,
      categories: flaggedCategories.map((category) => ({
        category,
        score: typeof scores[category] === 'number' ? scores[category] : 1,
      })),
    };
  };
}
