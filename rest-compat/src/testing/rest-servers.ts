/**
 * Test support for a file that starts products with the REST layer: every server (and Redis or
 * DynamoDB it shares) is closed after the file, in the reverse order of starting, so a node never
 * outlives the stores it talks to.
 *
 * @module
 */
import { afterAll } from 'vitest';
import type { LlmModel } from '@cmz/engine';
import { startRedisServer } from '../../../engine/src/testing/redis-server.ts';
import { startEmbeddedDynamo } from '../persistence/embedded-dynamo.ts';
import { startRestTestServer, type RestTestServer } from './start-rest-test-server.ts';

/** What `startRestTestServer` takes. */
export interface RestServerOptions {
  model?: LlmModel;
  environment?: Record<string, string>;
}

/** The servers of one test file. */
export interface RestServers {
  /** Starts the product with the REST layer; closed after the file. */
  started(options?: RestServerOptions): Promise<RestTestServer>;
  /** Registers a cleanup run after the file. */
  onCleanup(cleanup: () => Promise<void>): void;
  /**
   * Starts a Redis and an embedded DynamoDB (both closed after the file) and returns the
   * environment that makes nodes share them.
   */
  sharedStores(): Promise<{ REDIS_URL: string; DYNAMODB_ENDPOINT: string }>;
}

/**
 * Call once at the top of a test file (it registers an `afterAll`).
 *
 * @example
 * ```ts
 * const { started, sharedStores } = useRestServers();
 * const environment = await sharedStores();
 * const nodeA = await started({ environment });
 * ```
 */
export function useRestServers(): RestServers {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  });
  const onCleanup = (cleanup: () => Promise<void>) => {
    cleanups.push(cleanup);
  };
  return {
    onCleanup,
    async started(options = {}) {
      const rest = await startRestTestServer(options);
      onCleanup(() => rest.close());
      return rest;
    },
    async sharedStores() {
      const redis = await startRedisServer();
      onCleanup(() => redis.stop());
      const dynamo = await startEmbeddedDynamo({});
      onCleanup(() => dynamo.close());
      return { REDIS_URL: redis.url, DYNAMODB_ENDPOINT: dynamo.endpoint };
    },
  };
}
