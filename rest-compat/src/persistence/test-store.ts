/**
 * Test support: an embedded server with every table created, and clients pointing at it.
 *
 * @module
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createDynamoClients } from './dynamo-client.ts';
import { startEmbeddedDynamo } from './embedded-dynamo.ts';
import { ensureTables } from './table-definitions.ts';
import { resolveTableNames, type TableNames } from './table-names.ts';

/** A ready store for one test file. */
export interface TestStore {
  endpoint: string;
  client: DynamoDBClient;
  document: DynamoDBDocumentClient;
  tableNames: TableNames;
  close(): Promise<void>;
}

/**
 * Starts an embedded server (in-memory unless `directory`), creates all tables, returns clients.
 *
 * @example
 * ```ts
 * const store = await startTestStore();
 * afterAll(() => store.close());
 * ```
 */
export async function startTestStore(options: { directory?: string } = {}): Promise<TestStore> {
  const dynamo = await startEmbeddedDynamo(options);
  const { client, document } = createDynamoClients({ endpoint: dynamo.endpoint });
  const tableNames = resolveTableNames({});
  await ensureTables(client, tableNames);
  return {
    endpoint: dynamo.endpoint,
    client,
    document,
    tableNames,
    async close() {
      client.destroy();
      await dynamo.close();
    },
  };
}

/**
 * A clock that tests move by hand.
 *
 * @example
 * ```ts
 * const clock = manualClock('2025-01-01T00:00:00.000Z');
 * clock.advance(60_000);
 * ```
 */
export function manualClock(start: string): { (): Date; advance(milliseconds: number): void } {
  let now = Date.parse(start);
  const clock = () => new Date(now);
  clock.advance = (milliseconds: number) => {
    now += milliseconds;
  };
  return clock;
}
