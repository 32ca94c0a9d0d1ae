/**
 * Zod parsing shared by the assistant, personality and sandbox handlers: a failed parse is a 400
 * `invalid_request` listing each problem by path, so clients can point at the field.
 *
 * @module
 */
import type { z } from 'zod';
import { restErrors } from '../http/rest-error.ts';

/**
 * Parses `value` or throws a 400 naming `what`.
 *
 * @example
 * ```ts
 * const input = parseInput(createSchema, body, 'The assistant');
 * ```
 */
export function parseInput<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw restErrors.badRequest(`${what} is not valid`, {
    errors: parsed.error.issues.map((issue) => ({
      path: issue.path.join('.'),
      message: issue.message,
    })),
  });
}

/**
 * A path id, or a 404 for one that cannot name a record (nothing to find, nothing revealed).
 *
 * @example
 * ```ts
 * const assistantId = pathId(params.assistantId, 'Assistant');
 * ```
 */
export function pathId(value: string | undefined, entity: string): string {
  if (value === undefined || !/^[A-Za-z0-9_.:-]{1,100}$/.test(value))
    throw restErrors.notFound(`${entity} not found`);
  return value;
}
