/**
 * The REST layer's persistence: embedded or real DynamoDB, table names and definitions, and the
 * repositories. Errors are the typed classes of persistence-errors.
 *
 * @example
 * ```ts
 * import { createDynamoClients, createRepositories, ensureTables, resolveTableNames } from './persistence/index.ts';
 * const { client, document } = createDynamoClients({ endpoint: process.env.DYNAMODB_ENDPOINT });
 * const tableNames = resolveTableNames();
 * await ensureTables(client, tableNames);
 * const repositories = createRepositories({ document, tableNames });
 * ```
 *
 * @module
 */
export * from './animal-repository.ts';
export * from './audit.ts';
export * from './auth-token-repository.ts';
export * from './conversation-repository.ts';
export * from './dynamo-client.ts';
export { normalizeEmail } from './email-guard.ts';
export * from './embedded-dynamo.ts';
export * from './family-repository.ts';
export * from './feature-flag-repository.ts';
export * from './persistence-errors.ts';
export * from './repositories.ts';
export * from './seed.ts';
export * from './table-definitions.ts';
export * from './table-names.ts';
export * from './user-repository.ts';
