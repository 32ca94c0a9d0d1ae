import { errorCatalog, type ErrorCode } from './error-catalog.ts';

// A registry-wide symbol, so an error thrown by a plugin that bundled another copy of the engine
// still matches `EngineError.isInstance` (instanceof would not).
const engineErrorMarker = Symbol.for('cmz.engine.error');

/** Options for {@link EngineError}. */
export interface EngineErrorOptions {
  /** Values for the `%s` placeholders of the catalog message, in order. */
  args?: readonly (string | number)[];
  /** Extra structured facts (never PII); sent to REST clients as `details`. */
  details?: Record<string, unknown>;
  /** The underlying error, kept for logs only. */
  cause?: unknown;
  /** Milliseconds after which a retry may succeed (rate limits). */
  retryAfterMs?: number;
}

/**
 * The one error base of the engine. Every failure that reaches a client carries a stable
 * `code` from the catalog, a `temporary` flag that drives retry UI, and an HTTP `status`.
 *
 * @example
 * ```ts
 * throw new EngineError('CMZ_ERR_MESSAGE_TOO_LONG', { args: [500] });
 * ```
 */
export class EngineError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly temporary: boolean;
  readonly details: Record<string, unknown> | undefined;
  readonly retryAfterMs: number | undefined;
  readonly [engineErrorMarker] = true;

  constructor(code: ErrorCode, options: EngineErrorOptions = {}) {
    const definition = errorCatalog[code];
    super(formatMessage(definition.message, options.args ?? []), { cause: options.cause });
    this.name = 'EngineError';
    this.code = code;
    this.status = definition.status;
    this.temporary = definition.temporary;
    this.details = options.details;
    this.retryAfterMs = options.retryAfterMs;
  }

  /**
   * True for any engine error, even one created by another copy of this module.
   *
   * @example
   * ```ts
   * if (EngineError.isInstance(error)) console.log(error.code);
   * ```
   */
  static isInstance(value: unknown): value is EngineError {
    return typeof value === 'object' && value !== null && engineErrorMarker in value;
  }

  /**
   * Returns `value` when it is an engine error, otherwise wraps it as `CMZ_ERR_INTERNAL`.
   *
   * @example
   * ```ts
   * const error = EngineError.from(new TypeError('boom')); // error.code === 'CMZ_ERR_INTERNAL'
   * ```
   */
  static from(value: unknown): EngineError {
    if (EngineError.isInstance(value)) return value;
    return new EngineError('CMZ_ERR_INTERNAL', { cause: value });
  }
}

function formatMessage(template: string, args: readonly (string | number)[]): string {
  let index = 0;
  return template.replace(/%s/g, () => String(args[index++] ?? ''));
}

/** The shape a client sees for an error: the message is safe to show, details stay server-side. */
export interface PublicError {
  code: ErrorCode;
  message: string;
  temporary: boolean;
  retryAfterMs?: number;
}

/**
 * Masks an error for the wire: catalog errors keep their message (written for users);
 * anything else becomes the generic internal message, so no stack or upstream text leaks.
 *
 * @example
 * ```ts
 * toPublicError(new Error('db password wrong')); // { code: 'CMZ_ERR_INTERNAL', message: 'Something went wrong', ... }
 * ```
 */
export function toPublicError(value: unknown): PublicError {
  const error = EngineError.from(value);
  const publicError: PublicError = {
    code: error.code,
    message: error.message,
    temporary: error.temporary,
  };
  if (error.retryAfterMs !== undefined) publicError.retryAfterMs = error.retryAfterMs;
  return publicError;
}
