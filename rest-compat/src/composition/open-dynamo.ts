/**
 * Opens DynamoDB for the REST layer: the embedded server on local disk by default, or a real
 * DynamoDB when `DYNAMODB_ENDPOINT` (or AWS settings) are given; creates missing tables.
 *
 * @module
 */
import { join } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import type { Logger } from '@cmz/engine';
import { createDynamoClients, resolveDynamoEndpoint } from '../persistence/dynamo-client.ts';
import { startEmbeddedDynamo } from '../persistence/embedded-dynamo.ts';
import { createRepositories, type Repositories } from '../persistence/repositories.ts';
import { ensureTables } from '../persistence/table-definitions.ts';
import { resolveTableNames } from '../persistence/table-names.ts';
import type { RestConfig } from './rest-config.ts';

/** An open DynamoDB with the repositories on it. */
export interface OpenDynamo {
  repositories: Repositories;
  /** Resolves when DynamoDB answers (for readiness and `/system_health`). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Opens DynamoDB.
 *
 * @example
 * ```ts
 * const dynamo = await openDynamo(config, environment, dataDirectory, logger);
 * ```
 */
export async function openDynamo(
  config: RestConfig,
  environment: Record<string, string | undefined>,
  dataDirectory: string,
  logger: Logger,
): Promise<OpenDynamo> {
  const embedded = config.useEmbeddedDynamo
    ? await startEmbeddedDynamo({ directory: join(dataDirectory, 'dynamodb') })
    : undefined;
  const endpoint = embedded?.endpoint ?? resolveDynamoEndpoint(environment);
  const { client, document } = createDynamoClients({
    ...(endpoint ? { endpoint } : {}),
    ...(config.AWS_REGION ? { region: config.AWS_REGION } : {}),
  });
  const tableNames = resolveTableNames(environment);
  const ensured = await ensureTables(client, tableNames);
  logger.info(
    { embedded: embedded !== undefined, created: ensured.created.length },
    'dynamodb ready',
  );
  return {
    repositories: createRepositories({ document, tableNames }),
    ping: async () => {
      await client.send(new ListTablesCommand({ Limit: 1 }));
    },
    close: async () => {
      client.destroy();
      await embedded?.close();
    },
  };
}
