/**
 * The harness's OpenAI-compatible model server: streams self-naming tokens (see token-markers)
 * at a fixed rate and records, with the harness's own clock, when each token was written to the
 * socket. Engine nodes and the baseline server run as child processes but the clients run in
 * this process, so `receive time − sentAt` uses one monotonic clock.
 *
 * All streams share one ticker, so 200 conversations cost one timer, not 200 drifting ones. The
 * first token is written as soon as the request arrives (time to first token 0): whatever a
 * client waits for it beyond that is added by the engine.
 *
 * @module
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildChunk, parseChatRequest } from '../../engine/src/testing/fake-openai-payloads.ts';
import { readJsonBody, sendJson, sseHeaders } from '../../engine/src/testing/fake-openai-http.ts';
import { markerKey, markerToken } from './token-markers.ts';

/** Options of {@link startTokenStreamServer}. */
export interface TokenStreamOptions {
  tokensPerSecond: number;
  tokensPerReply: number;
}

/** A running model server. */
export interface TokenStreamServer {
  /** Base URL for an OpenAI client (`http://127.0.0.1:PORT/v1`). */
  readonly url: string;
  /** When the token left the server (`performance.now()`), by {@link markerKey}. */
  sentAt(key: number): number | undefined;
  /** When stream `stream`'s request arrived. */
  requestAt(stream: number): number | undefined;
  /** How many completions were requested so far. */
  readonly streamCount: number;
  /** Streams still writing. */
  readonly activeStreams: number;
  setTiming(options: Partial<TokenStreamOptions>): void;
  /** Forgets recorded times (between phases, to bound memory). */
  clearRecords(): void;
  close(): Promise<void>;
}

interface ActiveStream {
  stream: number;
  response: ServerResponse;
  next: number;
  total: number;
  completion: Parameters<typeof buildChunk>[0];
}

/**
 * Starts the model server on a free loopback port.
 *
 * @example
 * ```ts
 * const model = await startTokenStreamServer({ tokensPerSecond: 20, tokensPerReply: 40 });
 * // OPENAI_BASE_URL=model.url
 * await model.close();
 * ```
 */
export async function startTokenStreamServer(
  options: TokenStreamOptions,
): Promise<TokenStreamServer> {
  let timing = { ...options };
  const sent = new Map<number, number>();
  const requested = new Map<number, number>();
  const active = new Set<ActiveStream>();
  let streamCount = 0;
  let ticker: NodeJS.Timeout | undefined;

  const writeToken = (entry: ActiveStream) => {
    const text = markerToken(entry.stream, entry.next);
    const delta = entry.next === 0 ? { role: 'assistant', content: text } : { content: text };
    entry.response.write(`data: ${JSON.stringify(buildChunk(entry.completion, delta, null))}\n\n`);
    sent.set(markerKey({ stream: entry.stream, token: entry.next }), performance.now());
    entry.next += 1;
    if (entry.next >= entry.total) {
      const done = buildChunk(entry.completion, {}, 'stop');
      entry.response.end(`data: ${JSON.stringify(done)}\n\ndata: [DONE]\n\n`);
      active.delete(entry);
    }
  };
  const tick = () => {
    for (const entry of [...active]) writeToken(entry);
  };
  const restartTicker = () => {
    if (ticker) clearInterval(ticker);
    ticker = setInterval(tick, 1000 / timing.tokensPerSecond);
  };
  restartTicker();

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const path = new URL(request.url ?? '/', 'http://model.invalid').pathname;
    const body = await readJsonBody(request);
    if (request.method !== 'POST' || path !== '/v1/chat/completions') {
      sendJson(response, 404, { error: { message: 'Not found' } });
      return;
    }
    const stream = streamCount;
    streamCount += 1;
    requested.set(stream, performance.now());
    response.writeHead(200, sseHeaders);
    const entry: ActiveStream = {
      stream,
      response,
      next: 0,
      total: timing.tokensPerReply,
      completion: {
        id: `chatcmpl-load-${stream}`,
        request: parseChatRequest(body),
        tokens: [],
        finishReason: 'stop',
      },
    };
    response.once('close', () => active.delete(entry));
    active.add(entry);
    writeToken(entry);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch(() => response.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    sentAt: (key) => sent.get(key),
    requestAt: (stream) => requested.get(stream),
    get streamCount() {
      return streamCount;
    },
    get activeStreams() {
      return active.size;
    },
    setTiming(next) {
      timing = { ...timing, ...next };
      restartTicker();
    },
    clearRecords() {
      sent.clear();
      requested.clear();
    },
    close() {
      if (ticker) clearInterval(ticker);
      for (const entry of active) entry.response.destroy();
      active.clear();
      return new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
