/**
 * DynamoDB clients for the embedded server or real AWS.
 *
 * - Embedded / local emulator: pass its `endpoint` (a loopback URL); fixed dummy credentials and
 *   region `us-west-2` are used, so no AWS configuration is needed.
 * - Real DynamoDB: omit `endpoint` (or give a non-loopback one, e.g. from `DYNAMODB_ENDPOINT`); the
 *   SDK's default credential chain applies (`AWS_ACCESS_KEY_ID`/`AWS_SECRET_ACCESS_KEY`,
 *   `AWS_PROFILE`, SSO, container or instance roles) and the region comes from `region`,
 *   `AWS_REGION` or `AWS_DEFAULT_REGION`, defaulting to `us-west-2` like the original stack.
 *
 * @module
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Options for {@link createDynamoClients}. */
export interface DynamoClientOptions {
  /** Endpoint URL; absent means the regional AWS endpoint. */
  endpoint?: string;
  region?: string;
  /** Where to read `AWS_REGION` / `AWS_DEFAULT_REGION`; defaults to `process.env`. */
  environment?: Readonly<Record<string, string | undefined>>;
}

/** The low-level client (table management) and the document client (repositories). */
export interface DynamoClients {
  client: DynamoDBClient;
  document: DynamoDBDocumentClient;
}

const defaultRegion = 'us-west-2';
// Emulators accept any key; fixed values keep a developer's real AWS keys out of local traffic.
const embeddedCredentials = { accessKeyId: 'embedded', secretAccessKey: 'embedded' };
const loopbackHosts = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * Creates both clients. Undefined attributes are dropped on write, and class instances are
 * rejected rather than silently flattened.
 *
 * @example
 * ```ts
 * const { client, document } = createDynamoClients({ endpoint: 'http://127.0.0.1:8000' });
 * const real = createDynamoClients({ endpoint: process.env.DYNAMODB_ENDPOINT });
 * ```
 */
export function createDynamoClients(options: DynamoClientOptions = {}): DynamoClients {
  const environment = options.environment ?? process.env;
  const embedded = options.endpoint !== undefined && isLoopback(options.endpoint);
  const region =
    options.region ??
    (embedded ? undefined : (environment.AWS_REGION ?? environment.AWS_DEFAULT_REGION)) ??
    defaultRegion;
  const client = new DynamoDBClient({
    region,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(embedded ? { credentials: embeddedCredentials } : {}),
  });
  const document = DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: false },
  });
  return { client, document };
}

/**
 * Reads the endpoint from `DYNAMODB_ENDPOINT` (or the original stack's `DYNAMODB_ENDPOINT_URL`).
 *
 * @example
 * ```ts
 * const clients = createDynamoClients({ endpoint: resolveDynamoEndpoint(process.env) });
 * ```
 */
export function resolveDynamoEndpoint(
  environment: Readonly<Record<string, string | undefined>> = process.env,
): string | undefined {
  const value = environment.DYNAMODB_ENDPOINT ?? environment.DYNAMODB_ENDPOINT_URL;
  return value === undefined || value === '' ? undefined : value;
}

function isLoopback(endpoint: string): boolean {
  try {
    return loopbackHosts.has(new URL(endpoint).hostname);
  } catch {
    return false;
  }
}
