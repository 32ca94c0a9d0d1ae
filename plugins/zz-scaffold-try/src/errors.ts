/**
 * The `zz-scaffold-try` plugin's errors.
 *
 * Convention: the engine's error catalog is closed (its codes are a public contract that clients
 * and docs/errors.md know), so a plugin never invents a top-level code. It throws an
 * `EngineError` with the engine code that names the kind of failure (which also sets the HTTP
 * status, whether a retry may help, and the child-safe message), and puts its own stable code,
 * `CMZ_ERR_ZZ_SCAFFOLD_TRY_<WHAT>`, in `details.pluginCode` (with `details.plugin`).
 *
 * Who sees what: REST routes answer `{ code, message, details }`, so callers get the plugin
 * code; client-event acks carry only `{ ok: false, code, message, temporary }`; hook failures
 * are logged with the plugin and hook name.
 *
 * @module
 */
import { EngineError, type ErrorCode } from '@cmz/engine';

/** Every error of this plugin. Never rename or reuse a code: clients and logs rely on them. */
export const zzScaffoldTryErrors = {
  /** The deployment's options are invalid; the plugin fails to load and says why. */
  INVALID_OPTIONS: {
    code: 'CMZ_ERR_ZZ_SCAFFOLD_TRY_INVALID_OPTIONS',
    engineCode: 'CMZ_ERR_CONFIG_INVALID',
  },
  /** A client event named a conversation its socket has not joined. */
  NOT_JOINED: {
    code: 'CMZ_ERR_ZZ_SCAFFOLD_TRY_NOT_JOINED',
    engineCode: 'CMZ_ERR_SESSION_NOT_JOINED',
  },
} as const satisfies Record<
  string,
  { code: `CMZ_ERR_ZZ_SCAFFOLD_TRY_${string}`; engineCode: ErrorCode }
>;

/** The name of one of this plugin's errors. */
export type ZzScaffoldTryErrorName = keyof typeof zzScaffoldTryErrors;

/**
 * Creates one of this plugin's errors; `args` fill the engine message's `%s` placeholders.
 *
 * @example
 * ```ts
 * throw zzScaffoldTryError('NOT_JOINED');
 * ```
 */
export function zzScaffoldTryError(
  errorName: ZzScaffoldTryErrorName,
  args: readonly (string | number)[] = [],
): EngineError {
  const { code, engineCode } = zzScaffoldTryErrors[errorName];
  return new EngineError(engineCode, {
    args,
    details: { plugin: 'zz-scaffold-try', pluginCode: code },
  });
}
