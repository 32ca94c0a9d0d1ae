/**
 * The REST router: body parsing, bearer authentication, OpenAPI validation of every request and
 * response (express-openapi-validator against `openapi/openapi.yaml`), the role matrix, the
 * handlers bound by operationId, and the spec's `Error` body for every failure.
 *
 * @module
 */
import express, {
  type NextFunction,
  type Request,
  type RequestHandler,
  type Router,
} from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import type { Logger } from '@cmz/engine';
import { createAuthenticateMiddleware, principalOf } from '../auth/authenticate-request.ts';
import { authorize } from '../auth/authorize.ts';
import type { TokenService } from '../auth/token-service.ts';
import { listOperations, openApiPath } from '../spec/operation-inventory.ts';
import { createErrorHandler } from './error-handler.ts';
import type { OperationHandlers } from './operation-types.ts';
import { RestError, restErrors } from './rest-error.ts';
import { bindOperations, toExpressPath } from './route-binding.ts';

/** What the router is built from. */
export interface RestRouterOptions {
  handlers: OperationHandlers;
  tokens: TokenService;
  logger: Logger;
  /** Validate responses against the spec (a mismatch is a 500 and a log line). @default true */
  validateResponses?: boolean;
  /** Largest accepted JSON body. @default '1mb' */
  bodyLimit?: string;
  /** Runs first for every request (the analytics timing middleware). */
  measure?: RequestHandler;
  /** Sees every error before it becomes a response (analytics counts coded rejections). */
  observeError?: (error: unknown, request: Request) => void;
}

/**
 * Creates the router; mount it at `/api` on the main port and at `/` on the legacy port.
 *
 * @example
 * ```ts
 * app.use('/api', createRestRouter({ handlers, tokens, logger }));
 * ```
 */
export function createRestRouter(options: RestRouterOptions): Router {
  const router = express.Router();
  if (options.measure) router.use(options.measure);
  router.use(express.json({ limit: options.bodyLimit ?? '1mb' }));
  router.use(createAuthenticateMiddleware(options.tokens));
  const operations = listOperations();
  const implemented = operations.filter(
    (operation) => options.handlers[operation.operationId] !== undefined,
  );
  // Operations without a handler answer 501 after the role check and before body validation:
  // "not implemented" is the honest answer whatever the request looked like.
  bindPendingOperations(
    router,
    operations.filter((operation) => options.handlers[operation.operationId] === undefined),
  );
  router.use(
    OpenApiValidator.middleware({
      apiSpec: openApiPath,
      validateRequests: { allowUnknownQueryParameters: true, removeAdditional: false },
      validateResponses: options.validateResponses ?? true,
      validateSecurity: { handlers: { bearerAuth: checkAccess } },
      // The role matrix decides access; open operations (`security: []`) are checked too.
      ignoreUndocumented: false,
    }),
  );
  router.use(checkOpenOperations);
  bindOperations(router, implemented, options.handlers, (request) => principalOf(request));
  const { observeError } = options;
  if (observeError) {
    router.use((error: unknown, request: Request, _response: unknown, next: NextFunction) => {
      observeError(error, request);
      next(error);
    });
  }
  router.use(createErrorHandler(options.logger));
  return router;
}

// Runs for secured operations before request validation, so a caller without access learns
// nothing about the body the operation expects.
async function checkAccess(request: Request): Promise<boolean> {
  enforce(request);
  return true;
}

function bindPendingOperations(
  router: Router,
  pending: readonly { operationId: string; method: string; path: string }[],
): void {
  const ordered = [...pending].sort(
    (a, b) => Number(a.path.includes('{')) - Number(b.path.includes('{')),
  );
  for (const operation of ordered) {
    const method = operation.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    router[method](toExpressPath(operation.path), (request: Request) => {
      enforceOperation(operation.operationId, request);
      throw restErrors.notImplemented(operation.operationId);
    });
  }
}

function checkOpenOperations(
  request: Request,
  _response: unknown,
  next: (error?: unknown) => void,
): void {
  try {
    enforce(request);
    next();
  } catch (error) {
    next(error);
  }
}

function enforce(request: Request): void {
  const operationId = (request as Request & { openapi?: { schema?: { operationId?: string } } })
    .openapi?.schema?.operationId;
  if (operationId !== undefined) enforceOperation(operationId, request);
}

function enforceOperation(operationId: string, request: Request): void {
  const decision = authorize(operationId, principalOf(request));
  if (decision === 'unauthenticated') {
    throw new RestError(401, 'unauthorized', 'Sign in to do that', {
      engineCode: 'CMZ_ERR_AUTH_REQUIRED',
    });
  }
  if (decision === 'forbidden') {
    throw new RestError(403, 'forbidden', 'Your role may not do that', {
      engineCode: 'CMZ_ERR_AUTH_FORBIDDEN',
      operationId,
    });
  }
}
