/**
 * Errors the REST layer answers with the spec's `Error {code, message, details}` body. Codes are
 * the snake_case vocabulary old CMZ clients already know (`not_found`, `validation_error`...).
 *
 * @module
 */

/**
 * An error with an HTTP status and a spec `Error` body.
 *
 * @example
 * ```ts
 * throw new RestError(404, 'not_found', 'Animal not found', { animalId });
 * ```
 */
export class RestError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: Record<string, unknown>;

  constructor(
    status: number,
    code: string,
    message: string,
    details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'RestError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/**
 * Shorthands for the common errors.
 *
 * @example
 * ```ts
 * throw restErrors.notFound('Family not found');
 * ```
 */
export const restErrors = {
  badRequest: (message: string, details?: Record<string, unknown>) =>
    new RestError(400, 'invalid_request', message, details),
  unauthorized: (message = 'Sign in to do that') => new RestError(401, 'unauthorized', message),
  forbidden: (message = 'Your role may not do that') => new RestError(403, 'forbidden', message),
  notFound: (message = 'Not found', details?: Record<string, unknown>) =>
    new RestError(404, 'not_found', message, details),
  conflict: (message: string, details?: Record<string, unknown>) =>
    new RestError(409, 'conflict', message, details),
  unprocessable: (message: string, details?: Record<string, unknown>) =>
    new RestError(422, 'validation_error', message, details),
  notImplemented: (operationId: string) =>
    new RestError(501, 'not_implemented', `${operationId} is not implemented yet`, { operationId }),
};
