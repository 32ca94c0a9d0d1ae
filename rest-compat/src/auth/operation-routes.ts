/**
 * The 100 operations of the CMZ REST API (API facts §1.3), in the table's order, with the
 * operationId of the source spec where it has one and Connexion's generated one otherwise.
 *
 * @module
 */
import { expectedOperations } from '../spec/expected-operations.ts';

/** One operation: its id, HTTP method, OpenAPI path and spec tag. */
export interface OperationRoute {
  operationId: string;
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  tag: string;
}

/**
 * Every operation, derived from the transcription of the facts table in
 * `spec/expected-operations.ts` (one source for the 100 operations).
 *
 * @example
 * ```ts
 * operationRoutes.find((route) => route.operationId === 'getUser')?.path; // '/user/{userId}'
 * ```
 */
export const operationRoutes: readonly OperationRoute[] = expectedOperations.map(
  ([method, path, operationId, tag]) => ({ operationId, method, path, tag }),
);
