import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { roleMatrix } from '../auth/role-matrix.ts';
import { expectedComponentSchemas, expectedOperations } from './expected-operations.ts';
import {
  listOperations,
  loadOpenApiDocument,
  openApiPath,
  part2OperationIds,
  part2Tags,
  type OpenApiDocument,
  type OpenApiOperation,
} from './operation-inventory.ts';

const require = createRequire(import.meta.url);
const document = loadOpenApiDocument();
const operations = listOperations();

function operationObject(method: string, path: string): OpenApiOperation {
  const operation = document.paths[path]?.[method.toLowerCase()];
  if (operation === undefined) throw new Error(`${method} ${path} is missing`);
  return operation as OpenApiOperation;
}

/** The response object, following a `$ref` into components.responses. */
function resolveResponse(
  response: Record<string, unknown>,
  spec: OpenApiDocument,
): Record<string, unknown> {
  const target = response.$ref;
  if (typeof target !== 'string') return response;
  const resolved = spec.components.responses?.[target.replace('#/components/responses/', '')];
  if (resolved === undefined) throw new Error(`unresolved ${target}`);
  return resolved;
}

function hasErrorBody(response: Record<string, unknown>): boolean {
  const content = resolveResponse(response, document).content as
    Record<string, { schema?: { $ref?: string } }> | undefined;
  return content?.['application/json']?.schema?.$ref === '#/components/schemas/Error';
}

describe('openapi.yaml inventory', () => {
  it('is CMZ API 1.1.0 in OpenAPI 3.0.3 with the two servers', () => {
    expect(document.openapi).toBe('3.0.3');
    expect(document.info.title).toBe('CMZ API');
    expect(document.info.version).toBe('1.1.0');
    expect(document.servers?.map((server) => server.url)).toEqual([
      'http://localhost:8080',
      'http://localhost:3000/api',
    ]);
  });

  it('has exactly 100 operations on 64 paths', () => {
    expect(operations).toHaveLength(100);
    expect(Object.keys(document.paths)).toHaveLength(64);
  });

  it('keeps every operation of the facts table with its method, path, operationId and tag', () => {
    expect(expectedOperations).toHaveLength(100);
    for (const [method, path, operationId, tag] of expectedOperations) {
      const found = operations.find((operation) => operation.operationId === operationId);
      expect(found, operationId).toBeDefined();
      expect([found?.method, found?.path, found?.tags], operationId).toEqual([method, path, [tag]]);
    }
  });

  it('has unique operationIds', () => {
    const ids = operations.map((operation) => operation.operationId);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('keeps all 74 component schemas of 1.0.2', () => {
    const names = Object.keys(document.components.schemas);
    expect(expectedComponentSchemas).toHaveLength(74);
    expect(names.length).toBeGreaterThanOrEqual(74);
    for (const name of expectedComponentSchemas) expect(names, name).toContain(name);
  });

  it('declares every tag it uses, with a description', () => {
    const declared = new Map(document.tags?.map((tag) => [tag.name, tag.description]));
    for (const operation of operations) {
      for (const tag of operation.tags) expect(declared.get(tag), tag).toBeTruthy();
    }
  });

  it('declares the six reusable error responses and the bearer scheme', () => {
    for (const name of [
      'Unauthorized',
      'Forbidden',
      'NotFound',
      'BadRequest',
      'ValidationError',
      'TooManyRequests',
    ]) {
      expect(hasErrorBody({ $ref: `#/components/responses/${name}` }), name).toBe(true);
    }
    expect(document.components.securitySchemes?.bearerAuth).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'JWT',
    });
  });
});

describe('part 1 and part 2', () => {
  it('splits the 100 operations into 56 of part 2 and 44 of part 1, by tag', () => {
    const part1 = operations.filter((operation) => !part2OperationIds.has(operation.operationId));
    expect(part2OperationIds.size).toBe(56);
    expect(part1).toHaveLength(44);
    for (const [, , operationId, tag] of expectedOperations) {
      expect(part2OperationIds.has(operationId), operationId).toBe(part2Tags.has(tag));
    }
  });

  it('puts the named part-2 domains in part 2 and the chat, animals and users in part 1', () => {
    for (const id of [
      'validateContent',
      'guardrail_create_post',
      'getUserContext',
      'privacy_export_post',
      'knowledge_article_get',
      'knowledge_upload_post',
      'uploadAnimalDocument',
      'media_get',
      'performance_metrics_get',
      'logs_get',
      'billing_get',
      'safety_metrics_get',
      'assistant_create_post',
      'personality_get',
      'sandbox_chat_post',
    ]) {
      expect(part2OperationIds.has(id), id).toBe(true);
    }
    for (const id of [
      'convo_turn_post',
      'convo_turn_stream_get',
      'animal_list_get',
      'animal_config_patch',
      'listUsers',
      'authPost',
      'system_health_get',
      'createFamily',
      'testStressBody',
    ]) {
      expect(part2OperationIds.has(id), id).toBe(false);
    }
  });
});

