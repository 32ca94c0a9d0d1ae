/**
 * A real HTTP server speaking enough of the OpenAI API (Chat Completions with Server-Sent Events,
 * models, moderations) to run the engine, its tests and demos without a network or an API key.
 * Replies, timing and failures (rate limits, server errors, stalls, cut connections) are scripted.
 *
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  failBroken,
  readJsonBody,
  redactHeaders,
  sendJson,
  sendStatusFailure,
  sseHeaders,
  waitForClose,
  writeEvent,
  type StatusFailure,
} from './fake-openai-http.ts';
import { buildModeration } from './fake-openai-moderation.ts';
import {
  buildChunk,
  buildCompletionBody,
  buildErrorBody,
  buildModelList,
  buildUsage,
  parseChatRequest,
  renderReply,
  splitIntoTokens,
  type FakeCompletion,
  type FakeReplyScript,
} from './fake-openai-payloads.ts';

export type { FakeChatMessage, FakeReplyScript } from './fake-openai-payloads.ts';

/** A failure injected into the next chat completion request. */
export type FakeFailure =
  | ({ type: 'status' } & StatusFailure)
  /** Sends `afterTokens` tokens, then nothing more until the client or the server goes away. */
  | { type: 'stall'; afterTokens: number }
  /** Sends `afterTokens` tokens, then destroys the connection. */
  | { type: 'cut'; afterTokens: number };

/** How fast replies stream; 0 means no delay. */
export interface FakeTiming {
  timeToFirstTokenMs?: number;
  tokensPerSecond?: number;
}

/** Options of {@link startFakeOpenAiServer}. */
export interface FakeOpenAiServerOptions extends FakeTiming {
  /** @default 0 (any free port) */
  port?: number;
  /** @default '127.0.0.1' */
  host?: string;
  /** `/v1/moderations` flags inputs containing one of these words. */
  moderationWords?: string[];
}

/** One request the fake received; the authorization value is replaced by `[redacted]`. */
export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: unknown;
}

/** A running fake server. */
export interface FakeOpenAiServer {
  /** Base URL for an OpenAI client, e.g. `http://127.0.0.1:4010/v1`. */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Responses whose client went away before the response ended. */
  readonly clientAborts: number;
  /** Queues the text of a coming reply (failed requests do not consume it). */
  enqueueReply(script: FakeReplyScript): void;
  /** Queues a failure for the next chat completion request. */
  enqueueFailure(failure: FakeFailure): void;
  setTiming(timing: FakeTiming): void;
  /** Clears queues, recorded requests and counters; restores the start timing. */
  reset(): void;
  /** Ends every open (also stalled) response and stops listening. */
  close(): Promise<void>;
}

/**
 * Starts the fake OpenAI-compatible server.
 *
 * @example
 * ```ts
 * const fake = await startFakeOpenAiServer({ tokensPerSecond: 50 });
 * fake.enqueueReply('Sniff sniff! I love bamboo.');
 * const client = new OpenAI({ apiKey: 'test', baseURL: fake.url });
 * await fake.close();
 * ```
 */
export async function startFakeOpenAiServer(
  options: FakeOpenAiServerOptions = {},
): Promise<FakeOpenAiServer> {
  const fake = new FakeOpenAiHttpServer(options);
  await fake.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return fake;
}

class FakeOpenAiHttpServer implements FakeOpenAiServer {
  readonly requests: RecordedRequest[] = [];
  url = '';
  port = 0;
  #clientAborts = 0;
  #completionCount = 0;
  #replies: FakeReplyScript[] = [];
  #failures: FakeFailure[] = [];
  #timing: Required<FakeTiming>;
  readonly #initialTiming: Required<FakeTiming>;
  readonly #moderationWords: string[];
  readonly #open = new Set<ServerResponse>();
  readonly #ended = new WeakSet<ServerResponse>();
  readonly #server: Server;
  #closed: Promise<void> | undefined;

