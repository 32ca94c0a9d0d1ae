/**
 * CreateTable inputs for every table (on-demand billing) and {@link ensureTables}, which creates
 * the missing ones. Indexes follow the original stack where a repository queries them or where the
 * original listed them; boolean "indexes" it requested (isActive, isGlobal) are left out because
 * DynamoDB keys cannot be booleans.
 *
 * @module
 */
import {
  CreateTableCommand,
  DescribeTableCommand,
  type CreateTableCommandInput,
  type DynamoDBClient,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import type { TableKey, TableNames } from './table-names.ts';

type AttributeType = 'S' | 'N';
type KeySpec = readonly [name: string, type: AttributeType];

interface TableSpec {
  partition: KeySpec;
  sort?: KeySpec;
  indexes?: Readonly<Record<string, { partition: KeySpec; sort?: KeySpec }>>;
}

const timestamp: KeySpec = ['timestamp', 'S'];

/** Keys and indexes per logical table. */
export const tableSpecs: Record<TableKey, TableSpec> = {
  animal: { partition: ['animalId', 'S'] },
  // Also holds email-uniqueness guard items (`userId = "email#<email>"`), see user-repository.
  user: { partition: ['userId', 'S'] },
  // The original IaC named this index plainly `userId`.
  userDetails: {
    partition: ['userDetailsId', 'S'],
    indexes: { userId: { partition: ['userId', 'S'] } },
  },
  family: { partition: ['familyId', 'S'] },
  conversation: { partition: ['conversationId', 'S'], sort: ['turnKey', 'S'] },
  session: {
    partition: ['sessionId', 'S'],
    indexes: {
      'userId-index': { partition: ['userId', 'S'], sort: ['startTime', 'S'] },
      'animalId-index': { partition: ['animalId', 'S'], sort: ['startTime', 'S'] },
    },
  },
  guardrails: {
    partition: ['guardrailId', 'S'],
    indexes: { 'category-index': { partition: ['category', 'S'], sort: ['priority', 'N'] } },
  },
  animalAssistant: {
    partition: ['assistantId', 'S'],
    indexes: { AnimalIndex: { partition: ['animalId', 'S'] } },
  },
  personality: { partition: ['personalityId', 'S'] },
  knowledge: { partition: ['knowledgeId', 'S'] },
  knowledgeFile: {
    partition: ['fileId', 'S'],
    indexes: { AssistantIndex: { partition: ['assistantId', 'S'] } },
  },
  sandbox: {
    partition: ['sandboxId', 'S'],
    indexes: { CreatedByIndex: { partition: ['createdBy', 'S'] } },
  },
  userContext: {
    partition: ['userId', 'S'],
    indexes: { ParentIndex: { partition: ['parentId', 'S'], sort: ['lastUpdated', 'S'] } },
  },
  privacyAudit: {
    partition: ['auditId', 'S'],
    indexes: {
      UserIndex: { partition: ['userId', 'S'], sort: timestamp },
      ParentIndex: { partition: ['parentId', 'S'], sort: timestamp },
      ActionTypeIndex: { partition: ['actionType', 'S'], sort: timestamp },
    },
  },
  contentValidation: {
    partition: ['validationId', 'S'],
    indexes: {
      SessionIndex: { partition: ['sessionId', 'S'], sort: timestamp },
      UserIndex: { partition: ['userId', 'S'], sort: timestamp },
    },
  },
  conversationAnalytics: {
    partition: ['analyticsId', 'S'],
    indexes: {
      SessionIndex: { partition: ['sessionId', 'S'] },
      UserIndex: { partition: ['userId', 'S'], sort: timestamp },
      AnimalIndex: { partition: ['animalId', 'S'], sort: timestamp },
    },
  },
  media: {
    partition: ['mediaId', 'S'],
    indexes: { AnimalIndex: { partition: ['animalId', 'S'] } },
  },
  featureFlags: { partition: ['flagDocumentId', 'S'] },
  authTokens: { partition: ['tokenKey', 'S'] },
  editingSessions: { partition: ['sessionId', 'S'] },
};

/**
 * The CreateTable input for one logical table under its physical name.
 *
 * @example
 * ```ts
 * await client.send(new CreateTableCommand(createTableInput('user', 'quest-dev-user')));
 * ```
 */
export function createTableInput(key: TableKey, tableName: string): CreateTableCommandInput {
  const spec = tableSpecs[key];
  const attributes = new Map<string, AttributeType>();
  const keySchema = (partition: KeySpec, sort: KeySpec | undefined) => {
    for (const [name, type] of sort ? [partition, sort] : [partition]) attributes.set(name, type);
    return [
      { AttributeName: partition[0], KeyType: 'HASH' as const },
      ...(sort ? [{ AttributeName: sort[0], KeyType: 'RANGE' as const }] : []),
    ];
  };
  const tableKeys = keySchema(spec.partition, spec.sort);
  const indexes = Object.entries(spec.indexes ?? {}).map(([indexName, index]) => ({
    IndexName: indexName,
    KeySchema: keySchema(index.partition, index.sort),
    Projection: { ProjectionType: 'ALL' as const },
  }));
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    KeySchema: tableKeys,
    AttributeDefinitions: [...attributes].map(([AttributeName, AttributeType]) => ({
      AttributeName,
      AttributeType,
    })),
    ...(indexes.length > 0 ? { GlobalSecondaryIndexes: indexes } : {}),
  };
}

