/**
 * The REST layer for engine child nodes that need signed-in staff (a teacher opening a school
 * session, a zookeeper opening a live room): one embedded DynamoDB in the harness process shared
 * by every node, and the environment that makes each node load `@cmz/rest-compat`
 * (`CMZ_NODE_EXTENSIONS=rest`). Every node gets the same `JWT_SECRET`, so a token signed in on
 * one node is accepted on the others.
 *
 * @module
 */
import { randomBytes } from 'node:crypto';
import {
  startEmbeddedDynamo,
  type EmbeddedDynamo,
} from '../../rest-compat/src/persistence/embedded-dynamo.ts';

/** The running shared DynamoDB and what every node needs to use it. */
export interface RestLayer {
  /** Environment entries for every node. */
  environment: Record<string, string>;
  close(): Promise<void>;
}

/** The development users the REST layer seeds (never in production), with their password. */
export const seededStaff = {
  educator: 'educator@cmz.org',
  zookeeper: 'zookeeper@cmz.org',
} as const;
const seededPassword = 'testpass123';

/**
 * Starts the shared DynamoDB (in memory).
 *
 * @example
 * ```ts
 * const rest = await startRestLayer();
 * // spawn nodes with rest.environment
 * await rest.close();
 * ```
 */
export async function startRestLayer(): Promise<RestLayer> {
  const dynamo: EmbeddedDynamo = await startEmbeddedDynamo();
  return {
    environment: {
      CMZ_NODE_EXTENSIONS: 'rest',
      REST_LEGACY_PORT: 'off',
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      JWT_SECRET: randomBytes(32).toString('hex'),
      // Sign-in speed is not what these scenarios measure.
      BCRYPT_COST: '4',
    },
    close: () => dynamo.close(),
  };
}

/**
 * Signs a seeded user in (`POST /api/auth`) and answers the bearer token for the socket's
 * `auth.token`.
 *
 * @example
 * ```ts
 * const token = await signIn(node.url, seededStaff.educator);
 * ```
 */
export async function signIn(url: string, email: string): Promise<string> {
  const response = await fetch(`${url}/api/auth`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: seededPassword }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || typeof body.token !== 'string') {
    throw new Error(`sign-in of ${email} failed: HTTP ${response.status}`);
  }
  return body.token;
}
