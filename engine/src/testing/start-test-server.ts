/**
 * Starts the real product server for integration tests: port 0 on loopback, silent logs, a fixed
 * secret, a throwaway data directory and an instant offline responder unless overridden.
 *
 * @module
 */
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  startServer,
  type RunningServer,
  type StartServerOptions,
} from '../server/start-server.ts';

/**
 * Starts a test server; `environment` entries override the test defaults.
 *
 * @example
 * ```ts
 * const server = await startTestServer({ environment: { REDIS_URL: redis.url } });
 * ```
 */
export async function startTestServer(options: StartServerOptions = {}): Promise<RunningServer> {
  const dataDirectory = await mkdtemp(join(tmpdir(), 'cmz-test-'));
  return startServer({
    ...options,
    environment: {
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
      ENGINE_SECRET: 'integration-test-secret-0123456789',
      DATA_DIR: dataDirectory,
      OFFLINE_WORDS_PER_SECOND: '0',
      SHUTDOWN_DEADLINE_MS: '2000',
      ...options.environment,
    },
  });
}