/** What {@link ensureTables} found and did. */
export interface EnsureTablesReport {
  created: string[];
  existing: string[];
  /** Indexes an existing table lacks (queries that need them fail until they are added). */
  missingIndexes: { table: string; index: string }[];
}

/**
 * Creates every missing table and waits until all are ACTIVE. Idempotent, and safe when several
 * processes race (a concurrent creation shows up as ResourceInUseException and counts as done).
 * An existing table whose key schema differs from the definition is an error: writing to it would
 * fail on every request, which is better found at start-up.
 *
 * @example
 * ```ts
 * const report = await ensureTables(client, resolveTableNames());
 * ```
 */
export async function ensureTables(
  client: DynamoDBClient,
  names: TableNames,
  options: { timeoutMs?: number } = {},
): Promise<EnsureTablesReport> {
  const report: EnsureTablesReport = { created: [], existing: [], missingIndexes: [] };
  await Promise.all(
    (Object.keys(names) as TableKey[]).map(async (key) => {
      const input = createTableInput(key, names[key]);
      const existing = await describe(client, names[key]);
      if (existing === undefined) {
        await createIgnoringRace(client, input);
        report.created.push(names[key]);
      } else {
        checkExisting(input, existing, report);
        report.existing.push(names[key]);
      }
      await waitUntilActive(client, names[key], options.timeoutMs ?? 60_000);
    }),
  );
  return report;
}

async function describe(client: DynamoDBClient, tableName: string) {
  try {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: tableName }));
    return Table;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function createIgnoringRace(client: DynamoDBClient, input: CreateTableCommandInput) {
  try {
    await client.send(new CreateTableCommand(input));
  } catch (error) {
    if (errorName(error) !== 'ResourceInUseException') throw error;
  }
}

function checkExisting(
  input: CreateTableCommandInput,
  existing: TableDescription,
  report: EnsureTablesReport,
): void {
  const describeKeys = (keys: { AttributeName?: string; KeyType?: string }[] | undefined) =>
    (keys ?? []).map((key) => `${key.AttributeName}:${key.KeyType}`).join(',');
  if (describeKeys(input.KeySchema) !== describeKeys(existing.KeySchema)) {
    throw new Error(
      `table ${input.TableName} has key schema ${describeKeys(existing.KeySchema)}, ` +
        `expected ${describeKeys(input.KeySchema)}`,
    );
  }
  const present = new Set((existing.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
  for (const index of input.GlobalSecondaryIndexes ?? []) {
    if (!present.has(index.IndexName)) {
      report.missingIndexes.push({ table: input.TableName ?? '', index: index.IndexName ?? '' });
    }
  }
}

async function waitUntilActive(client: DynamoDBClient, tableName: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  let delayMs = 25;
  for (;;) {
    const table = await describe(client, tableName);
    if (table?.TableStatus === 'ACTIVE') return;
    if (Date.now() > deadline) throw new Error(`table ${tableName} not ACTIVE in ${timeoutMs} ms`);
    // Real DynamoDB takes seconds to create a table; back off up to one poll per second.
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    delayMs = Math.min(delayMs * 2, 1_000);
  }
}

function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
