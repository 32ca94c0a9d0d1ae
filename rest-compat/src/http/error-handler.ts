/**
 * Turns every failure into the spec's `Error {code, message, details}` body with the right status:
 * our own `RestError`s, engine errors (by their catalog status), request validation failures from
 * the OpenAPI validator, and anything unexpected (masked, logged).
 *
 * @module
 */
import type { NextFunction, Request, Response } from 'express';
import { EngineError, type Logger } from '@cmz/engine';
import { RestError } from './rest-error.ts';

const codeByStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  405: 'method_not_allowed',
  409: 'conflict',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  422: 'validation_error',
  429: 'too_many_requests',
  501: 'not_implemented',
  503: 'service_unavailable',
  504: 'gateway_timeout',
};

/** The status and spec `Error` body for any thrown value. */
export function toErrorResponse(error: unknown): {
  status: number;
  body: { code: string; message: string; details: Record<string, unknown> };
} {
  if (error instanceof RestError) {
    return {
      status: error.status,
      body: { code: error.code, message: error.message, details: error.details },
    };
  }
  if (EngineError.isInstance(error)) {
    const details: Record<string, unknown> = { engineCode: error.code, ...(error.details ?? {}) };
    if (error.retryAfterMs !== undefined) details.retryAfterMs = error.retryAfterMs;
    return {
      status: error.status,
      body: {
        code: codeByStatus[error.status] ?? 'internal_error',
        message: error.message,
        details,
      },
    };
  }
  const status = validatorStatus(error);
  if (status !== undefined && status < 500) {
    const errors = (error as { errors?: { path?: string; message?: string }[] }).errors ?? [];
    return {
      status,
      body: {
        code: status === 400 ? 'validation_error' : (codeByStatus[status] ?? 'invalid_request'),
        message: (error as Error).message.split('\n')[0] ?? 'Invalid request',
        details: { errors: errors.map((entry) => ({ path: entry.path, message: entry.message })) },
      },
    };
  }
  return {
    status: 500,
    body: { code: 'internal_error', message: 'Something went wrong', details: {} },
  };
}

/**
 * Express error middleware answering with `toErrorResponse`.
 *
 * @example
 * ```ts
 * router.use(createErrorHandler(logger));
 * ```
 */
export function createErrorHandler(logger: Logger) {
  return (error: unknown, request: Request, response: Response, next: NextFunction): void => {
    if (response.headersSent) return next(error);
    const { status, body } = toErrorResponse(error);
    if (status >= 500) {
      logger.error(
        {
          operation: 'rest',
          path: request.route?.path ?? request.path,
          status,
          code: body.code,
          reason: String(error).slice(0, 300),
        },
        'rest request failed',
      );
    }
    if (status === 429 && typeof body.details.retryAfterMs === 'number') {
      response.setHeader('Retry-After', String(Math.ceil(body.details.retryAfterMs / 1000)));
    }
    response.status(status).json(body);
  };
}

function validatorStatus(error: unknown): number | undefined {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' && status >= 400 && status < 600 ? status : undefined;
}
