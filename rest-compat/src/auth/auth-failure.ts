/**
 * Failures of sign-in and password flows that the engine's error catalog has no code for yet,
 * answered with the spec's `Error {code, message, details}` and the old API's snake_case codes.
 *
 * @module
 */
import { RestError } from '../http/rest-error.ts';

/** Each failure kind with its snake_case REST code, status, message and proposed engine code. */
export const authFailureKinds = {
  invalid_credentials: {
    status: 401,
    // The old API's exact message, which existing clients may display.
    message: 'Invalid email or password',
    engineCode: 'CMZ_ERR_AUTH_INVALID_CREDENTIALS',
  },
  too_many_requests: {
    status: 429,
    message: 'Too many sign-in attempts: wait a moment and try again',
    engineCode: 'CMZ_ERR_AUTH_RATE_LIMITED',
  },
  validation_error: {
    status: 400,
    message: 'The new password does not meet the password policy',
    engineCode: 'CMZ_ERR_AUTH_PASSWORD_POLICY',
  },
  invalid_reset_token: {
    status: 400,
    message: 'This password reset link is invalid or has expired',
    engineCode: 'CMZ_ERR_AUTH_RESET_TOKEN_INVALID',
  },
} as const;

/** A failure kind, which is also its REST `code`. */
export type AuthFailureCode = keyof typeof authFailureKinds;

/**
 * A sign-in or password failure. It is a `RestError`, so the REST error handler answers it as
 * `{ code, message, details }` with its status and no extra mapping; `details.engineCode` names
 * the catalog code proposed for it, and `details.retryAfterMs` feeds the `Retry-After` header.
 *
 * @example
 * ```ts
 * throw new AuthFailure('too_many_requests', { retryAfterMs: 30_000 });
 * ```
 */
export class AuthFailure extends RestError {
  declare readonly code: AuthFailureCode;
  /** The catalog code proposed for this failure. */
  readonly engineCode: string;
  readonly retryAfterMs: number | undefined;
  /** Broken password rules, for `validation_error`. */
  readonly violations: readonly string[] | undefined;

  constructor(
    code: AuthFailureCode,
    options: { retryAfterMs?: number; violations?: readonly string[] } = {},
  ) {
    const kind = authFailureKinds[code];
    const details: Record<string, unknown> = { engineCode: kind.engineCode };
    if (options.retryAfterMs !== undefined) details['retryAfterMs'] = options.retryAfterMs;
    if (options.violations !== undefined) details['violations'] = [...options.violations];
    super(kind.status, code, kind.message, details);
    this.name = 'AuthFailure';
    this.engineCode = kind.engineCode;
    this.retryAfterMs = options.retryAfterMs;
    this.violations = options.violations;
  }
}
