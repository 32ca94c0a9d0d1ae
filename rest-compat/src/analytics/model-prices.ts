/**
 * What a reply costs: a price table per model (US dollars per million tokens, input and output),
 * with defaults from OpenAI's public list prices and overrides from `MODEL_PRICES_USD`. The
 * offline responder runs on our own machines: its cost is always 0.
 *
 * @module
 */
import { z } from 'zod';

/** Prices of one model, in US dollars per million tokens. */
export interface ModelPrice {
  input: number;
  output: number;
}

/** Model name → price. */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** List prices when this was written; a deployment overrides them with `MODEL_PRICES_USD`. */
export const defaultPriceTable: PriceTable = {
  'gpt-4o-mini': { input: 0.15, output: 0.6 },
  'gpt-4o': { input: 2.5, output: 10 },
  'gpt-4.1-mini': { input: 0.4, output: 1.6 },
  'gpt-4.1': { input: 2, output: 8 },
  'gpt-4': { input: 30, output: 60 },
  'gpt-3.5-turbo': { input: 0.5, output: 1.5 },
};

/** The service name of the offline responder. */
export const offlineService = 'offline';

const priceSchema = z.record(
  z.string().min(1).max(100),
  z.object({ input: z.number().min(0).max(10_000), output: z.number().min(0).max(10_000) }),
);

/**
 * The default table with the overrides of `MODEL_PRICES_USD` (JSON, e.g.
 * `{"gpt-4o-mini":{"input":0.15,"output":0.6}}`); a malformed value is a start-up error.
 *
 * @example
 * ```ts
 * readPriceTable('{"my-model":{"input":1,"output":2}}')['my-model']; // { input: 1, output: 2 }
 * ```
 */
export function readPriceTable(raw: string | undefined): PriceTable {
  if (raw === undefined || raw.trim() === '') return defaultPriceTable;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new Error('MODEL_PRICES_USD must be JSON: {"<model>":{"input":<usd>,"output":<usd>}}');
  }
  const result = priceSchema.safeParse(parsed);
  if (!result.success) {
    throw new Error(
      `MODEL_PRICES_USD is not a price table: ${result.error.issues[0]?.message ?? 'invalid'}`,
    );
  }
  return { ...defaultPriceTable, ...result.data };
}

/**
 * The billing service of a reply: `offline`, or `openai:<model>`.
 *
 * @example
 * ```ts
 * serviceOf('openai', 'gpt-4o-mini'); // 'openai:gpt-4o-mini'
 * serviceOf('offline', 'grounded-responder-v1'); // 'offline'
 * ```
 */
export function serviceOf(provider: string, model: string): string {
  return provider === offlineService ? offlineService : `${provider}:${model}`;
}

/**
 * A reply's estimated cost in millionths of a dollar (integers sum exactly across nodes); 0 for
 * the offline responder and for a model the table does not know (`priced: false`).
 *
 * @example
 * ```ts
 * costOf(defaultPriceTable, 'openai:gpt-4o-mini', { promptTokens: 1000, completionTokens: 500 });
 * // { costMicroUsd: 450, priced: true }
 * ```
 */
export function costOf(
  table: PriceTable,
  service: string,
  usage: { promptTokens: number; completionTokens: number },
): { costMicroUsd: number; priced: boolean } {
  if (service === offlineService) return { costMicroUsd: 0, priced: true };
  const model = service.slice(service.indexOf(':') + 1);
  const price = table[model];
  if (price === undefined) return { costMicroUsd: 0, priced: false };
  // Dollars per million tokens × tokens = micro-dollars.
  const cost = price.input * usage.promptTokens + price.output * usage.completionTokens;
  return { costMicroUsd: Math.round(cost), priced: true };
}
