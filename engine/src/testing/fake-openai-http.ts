/**
 * Small node:http helpers of the fake OpenAI-compatible server: reading bodies, answering JSON
 * and Server-Sent Events, and recording headers without secrets.
 *
 * @module
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildErrorBody } from './fake-openai-payloads.ts';

/** Response headers of a streamed completion. */
export const sseHeaders = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache',
  connection: 'keep-alive',
};

/** An injected HTTP error answer. */
export interface StatusFailure {
  status: number;
  /** Sent as `retry-after` (seconds). */
  retryAfterSeconds?: number;
  /** Sent as `retry-after-ms`, OpenAI's millisecond variant. */
  retryAfterMs?: number;
  /** Replaces OpenAI's usual `{ error: {...} }` body. */
  body?: unknown;
}

/**
 * Answers an injected error status with its retry headers.
 *
 * @example
 * ```ts
 * sendStatusFailure(response, { status: 429, retryAfterSeconds: 1 });
 * ```
 */
export function sendStatusFailure(response: ServerResponse, failure: StatusFailure): void {
  if (failure.retryAfterSeconds !== undefined) {
    response.setHeader('retry-after', String(failure.retryAfterSeconds));
  }
  if (failure.retryAfterMs !== undefined) {
    response.setHeader('retry-after-ms', String(failure.retryAfterMs));
  }
  sendJson(response, failure.status, failure.body ?? buildErrorBody(failure.status));
}

/**
 * Ends a request whose handling threw (e.g. a buggy reply script) without crashing the test
 * run: a 500 when nothing was sent yet, otherwise a dropped connection.
 *
 * @example
 * ```ts
 * handle(request, response).catch(() => failBroken(response));
 * ```
 */
export function failBroken(response: ServerResponse): void {
  if (response.headersSent) response.destroy();
  else sendJson(response, 500, buildErrorBody(500));
}

/**
 * Answers with a JSON body.
 *
 * @example
 * ```ts
 * sendJson(response, 404, { error: { message: 'Not found' } });
 * ```
 */
export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json',
    'content-length': Buffer.byteLength(text),
  });
  response.end(text);
}

/**
 * Writes one Server-Sent Event; resolves once the data was handed to the socket, so that a
 * following `cut` destroys the connection only after the client could see the earlier tokens.
 *
 * @example
 * ```ts
 * await writeEvent(response, chunk);
 * ```
 */
export function writeEvent(response: ServerResponse, data: object): Promise<void> {
  return new Promise((resolve) =>
    response.write(`data: ${JSON.stringify(data)}\n\n`, () => resolve()),
  );
}

/**
 * Resolves when the response's connection is closed (by the client or by the server stopping).
 *
 * @example
 * ```ts
 * await waitForClose(response); // a stall: send nothing more
 * ```
 */
export function waitForClose(response: ServerResponse): Promise<void> {
  if (response.socket === null || response.socket.destroyed) return Promise.resolve();
  return new Promise((resolve) => response.once('close', () => resolve()));
}

/**
 * Reads and parses a JSON request body; `undefined` when empty, throws on invalid JSON.
 *
 * @example
 * ```ts
 * const body = await readJsonBody(request);
 * ```
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const parts: Buffer[] = [];
  for await (const part of request) parts.push(part as Buffer);
  const text = Buffer.concat(parts).toString('utf8');
  return text.length === 0 ? undefined : (JSON.parse(text) as unknown);
}

/**
 * The request headers with the authorization value replaced, so recorded requests can be
 * printed by failing tests without leaking a key.
 *
 * @example
 * ```ts
 * redactHeaders(request).authorization; // '[redacted]'
 * ```
 */
export function redactHeaders(request: IncomingMessage): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = name === 'authorization' ? '[redacted]' : [value].flat().join(', ');
  }
  return headers;
}
