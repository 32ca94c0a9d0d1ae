/**
 * `POST /test/stress/body`: a probe of request-body handling (size limits, validation). It
 * answers 201 with what it received in numbers only, never the content, so large or odd test
 * payloads do not come back over the wire.
 *
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { OperationHandlers } from '../http/operation-types.ts';
import { bodyObject } from './operation-support.ts';

/**
 * Creates the test handler.
 *
 * @example
 * ```ts
 * const handlers = createTestOperations();
 * ```
 */
export function createTestOperations(): OperationHandlers {
  return {
    testStressBody: async ({ body }) => {
      const data = String(bodyObject(body).data ?? '');
      const characters = [...data].length;
      const bytes = Buffer.byteLength(data, 'utf8');
      return {
        status: 201,
        body: {
          id: randomUUID(),
          data: `received ${characters} characters (${bytes} bytes)`,
          characters,
          bytes,
        },
      };
    },
  };
}
