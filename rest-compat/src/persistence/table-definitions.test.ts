import type { AddressInfo } from 'node:net';
import dynalite from 'dynalite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CreateTableCommand,
  DeleteTableCommand,
  ListTablesCommand,
  type DynamoDBClient,
} from '@aws-sdk/client-dynamodb';
import { createDynamoClients } from './dynamo-client.ts';
import { startEmbeddedDynamo, type EmbeddedDynamo } from './embedded-dynamo.ts';
import { createTableInput, ensureTables } from './table-definitions.ts';
import { resolveTableNames } from './table-names.ts';

let dynamo: EmbeddedDynamo;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startEmbeddedDynamo();
  client = createDynamoClients({ endpoint: dynamo.endpoint }).client;
});
afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

describe('table definitions', () => {
  it('builds on-demand tables with keys and indexes', () => {
    const session = createTableInput('session', 'quest-dev-session');
    expect(session.BillingMode).toBe('PAY_PER_REQUEST');
    expect(session.KeySchema).toEqual([{ AttributeName: 'sessionId', KeyType: 'HASH' }]);
    expect(session.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual([
      'userId-index',
      'animalId-index',
    ]);
    expect(session.AttributeDefinitions).toContainEqual({
      AttributeName: 'startTime',
      AttributeType: 'S',
    });
    const conversation = createTableInput('conversation', 'c');
    expect(conversation.KeySchema?.[1]).toEqual({ AttributeName: 'turnKey', KeyType: 'RANGE' });
    expect(createTableInput('user', 'u').GlobalSecondaryIndexes).toBeUndefined();
  });

  it('creates every table once, even when two callers race, and is idempotent', async () => {
    const names = resolveTableNames({});
    const [left, right] = await Promise.all([
      ensureTables(client, names),
      ensureTables(client, names),
    ]);
    const tableCount = Object.keys(names).length;
    expect(left.created.length + left.existing.length).toBe(tableCount);
    expect(right.created.length + right.existing.length).toBe(tableCount);
    const again = await ensureTables(client, names);
    expect(again).toEqual({ created: [], existing: expect.any(Array), missingIndexes: [] });
    expect(again.existing).toHaveLength(tableCount);
    const { TableNames } = await client.send(new ListTablesCommand({}));
    expect(TableNames).toEqual(expect.arrayContaining(Object.values(names)));
  });

  it('reports missing indexes and refuses a table with another key schema', async () => {
    const names = {
      ...resolveTableNames({}),
      session: 'legacy-session',
      conversation: 'legacy-conversation',
    };
    await client.send(
      new CreateTableCommand({
        TableName: 'legacy-session',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'sessionId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'sessionId', AttributeType: 'S' }],
      }),
    );
    const report = await ensureTables(client, { ...names, conversation: 'quest-dev-conversation' });
    expect(report.missingIndexes).toEqual([
      { table: 'legacy-session', index: 'userId-index' },
      { table: 'legacy-session', index: 'animalId-index' },
    ]);
    await client.send(
      new CreateTableCommand({
        TableName: 'legacy-conversation',
        BillingMode: 'PAY_PER_REQUEST',
        KeySchema: [{ AttributeName: 'conversationId', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'conversationId', AttributeType: 'S' }],
      }),
    );
    await expect(ensureTables(client, names)).rejects.toThrow(/legacy-conversation has key schema/);
    await client.send(new DeleteTableCommand({ TableName: 'legacy-conversation' }));
  });

  it('waits while tables are CREATING and gives up after the timeout', async () => {
    // A server whose tables take a while to become ACTIVE, like real DynamoDB.
    const slow = dynalite({ createTableMs: 1_500 });
    await new Promise<void>((resolve) => slow.listen(0, '127.0.0.1', resolve));
    const { client: slowClient } = createDynamoClients({
      endpoint: `http://127.0.0.1:${(slow.address() as AddressInfo).port}`,
    });
    try {
      const names = { ...resolveTableNames({}) };
      const report = await ensureTables(slowClient, names);
      expect(report.created).toHaveLength(Object.keys(names).length);
      const other = { ...names, user: 'slow-user' };
      await expect(ensureTables(slowClient, other, { timeoutMs: 0 })).rejects.toThrow(
        /slow-user not ACTIVE/,
      );
    } finally {
      slowClient.destroy();
      await new Promise((resolve) => {
        slow.close(resolve);
        slow.closeAllConnections();
      });
    }
  });

  it('surfaces store errors other than a missing table', async () => {
    const stopped = await startEmbeddedDynamo();
    const { client: orphan } = createDynamoClients({ endpoint: stopped.endpoint });
    await stopped.close();
    await expect(ensureTables(orphan, resolveTableNames({}))).rejects.toThrow();
    orphan.destroy();
  });
});