  constructor(options: FakeOpenAiServerOptions) {
    this.#initialTiming = {
      timeToFirstTokenMs: options.timeToFirstTokenMs ?? 0,
      tokensPerSecond: options.tokensPerSecond ?? 0,
    };
    this.#timing = { ...this.#initialTiming };
    this.#moderationWords = options.moderationWords ?? [];
    this.#server = createServer((request, response) => {
      this.#handle(request, response).catch(() => failBroken(response));
    });
  }

  get clientAborts(): number {
    return this.#clientAborts;
  }

  async listen(port: number, host: string): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.#server.once('error', reject);
      this.#server.listen(port, host, () => resolve());
    });
    this.port = (this.#server.address() as AddressInfo).port;
    const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
    this.url = `http://${urlHost}:${this.port}/v1`;
  }

  enqueueReply(script: FakeReplyScript): void {
    this.#replies.push(script);
  }

  enqueueFailure(failure: FakeFailure): void {
    this.#failures.push(failure);
  }

  setTiming(timing: FakeTiming): void {
    this.#timing = { ...this.#timing, ...timing };
  }

  reset(): void {
    this.requests.length = 0;
    this.#replies = [];
    this.#failures = [];
    this.#clientAborts = 0;
    this.#timing = { ...this.#initialTiming };
  }

  close(): Promise<void> {
    this.#closed ??= new Promise<void>((resolve, reject) => {
      // Marked as ended first so that closing them is not counted as a client abort.
      for (const response of this.#open) this.#ended.add(response);
      for (const response of this.#open) response.destroy();
      this.#server.close((error) => (error ? reject(error) : resolve()));
      this.#server.closeAllConnections();
    });
    return this.#closed;
  }

  async #handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    this.#track(response);
    const path = new URL(request.url ?? '/', 'http://fake.invalid').pathname;
    const route = `${request.method ?? 'GET'} ${path.replace(/\/+$/, '')}`;
    let body: unknown;
    try {
      body = await readJsonBody(request);
    } catch {
      sendJson(response, 400, buildErrorBody(400));
      return;
    }
    this.requests.push({
      method: request.method ?? 'GET',
      path,
      headers: redactHeaders(request),
      body,
    });
    if (route === 'GET /v1/models') sendJson(response, 200, buildModelList());
    else if (route === 'POST /v1/moderations') {
      const input = (body as { input?: unknown } | undefined)?.input;
      sendJson(response, 200, buildModeration(input, this.#moderationWords));
    } else if (route === 'POST /v1/chat/completions') await this.#chat(response, body);
    else sendJson(response, 404, buildErrorBody(404));
  }

  #track(response: ServerResponse): void {
    this.#open.add(response);
    response.once('close', () => {
      this.#open.delete(response);
      if (!response.writableFinished && !this.#ended.has(response)) this.#clientAborts += 1;
      this.#ended.add(response);
    });
  }

  async #chat(response: ServerResponse, body: unknown): Promise<void> {
    const request = parseChatRequest(body);
    const failure = this.#failures.shift();
    if (failure?.type === 'status') return sendStatusFailure(response, failure);
    // A failed request leaves its script queued, so the retry gets the scripted reply.
    const script = failure ? this.#replies[0] : this.#replies.shift();
    const allTokens = splitIntoTokens(renderReply(script, request.messages));
    const tokens = allTokens.slice(0, request.maxTokens ?? allTokens.length);
    const finishReason = tokens.length < allTokens.length ? 'length' : 'stop';
    const reply: FakeCompletion = { request, tokens, finishReason, id: this.#nextId() };
    if (request.stream) await this.#stream(response, reply, failure);
    else await this.#complete(response, reply, failure);
  }

  async #complete(response: ServerResponse, reply: FakeCompletion, failure?: TransportFailure) {
    if (failure) return this.#fail(response, failure);
    if (!(await this.#pause(response, this.#timing.timeToFirstTokenMs))) return;
    sendJson(response, 200, buildCompletionBody(reply));
  }

  async #stream(response: ServerResponse, reply: FakeCompletion, failure?: TransportFailure) {
    response.writeHead(200, sseHeaders);
    response.flushHeaders();
    const count = failure
      ? Math.min(failure.afterTokens, reply.tokens.length)
      : reply.tokens.length;
    // At least one round without a failure, so an empty reply still waits the time to first token.
    for (let index = 0; index < Math.max(count, failure ? 0 : 1); index += 1) {
      if (!(await this.#pause(response, this.#tokenDelay(index)))) return;
      const token = reply.tokens[index];
      if (token === undefined) break;
      const delta = index === 0 ? { role: 'assistant', content: token } : { content: token };
      await writeEvent(response, buildChunk(reply, delta, null));
    }
    if (failure) return this.#fail(response, failure);
    await writeEvent(response, buildChunk(reply, {}, reply.finishReason));
    const usage = buildUsage(reply.request.messages, reply.tokens.length);
    if (reply.request.includeUsage) await writeEvent(response, buildChunk(reply, {}, null, usage));
    response.end('data: [DONE]\n\n');
  }

  async #fail(response: ServerResponse, failure: TransportFailure): Promise<void> {
    if (failure.type === 'cut') {
      this.#ended.add(response);
      response.socket?.destroy();
    } else await waitForClose(response);
  }

  #tokenDelay(index: number): number {
    if (index === 0) return this.#timing.timeToFirstTokenMs;
    const perSecond = this.#timing.tokensPerSecond;
    return perSecond > 0 ? 1000 / perSecond : 0;
  }

  #pause(response: ServerResponse, milliseconds: number): Promise<boolean> {
    if (this.#ended.has(response)) return Promise.resolve(false);
    if (milliseconds <= 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const onClose = () => {
        clearTimeout(timer);
        resolve(false);
      };
      const timer = setTimeout(() => {
        response.off('close', onClose);
        resolve(!this.#ended.has(response));
      }, milliseconds);
      response.once('close', onClose);
    });
  }

  #nextId(): string {
    this.#completionCount += 1;
    return `chatcmpl-fake-${this.#completionCount}`;
  }
}

type TransportFailure = Exclude<FakeFailure, { type: 'status' }>;
