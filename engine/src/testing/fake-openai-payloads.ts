/**
 * Pure helpers of the fake OpenAI-compatible server: request parsing, reply scripts, tokenising
 * and the JSON shapes of chat completions. Kept apart from the HTTP plumbing so both stay small.
 *
 * @module
 */

/** A chat message as the fake sees it (content parts are flattened to text). */
export interface FakeChatMessage {
  role: string;
  content: string;
}

/** A scripted reply: fixed text, or text computed from the request's messages. */
export type FakeReplyScript = string | ((messages: FakeChatMessage[]) => string);

/** The parts of a Chat Completions request body the fake acts on. */
export interface FakeChatRequest {
  model: string;
  messages: FakeChatMessage[];
  stream: boolean;
  includeUsage: boolean;
  /** `max_completion_tokens` or `max_tokens`, whichever the client sent. */
  maxTokens: number | undefined;
}

/** Token usage in OpenAI's wire shape. */
export interface WireUsage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

const DEFAULT_MODEL = 'gpt-4o-mini';

/**
 * Reads the fields the fake needs from a parsed request body, tolerating missing ones.
 *
 * @example
 * ```ts
 * parseChatRequest({ model: 'm', messages: [{ role: 'user', content: 'hi' }], stream: true });
 * ```
 */
export function parseChatRequest(body: unknown): FakeChatRequest {
  const record = asRecord(body);
  const streamOptions = asRecord(record.stream_options);
  const maxTokens = record.max_completion_tokens ?? record.max_tokens;
  return {
    model: typeof record.model === 'string' ? record.model : DEFAULT_MODEL,
    messages: Array.isArray(record.messages) ? record.messages.map(toFakeMessage) : [],
    stream: record.stream === true,
    includeUsage: streamOptions.include_usage === true,
    maxTokens: typeof maxTokens === 'number' && maxTokens > 0 ? maxTokens : undefined,
  };
}

function toFakeMessage(value: unknown): FakeChatMessage {
  const record = asRecord(value);
  return { role: String(record.role ?? 'user'), content: flattenContent(record.content) };
}

// OpenAI accepts either a string or an array of typed parts; only text parts matter here.
function flattenContent(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part) => asRecord(part))
    .filter((part) => part.type === 'text' && typeof part.text === 'string')
    .map((part) => String(part.text))
    .join('');
}

function asRecord(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}

/**
 * The reply text for a request: the script's text, or a deterministic echo of the last user
 * message when no script is queued.
 *
 * @example
 * ```ts
 * renderReply(undefined, [{ role: 'user', content: 'Hi' }]); // 'You asked: "Hi". ...'
 * ```
 */
export function renderReply(
  script: FakeReplyScript | undefined,
  messages: FakeChatMessage[],
): string {
  if (typeof script === 'string') return script;
  if (script) return script(messages);
  const lastUser = messages.findLast((message) => message.role === 'user');
  return `You asked: "${lastUser?.content ?? ''}". What a wild question, thank you for asking!`;
}

/**
 * Splits text into word-ish tokens, each carrying its leading whitespace like GPT tokens do,
 * so that joining the tokens gives back the text exactly.
 *
 * @example
 * ```ts
 * splitIntoTokens('Hello big world'); // ['Hello', ' big', ' world']
 * ```
 */
export function splitIntoTokens(text: string): string[] {
  return text.match(/\s*\S+|\s+$/g) ?? [];
}

/**
 * A rough token count (about four characters per token), enough for usage numbers.
 *
 * @example
 * ```ts
 * estimateTokenCount('abcdefgh'); // 2
 * ```
 */
export function estimateTokenCount(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * Usage for a request and the tokens streamed back.
 *
 * @example
 * ```ts
 * buildUsage([{ role: 'user', content: 'hi' }], 3); // { prompt_tokens: 1, completion_tokens: 3, total_tokens: 4 }
 * ```
 */
export function buildUsage(messages: FakeChatMessage[], completionTokens: number): WireUsage {
  const promptTokens = messages.reduce(
    (sum, message) => sum + estimateTokenCount(message.content),
    0,
  );
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
  };
}

/**
 * The error body OpenAI sends with non-2xx answers.
 *
 * @example
 * ```ts
 * buildErrorBody(429); // { error: { message: 'Rate limit reached', type: 'requests', ... } }
 * ```
 */
export function buildErrorBody(status: number): { error: Record<string, unknown> } {
  const known: Record<number, [string, string]> = {
    400: ['Invalid request', 'invalid_request_error'],
    401: ['Incorrect API key provided', 'invalid_request_error'],
    404: ['Not found', 'invalid_request_error'],
    429: ['Rate limit reached', 'requests'],
  };
  const [message, type] = known[status] ?? ['The server had an error', 'server_error'];
  return {
    error: { message, type, param: null, code: status === 429 ? 'rate_limit_exceeded' : null },
  };
}

/** One reply the fake is about to send. */
export interface FakeCompletion {
  id: string;
  request: FakeChatRequest;
  tokens: string[];
  finishReason: 'stop' | 'length';
}

/**
 * A non-streaming `chat.completion` answer.
 *
 * @example
 * ```ts
 * sendJson(response, 200, buildCompletionBody(completion));
 * ```
 */
export function buildCompletionBody(completion: FakeCompletion) {
  return {
    id: completion.id,
    object: 'chat.completion',
    created: nowSeconds(),
    model: completion.request.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: completion.tokens.join(''), refusal: null },
        logprobs: null,
        finish_reason: completion.finishReason,
      },
    ],
    usage: buildUsage(completion.request.messages, completion.tokens.length),
  };
}

/**
 * One `chat.completion.chunk`: a delta with its finish reason, or (with `usage`) the final usage
 * chunk, which has no choices.
 *
 * @example
 * ```ts
 * buildChunk(completion, { role: 'assistant', content: 'Hi' }, null);
 * ```
 */
export function buildChunk(
  completion: FakeCompletion,
  delta: object,
  finishReason: string | null,
  usage?: WireUsage,
) {
  const choice = { index: 0, delta, logprobs: null, finish_reason: finishReason };
  return {
    id: completion.id,
    object: 'chat.completion.chunk',
    created: nowSeconds(),
    model: completion.request.model,
    choices: usage ? [] : [choice],
    ...(usage ? { usage } : {}),
  };
}

/**
 * The `/v1/models` list.
 *
 * @example
 * ```ts
 * buildModelList().data[0]?.id; // 'gpt-4o-mini'
 * ```
 */
export function buildModelList() {
  const models = ['gpt-4o-mini', 'gpt-4o', 'cmz-fake'];
  return {
    object: 'list',
    data: models.map((id) => ({ id, object: 'model', created: 0, owned_by: 'cmz-fake' })),
  };
}

function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
