/**
 * Per-plugin counters (calls, errors, time) kept by the hook runner, exposed for `/readyz`-style
 * diagnostics and the plugin admin API.
 *
 * @module
 */

/** Counters of one plugin hook. */
export interface HookMetrics {
  calls: number;
  errors: number;
  timeouts: number;
  totalMs: number;
}

/**
 * Collects hook metrics keyed by plugin and hook.
 *
 * @example
 * ```ts
 * const metrics = new PluginMetrics();
 * metrics.record('quiz', 'resolveIntent', 1.2, 'ok');
 * metrics.snapshot().quiz?.resolveIntent?.calls; // 1
 * ```
 */
export class PluginMetrics {
  readonly #byPlugin = new Map<string, Map<string, HookMetrics>>();

  /** Records one hook call. */
  record(
    pluginName: string,
    hookName: string,
    durationMs: number,
    outcome: 'ok' | 'error' | 'timeout',
  ): void {
    let hooks = this.#byPlugin.get(pluginName);
    if (hooks === undefined) {
      hooks = new Map();
      this.#byPlugin.set(pluginName, hooks);
    }
    let metrics = hooks.get(hookName);
    if (metrics === undefined) {
      metrics = { calls: 0, errors: 0, timeouts: 0, totalMs: 0 };
      hooks.set(hookName, metrics);
    }
    metrics.calls += 1;
    metrics.totalMs += durationMs;
    if (outcome === 'error') metrics.errors += 1;
    if (outcome === 'timeout') metrics.timeouts += 1;
  }

  /** A plain-object copy of every counter. */
  snapshot(): Record<string, Record<string, HookMetrics>> {
    const result: Record<string, Record<string, HookMetrics>> = {};
    for (const [pluginName, hooks] of this.#byPlugin) {
      result[pluginName] = Object.fromEntries(
        [...hooks].map(([hook, metrics]) => [hook, { ...metrics }]),
      );
    }
    return result;
  }
}
