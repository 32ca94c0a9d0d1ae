/**
 * System operations: `/system_health` (real checks of the conversation store, DynamoDB and the
 * model), `/chatgpt/health`, and the UI shells `/`, `/admin`, `/member`.
 *
 * @module
 */
import type { LlmModel } from '@cmz/engine';
import type { OperationHandlers } from '../http/operation-types.ts';

/** A named dependency check for `/system_health`. */
export interface HealthCheck {
  name: string;
  /** Resolves when healthy; `optional` failures degrade instead of bringing the system down. */
  check: () => Promise<void>;
  optional?: boolean;
}

/** What the system operations need. */
export interface SystemOperationOptions {
  checks: HealthCheck[];
  model: LlmModel;
  modelConfigured: boolean;
  version: string;
  now?: () => Date;
}

/**
 * Creates the system handlers.
 *
 * @example
 * ```ts
 * const handlers = createSystemOperations({ checks, model, modelConfigured: false, version: '1.1.0' });
 * ```
 */
export function createSystemOperations(options: SystemOperationOptions): OperationHandlers {
  const now = options.now ?? (() => new Date());
  return {
    root_get: async () => ({
      status: 200,
      body: { message: 'Welcome to the Cougar Mountain Zoo digital ambassadors', status: 'ok' },
    }),
    admin_get: async () => ({
      status: 200,
      body: { widgets: ['animals', 'users', 'families', 'system-health', 'plugins'] },
    }),
    member_get: async () => ({ status: 200, body: { preferences: {}, alerts: [] } }),
    system_health_get: async () => {
      const results = await Promise.all(options.checks.map((entry) => runCheck(entry)));
      const failedRequired = results.some(
        (result, index) => result.status === 'fail' && !options.checks[index]?.optional,
      );
      const degraded = results.some((result) => result.status !== 'ok');
      return {
        status: 200,
        body: {
          status: failedRequired ? 'down' : degraded ? 'degraded' : 'ok',
          checks: results,
          timestamp: now().toISOString(),
          frontendCompatibility: {
            version: options.version,
            minVersion: '1.0.0',
            maxVersion: options.version,
          },
        },
      };
    },
    chatgptHealthGet: async () => {
      if (!options.modelConfigured) {
        return {
          status: 200,
          body: {
            status: 'no_api_key',
            api_key_configured: false,
            model: options.model.modelId,
            timestamp: now().toISOString(),
          },
        };
      }
      const result = await runCheck({
        name: 'model',
        check: () => options.model.checkHealth?.() ?? Promise.resolve(),
      });
      return {
        status: 200,
        body: {
          status: result.status === 'ok' ? 'healthy' : 'error',
          api_key_configured: true,
          model: options.model.modelId,
          timestamp: now().toISOString(),
        },
      };
    },
  };
}

async function runCheck(
  entry: HealthCheck,
): Promise<{ name: string; status: 'ok' | 'warn' | 'fail'; detail: string }> {
  const started = performance.now();
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      entry.check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error('timed out after 2000 ms')), 2_000);
      }),
    ]);
    return {
      name: entry.name,
      status: 'ok',
      detail: `answered in ${Math.round(performance.now() - started)} ms`,
    };
  } catch (error) {
    // The detail names the failure class only: health output is public, stack traces are not.
    const reason = error instanceof Error ? error.message.split('\n')[0]?.slice(0, 120) : 'failed';
    return {
      name: entry.name,
      status: entry.optional ? 'warn' : 'fail',
      detail: reason ?? 'failed',
    };
  } finally {
    clearTimeout(timer);
  }
}
