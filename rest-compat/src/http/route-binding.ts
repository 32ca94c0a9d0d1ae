/**
 * Binds operation handlers to Express routes by operationId, straight from openapi.yaml: every
 * operation in the spec gets a route; one without a handler answers 501 with the spec's Error.
 *
 * @module
 */
import type { Request, Response, Router } from 'express';
import type {
  OperationHandler,
  OperationHandlers,
  OperationResult,
  RestPrincipal,
} from './operation-types.ts';
import { restErrors } from './rest-error.ts';

/** One operation of the spec. */
export interface RouteOperation {
  operationId: string;
  method: string;
  path: string;
}

/**
 * Converts an OpenAPI path (`/animal/{animalId}`) to an Express path (`/animal/:animalId`).
 *
 * @example
 * ```ts
 * toExpressPath('/user/{userId}'); // '/user/:userId'
 * ```
 */
export function toExpressPath(path: string): string {
  return path.replace(/\{([^}]+)\}/g, ':$1');
}

/**
 * Registers every operation on `router`. Literal paths are registered before parameterised ones
 * (`/guardrails/templates` before `/guardrails/{guardrailId}`), so the literal route wins.
 *
 * @example
 * ```ts
 * bindOperations(router, listOperations(), handlers, (request) => principalOf(request));
 * ```
 */
export function bindOperations(
  router: Router,
  operations: readonly RouteOperation[],
  handlers: OperationHandlers,
  principalOf: (request: Request) => RestPrincipal | null,
): void {
  const ordered = [...operations].sort(
    (a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')),
  );
  for (const operation of ordered) {
    const handler = handlers[operation.operationId] ?? notImplemented(operation.operationId);
    const method = operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](toExpressPath(operation.path), async (request: Request, response: Response) => {
      const result = await handler({
        operationId: operation.operationId,
        params: request.params as Record<string, string>,
        query: request.query as Record<string, unknown>,
        body: request.body,
        principal: principalOf(request),
        request,
      });
      await send(response, result);
    });
  }
}

function notImplemented(operationId: string): OperationHandler {
  return async () => {
    throw restErrors.notImplemented(operationId);
  };
}

async function send(response: Response, result: OperationResult): Promise<void> {
  if ('stream' in result) {
    await result.stream(response);
    return;
  }
  for (const [name, value] of Object.entries(result.headers ?? {})) response.setHeader(name, value);
  if (result.body === undefined) response.status(result.status).end();
  else response.status(result.status).json(result.body);
}