describe('responses and security', () => {
  it('gives every operation a default Error response and an Error body on every 4xx/5xx', () => {
    for (const { method, path, operationId } of operations) {
      const responses = operationObject(method, path).responses ?? {};
      expect(responses.default && hasErrorBody(responses.default), operationId).toBe(true);
      for (const [code, response] of Object.entries(responses)) {
        if (/^[45]/.test(code)) expect(hasErrorBody(response), `${operationId} ${code}`).toBe(true);
      }
    }
  });

  it('declares 401 and 403 on secured operations, 400 with input, 404 on item paths', () => {
    for (const operation of operations) {
      const object = operationObject(operation.method, operation.path);
      const codes = Object.keys(object.responses ?? {});
      const id = operation.operationId;
      if (operation.secured) expect(codes, id).toEqual(expect.arrayContaining(['401', '403']));
      if ((object.parameters?.length ?? 0) > 0 || object.requestBody) {
        expect(codes, id).toContain('400');
      }
      if (operation.path.includes('{')) expect(codes, id).toContain('404');
    }
  });

  it('marks each operation secured or open as the role matrix says, with its roles', () => {
    for (const operation of operations) {
      const rule = roleMatrix.find((entry) => entry.operationId === operation.operationId);
      expect(rule, operation.operationId).toBeDefined();
      const open = rule !== undefined && 'anonymous' in rule.access;
      const object = operationObject(operation.method, operation.path);
      expect(operation.secured, operation.operationId).toBe(!open);
      if (open) {
        expect(object.security, operation.operationId).toEqual([]);
      } else {
        expect(object.security, operation.operationId).toEqual([{ bearerAuth: [] }]);
        expect([...operation.roles].sort(), operation.operationId).toEqual(
          Object.keys(rule?.access ?? {}).sort(),
        );
      }
    }
  });

  it('keeps the public chat, animal and health operations open', () => {
    const open = operations.filter((operation) => !operation.secured).map((o) => o.operationId);
    expect(open).toEqual(
      expect.arrayContaining([
        'root_get',
        'authPost',
        'authResetPasswordPost',
        'animal_list_get',
        'animal_get',
        'animal_details_get',
        'system_health_get',
        'convo_turn_post',
        'convo_turn_stream_get',
      ]),
    );
  });

  it('streams GET /convo_turn/stream as text/event-stream and takes the token in the query', () => {
    const stream = operationObject('GET', '/convo_turn/stream');
    const ok = stream.responses?.['200'] as { content?: Record<string, unknown> };
    expect(Object.keys(ok.content ?? {})).toEqual(['text/event-stream']);
    expect(stream.parameters?.map((parameter) => parameter.name)).toContain('token');
  });

  it('reports request body media types', () => {
    const byId = new Map(operations.map((operation) => [operation.operationId, operation]));
    expect(byId.get('convo_turn_post')?.requestBodyContentTypes).toEqual(['application/json']);
    expect(byId.get('upload_media_post')?.requestBodyContentTypes).toEqual(['multipart/form-data']);
    expect(byId.get('animal_list_get')?.requestBodyContentTypes).toEqual([]);
  });

  it('hands out independent copies of the document', () => {
    const copy = loadOpenApiDocument();
    copy.info.version = 'changed';
    expect(loadOpenApiDocument().info.version).toBe('1.1.0');
  });
});

/** The slice of the Ajv 8 API the check below uses (ajv-draft-04 is Ajv 8 for draft-04 schemas). */
interface AjvInstance {
  addSchema(schema: object, key: string): AjvInstance;
  compile(schema: object): ((data: unknown) => boolean) & { errors?: unknown };
}
type AjvConstructor = new (options: Record<string, unknown>) => AjvInstance;

/**
 * A validator for the POST /convo_turn body, built the way express-openapi-validator builds its
 * own for an OpenAPI 3.0 document: the ajv-draft-04 and ajv-formats it depends on, non-strict.
 */
function convoTurnBodyValidator(): (data: unknown) => boolean {
  const validatorRequire = createRequire(require.resolve('express-openapi-validator'));
  const draft04 = validatorRequire('ajv-draft-04') as { default: AjvConstructor };
  const formats = validatorRequire('ajv-formats') as { default: (ajv: AjvInstance) => void };
  const ajv = new draft04.default({ strict: false, allErrors: true });
  formats.default(ajv);
  ajv.addSchema(loadOpenApiDocument(), 'cmz-openapi');
  return ajv.compile({
    $ref: 'cmz-openapi#/paths/~1convo_turn/post/requestBody/content/application~1json/schema',
  });
}

describe('Unicode text', () => {
  const validBody = convoTurnBodyValidator();

  it('accepts Spanish, Chinese and emoji in the message of POST /convo_turn', () => {
    expect(validBody({ animalId: 'bella_002', message: '¿Qué comes? 你吃什么？ 🐻' })).toBe(true);
  });

  it('still accepts what 1.0.2 accepted, extra old-frontend fields included', () => {
    expect(
      validBody({
        animalId: 'charlie_003',
        message: 'What do you eat?\nTell me more!',
        sessionId: 'conv_1717000000',
        userId: 'frontend_user',
      }),
    ).toBe(true);
  });

  it('refuses control characters, an empty message and a missing animal', () => {
    expect(validBody({ animalId: 'bella_002', message: 'hi\u0007there' })).toBe(false);
    expect(validBody({ animalId: 'bella_002', message: '' })).toBe(false);
    expect(validBody({ message: 'hola' })).toBe(false);
  });
});

describe('redocly lint', () => {
  it('passes with the project configuration', () => {
    const cliPackage = require.resolve('@redocly/cli/package.json');
    const cliEntry = join(dirname(cliPackage), 'bin', 'cli.js');
    const openapiFolder = dirname(openApiPath);
    const result = spawnSync(
      process.execPath,
      [cliEntry, 'lint', openApiPath, '--config', join(openapiFolder, 'redocly.yaml')],
      {
        cwd: fileURLToPath(new URL('../../..', import.meta.url)),
        encoding: 'utf8',
        env: {
          ...process.env,
          REDOCLY_TELEMETRY: 'off',
          REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
          NO_COLOR: '1',
        },
        timeout: 60_000,
      },
    );
    const output = `${result.stdout}${result.stderr}`;
    expect(result.status, output).toBe(0);
    expect(output).toContain('Your API description is valid');
    expect(output).not.toMatch(/\d+ warnings?\b/);
  });
});
