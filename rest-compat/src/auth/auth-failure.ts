/**
 * Failures of sign-in and password flows that the engine's error catalog has no code for yet.
 * The REST layer turns them into the spec's `Error {code, message, details}` with `toRestError`.
 *
 * @module
 */

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
 * A sign-in or password failure. `code` is the REST code the old API used.
 *
 * @example
 * ```ts
 * throw new AuthFailure('too_many_requests', { retryAfterMs: 30_000 });
 * ```
 */
export class AuthFailure extends Error {
  readonly code: AuthFailureCode;
  readonly status: number;
  /** The catalog code proposed for this failure; sent as `details.engineCode`. */
  readonly engineCode: string;
  readonly retryAfterMs: number | undefined;
  /** Broken password rules, for `validation_error`. */
  readonly violations: readonly string[] | undefined;

  constructor(
    code: AuthFailureCode,
    options: { retryAfterMs?: number; violations?: readonly string[] } = {},
  ) {
    const kind = authFailureKinds[code];
    super(kind.message);
    this.name = 'AuthFailure';
    this.code = code;
    this.status = kind.status;
    this.engineCode = kind.engineCode;
    this.retryAfterMs = options.retryAfterMs;
    this.violations = options.violations;
  }
}
