/**
 * The CMZ API description (`openapi/openapi.yaml`) as data: the parsed document, one entry per
 * operation, and which operations belong to part 2 (answered with 501 until implemented).
 *
 * The file is read and parsed once, on first use.
 *
 * @module
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** The HTTP methods an OpenAPI path item can hold, in the case Express and the facts use. */
export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/** A security requirement: scheme name → scopes. */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

/** The parts of an OpenAPI operation object this module reads; the rest is kept as is. */
export interface OpenApiOperation {
  operationId?: string;
  tags?: string[];
  summary?: string;
  description?: string;
  security?: SecurityRequirement[];
  parameters?: Record<string, unknown>[];
  requestBody?: { $ref?: string; required?: boolean; content?: Record<string, unknown> };
  responses?: Record<string, Record<string, unknown>>;
  /** The roles that may call a secured operation (empty or absent when it is open). */
  'x-cmz-roles'?: string[];
  [key: string]: unknown;
}

/** The parsed OpenAPI 3.0 document. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string; description?: string }[];
  tags?: { name: string; description?: string }[];
  security?: SecurityRequirement[];
  paths: Record<string, Record<string, unknown>>;
  components: {
    schemas: Record<string, Record<string, unknown>>;
    responses?: Record<string, Record<string, unknown>>;
    requestBodies?: Record<string, { content?: Record<string, unknown> }>;
    securitySchemes?: Record<string, Record<string, unknown>>;
    [key: string]: unknown;
  };
  [key: string]: unknown;
}

/** One operation of the API, as the route layer and the tests need it. */
export interface OperationInfo {
  operationId: string;
  method: HttpMethod;
  /** The OpenAPI path, e.g. `/animal/{animalId}` (no server prefix). */
  path: string;
  tags: string[];
  /** True when the operation requires a bearer token (a non-empty security requirement). */
  secured: boolean;
  /** The roles allowed on a secured operation (`x-cmz-roles`); empty for open ones. */
  roles: string[];
  /** The media types of the request body, e.g. `['application/json']`; empty without a body. */
  requestBodyContentTypes: string[];
}

/** Absolute path of `openapi/openapi.yaml`, resolved from this module's own location. */
export const openApiPath: string = fileURLToPath(
  new URL('../../../openapi/openapi.yaml', import.meta.url),
);

/**
 * The tags whose operations form part 2 of the REST work. The rule API's `Guardrails` tag includes
 * content validation and the effective-guardrail views; `Animal` is the animal documents tag (not
 * `Animals`); `Analytics` covers performance metrics, logs, billing and safety metrics.
 */
export const part2Tags: ReadonlySet<string> = new Set([
  'Guardrails',
  'Guardrail Management',
  'Context',
  'Privacy',
  'Knowledge',
  'Knowledge Base',
  'Animal',
  'Media',
  'Analytics',
  'Assistant Management',
  'Personality Management',
  'Sandbox Testing',
]);

const httpMethods: readonly HttpMethod[] = [
  'GET',
  'PUT',
  'POST',
  'DELETE',
  'OPTIONS',
  'HEAD',
  'PATCH',
  'TRACE',
];

let cachedDocument: OpenApiDocument | undefined;

function parsedDocument(): OpenApiDocument {
  if (cachedDocument === undefined) {
    const parsed: unknown = parse(readFileSync(openApiPath, 'utf8'));
    if (typeof parsed !== 'object' || parsed === null || !('paths' in parsed)) {
      throw new Error(`${openApiPath} is not an OpenAPI document`);
    }
    cachedDocument = parsed as OpenApiDocument;
  }
  return cachedDocument;
}

/**
 * Returns the parsed `openapi/openapi.yaml`. The file is parsed once; each call returns a fresh
 * deep copy, so a caller (the request validator, for one) may change it freely.
 *
 * @example
 * ```ts
 * const document = loadOpenApiDocument();
 * document.info.version; // '1.1.0'
 * Object.keys(document.paths).length; // 64
 * ```
 */
export function loadOpenApiDocument(): OpenApiDocument {
  return structuredClone(parsedDocument());
}

function isSecured(operation: OpenApiOperation, document: OpenApiDocument): boolean {
  const requirements = operation.security ?? document.security ?? [];
  return requirements.some((requirement) => Object.keys(requirement).length > 0);
}

function requestBodyContentTypes(operation: OpenApiOperation, document: OpenApiDocument): string[] {
  const body = operation.requestBody;
  if (body === undefined) return [];
  const prefix = '#/components/requestBodies/';
  const resolved = body.$ref?.startsWith(prefix)
    ? document.components.requestBodies?.[body.$ref.slice(prefix.length)]
    : body;
  return Object.keys(resolved?.content ?? {});
}

/**
 * Lists every operation of the API, in the document's path order.
 *
 * @example
 * ```ts
 * const login = listOperations().find((operation) => operation.operationId === 'authPost');
 * // { operationId: 'authPost', method: 'POST', path: '/auth', tags: ['Auth'], secured: false,
 * //   roles: [], requestBodyContentTypes: ['application/json'] }
 * ```
 */
export function listOperations(): OperationInfo[] {
  const document = parsedDocument();
  const operations: OperationInfo[] = [];
  for (const [path, pathItem] of Object.entries(document.paths)) {
    for (const method of httpMethods) {
      const operation = pathItem[method.toLowerCase()] as OpenApiOperation | undefined;
      if (operation === undefined) continue;
      if (operation.operationId === undefined) {
        throw new Error(`${method} ${path} has no operationId`);
      }
      const secured = isSecured(operation, document);
      operations.push({
        operationId: operation.operationId,
        method,
        path,
        tags: [...(operation.tags ?? [])],
        secured,
        roles: secured ? [...(operation['x-cmz-roles'] ?? [])] : [],
        requestBodyContentTypes: requestBodyContentTypes(operation, document),
      });
    }
  }
  return operations;
}

/**
 * The operationIds of part 2: every operation tagged with one of {@link part2Tags}. The server
 * answers them 501 `not_implemented` until a later issue implements them; the rest is part 1.
 *
 * @example
 * ```ts
 * part2OperationIds.has('validateContent'); // true
 * part2OperationIds.has('convo_turn_post'); // false
 * ```
 */
export const part2OperationIds: ReadonlySet<string> = new Set(
  listOperations()
    .filter((operation) => operation.tags.some((tag) => part2Tags.has(tag)))
    .map((operation) => operation.operationId),
);
