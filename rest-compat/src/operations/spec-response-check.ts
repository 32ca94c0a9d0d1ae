/**
 * Validates a handler's `{operationId, status, body}` against the response schema openapi.yaml
 * declares for it, with the same Ajv flavour express-openapi-validator uses at run time (draft-04
 * with formats, non-strict). Tests use it to catch shape drift before a request ever runs.
 *
 * @module
 */
import { createRequire } from 'node:module';
import { loadOpenApiDocument, type OpenApiDocument } from '../spec/operation-inventory.ts';

/** The slice of the Ajv 8 API used here. */
interface AjvInstance {
  addSchema(schema: object, key: string): AjvInstance;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

/** The outcome of one check; `errors` are Ajv's, or a sentence when no schema applies. */
export interface SpecResponseCheckResult {
  valid: boolean;
  errors: unknown;
}

/** What the check needs of a handler result. */
export interface SpecResponseSample {
  operationId: string;
  status: number;
  body?: unknown;
}

const documentKey = 'cmz-openapi';

/**
 * Creates the checker (compiling lazily, once per operation and status).
 *
 * @example
 * ```ts
 * const check = createSpecResponseCheck();
 * expect(check({ operationId: 'me_get', status: 200, body }).errors).toBeNull();
 * ```
 */
export function createSpecResponseCheck(): (sample: SpecResponseSample) => SpecResponseCheckResult {
  const document = loadOpenApiDocument();
  const ajv = createAjv(document);
  const compiled = new Map<string, ReturnType<AjvInstance['compile']>>();
  return ({ operationId, status, body }) => {
    const pointer = responseSchemaPointer(document, operationId, status);
    if (pointer === undefined) {
      return body === undefined
        ? { valid: true, errors: null }
        : { valid: false, errors: `${operationId} ${status} declares no JSON body` };
    }
    let validate = compiled.get(pointer);
    if (validate === undefined) {
      validate = ajv.compile({ $ref: `${documentKey}#${pointer}` });
      compiled.set(pointer, validate);
    }
    const valid = validate(body);
    return { valid, errors: valid ? null : validate.errors };
  };
}

function createAjv(document: OpenApiDocument): AjvInstance {
  const require = createRequire(import.meta.url);
  const validatorRequire = createRequire(require.resolve('express-openapi-validator'));
  const draft04 = validatorRequire('ajv-draft-04') as { default: AjvConstructor };
  const formats = validatorRequire('ajv-formats') as { default: (ajv: AjvInstance) => void };
  const ajv = new draft04.default({ strict: false, allErrors: true });
  formats.default(ajv);
  ajv.addSchema(document, documentKey);
  return ajv;
}

/** The JSON pointer of the response schema, following a `$ref` into components.responses. */
function responseSchemaPointer(
  document: OpenApiDocument,
  operationId: string,
  status: number,
): string | undefined {
  for (const [path, item] of Object.entries(document.paths)) {
    for (const [method, operation] of Object.entries(item)) {
      if ((operation as { operationId?: string }).operationId !== operationId) continue;
      const responses = (operation as { responses: Record<string, Record<string, unknown>> })
        .responses;
      const key = String(status) in responses ? String(status) : 'default';
      const response = responses[key];
      if (response === undefined) return undefined;
      const ref = response.$ref;
      const base =
        typeof ref === 'string'
          ? ref.slice(1)
          : `/paths/${escape(path)}/${method}/responses/${key}`;
      const target =
        typeof ref === 'string'
          ? document.components.responses?.[ref.split('/').at(-1) ?? '']
          : response;
      const content = target?.content as Record<string, unknown> | undefined;
      return content?.['application/json'] === undefined
        ? undefined
        : `${base}/content/application~1json/schema`;
    }
  }
  throw new Error(`unknown operationId ${operationId}`);
}

function escape(segment: string): string {
  return segment.replaceAll('~', '~0').replaceAll('/', '~1');
}
