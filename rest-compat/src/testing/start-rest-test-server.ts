/**
 * Starts the whole product with the REST layer for integration tests: port 0, the legacy port on
 * a free port, an embedded DynamoDB in a throwaway directory, seeded test users, a fast bcrypt.
 *
 * @module
 */
import type { LlmModel, RunningServer } from '@cmz/engine';
import { startTestServer } from '../../../engine/src/testing/start-test-server.ts';
import { seededCredentials } from '../persistence/seed.ts';
import { restCompatExtension, type RestExtensionHandle } from '../rest-extension.ts';

/** A running product with helpers for REST calls. */
export interface RestTestServer {
  server: RunningServer;
  /** Base URL of the API on the main port (`…/api`). */
  api: string;
  /** Base URL of the legacy port (API at the root). */
  legacy: string;
  /** Signs in and returns a bearer token. */
  signIn(email: string, password?: string): Promise<string>;
  /** JSON request helper: returns status and parsed body. */
  call(
    method: string,
    path: string,
    options?: { token?: string; body?: unknown; base?: string },
  ): Promise<{ status: number; body: unknown; headers: Headers }>;
  close(): Promise<void>;
}

/**
 * Starts a test server with the REST extension.
 *
 * @example
 * ```ts
 * const rest = await startRestTestServer();
 * const token = await rest.signIn('test@cmz.org');
 * ```
 */
export async function startRestTestServer(
  options: { model?: LlmModel; environment?: Record<string, string> } = {},
): Promise<RestTestServer> {
  const handle: RestExtensionHandle = {};
  const server = await startTestServer({
    ...(options.model ? { model: options.model } : {}),
    extensions: [restCompatExtension(handle)],
    environment: {
      REST_LEGACY_PORT: '0',
      BCRYPT_COST: '4',
      RATE_LIMIT_CAPACITY: '1000',
      RATE_LIMIT_REFILL_PER_SECOND: '1000',
      LOGIN_ATTEMPTS_PER_MINUTE: '1000',
      ...options.environment,
    },
  });
  const api = `${server.url}/api`;
  const legacy = `http://127.0.0.1:${handle.legacyPort}`;
  const call: RestTestServer['call'] = async (method, path, callOptions = {}) => {
    const response = await fetch(`${callOptions.base ?? api}${path}`, {
      method,
      headers: {
        ...(callOptions.body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(callOptions.token ? { authorization: `Bearer ${callOptions.token}` } : {}),
      },
      ...(callOptions.body === undefined ? {} : { body: JSON.stringify(callOptions.body) }),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text.length > 0 ? JSON.parse(text) : undefined;
    } catch {
      // Not JSON (an SSE stream): keep the text.
    }
    return { status: response.status, body, headers: response.headers };
  };
  return {
    server,
    api,
    legacy,
    call,
    async signIn(email, password) {
      const credential = seededCredentials.find((entry) => entry.email === email);
      const { status, body } = await call('POST', '/auth', {
        body: { email, password: password ?? credential?.password ?? 'testpass123' },
      });
      if (status !== 200)
        throw new Error(`sign-in failed for a seeded user: ${status} ${JSON.stringify(body)}`);
      return (body as { token: string }).token;
    },
    close: () => server.close(),
  };
}
