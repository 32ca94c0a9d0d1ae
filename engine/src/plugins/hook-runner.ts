/**
 * Runs the hooks of a captured table, one function per hook kind (sequential, first, reduce,
 * sync reduce, parallel), with time budgets and isolation: a failing hook is reported with its
 * plugin and hook name and the message carries on without that plugin's contribution.
 * `inspectMessage` is the exception: any failure there rejects the message, because it is where
 * moderation lives and a children's product fails closed.
 *
 * @module
 */
import { performance } from 'node:perf_hooks';
import { EngineError } from '../errors/engine-error.ts';
import type { HookEntry, HookTable, PluginScope } from './hook-table.ts';
import type { PluginMetrics } from './plugin-metrics.ts';
import type { HookFunctions, HookName, RoomType } from './plugin-types.ts';

/** Receives every hook failure (already wrapped as `CMZ_ERR_PLUGIN_HOOK_*`). */
export type HookErrorReporter = (error: EngineError) => void;

/** The conversation a runner serves: plugins scoped elsewhere are skipped. */
export interface HookTarget {
  animalId: string;
  roomType: RoomType;
}

/** What the runner needs besides the table. */
export interface HookRunnerOptions {
  metrics: PluginMetrics;
  reportError: HookErrorReporter;
  /** Without a target every hook runs (scopes are ignored). */
  target?: HookTarget;
}

type Arguments<N extends HookName> = Parameters<HookFunctions[N]>;
type Result<N extends HookName> = Awaited<ReturnType<HookFunctions[N]>>;

/**
 * Calls hooks of one captured table.
 *
 * @example
 * ```ts
 * const runner = new HookRunner(table, { metrics, reportError: (error) => logger.warn(error.details) });
 * const prompt = await runner.reduce('transformPrompt', initialPrompt, (entry) => contextFor(entry.pluginName));
 * ```
 */
export class HookRunner {
  readonly #table: HookTable;
  readonly #options: HookRunnerOptions;
  readonly #inScope = new Map<HookName, readonly HookEntry<HookName>[]>();

  constructor(table: HookTable, options: HookRunnerOptions) {
    this.#table = table;
    this.#options = options;
  }

  /** The table this runner was built on. */
  get table(): HookTable {
    return this.#table;
  }

  /** The hook's entries that apply to this runner's target, computed once per runner. */
  #entries<N extends HookName>(hookName: N): readonly HookEntry<N>[] {
    let entries = this.#inScope.get(hookName);
    if (entries === undefined) {
      const target = this.#options.target;
      const all = this.#table.hooks[hookName] as readonly HookEntry<HookName>[];
      entries = target === undefined ? all : all.filter((entry) => appliesTo(entry.scope, target));
      this.#inScope.set(hookName, entries);
    }
    return entries as readonly HookEntry<N>[];
  }

  /** `inspectMessage`: each in order; the first failure rejects (rethrown as a coded error). */
  async sequentialRejecting<N extends 'inspectMessage'>(
    hookName: N,
    argumentsFor: (entry: HookEntry<N>) => Arguments<N>,
  ): Promise<void> {
    for (const entry of this.#entries(hookName)) {
      const outcome = await this.#call(hookName, entry, argumentsFor(entry));
      if (!outcome.ok) {
        throw EngineError.isInstance(outcome.cause) && !outcome.wrapped
          ? outcome.cause
          : outcome.error;
      }
    }
  }

  /** `resolveIntent`: in order until one returns a non-null value; failures are skipped. */
  async first<N extends 'resolveIntent'>(
    hookName: N,
    argumentsFor: (entry: HookEntry<N>) => Arguments<N>,
  ): Promise<NonNullable<Result<N>> | null> {
    for (const entry of this.#entries(hookName)) {
      const outcome = await this.#call(hookName, entry, argumentsFor(entry));
      if (outcome.ok && outcome.value !== null && outcome.value !== undefined) {
        return outcome.value as NonNullable<Result<N>>;
      }
    }
    return null;
  }

  /** `transformPrompt`: each receives the previous result; a failing hook keeps the value unchanged. */
  async reduce<N extends 'transformPrompt'>(
    hookName: N,
    initial: Arguments<N>[0],
    contextFor: (entry: HookEntry<N>) => Arguments<N>[1],
  ): Promise<Arguments<N>[0]> {
    let value = initial;
    for (const entry of this.#entries(hookName)) {
      const outcome = await this.#call(hookName, entry, [value, contextFor(entry)] as Arguments<N>);
      if (outcome.ok && outcome.value !== undefined && outcome.value !== null)
        value = outcome.value as Arguments<N>[0];
    }
    return value;
  }

  /**
   * `transformChunk`: synchronous by contract (it runs once per streamed word). Returns null when a
   * hook dropped the chunk. A hook that returns a promise is a contract violation: reported, ignored.
   */
  reduceChunk(
    chunk: Arguments<'transformChunk'>[0],
    contextFor: (entry: HookEntry<'transformChunk'>) => Arguments<'transformChunk'>[1],
  ): Arguments<'transformChunk'>[0] | null {
    let value = chunk;
    for (const entry of this.#entries('transformChunk')) {
      const started = performance.now();
      try {
        const result = entry.handler(value, contextFor(entry)) as unknown;
        if (result instanceof Promise) throw new TypeError('transformChunk must be synchronous');
        this.#options.metrics.record(
          entry.pluginName,
          'transformChunk',
          performance.now() - started,
          'ok',
        );
        if (result === null) return null;
        if (result !== undefined) value = result as typeof value;
      } catch (cause) {
        this.#fail('transformChunk', entry, cause, performance.now() - started);
      }
    }
    return value;
  }

  /** Notifications (`onJoin`, `onReplyEnd`, `onLeave`): all at once; failures are reported. */
  async parallel<N extends 'onJoin' | 'onReplyEnd' | 'onLeave'>(
    hookName: N,
    argumentsFor: (entry: HookEntry<N>) => Arguments<N>,
  ): Promise<void> {
    await Promise.all(
      this.#entries(hookName).map((entry) => this.#call(hookName, entry, argumentsFor(entry))),
    );
  }

  async #call<N extends HookName>(
    hookName: N,
    entry: HookEntry<N>,
    args: Arguments<N>,
  ): Promise<
    | { ok: true; value: Result<N> }
    | { ok: false; error: EngineError; cause: unknown; wrapped: boolean }
  > {
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HookTimeout()), entry.timeoutMs);
    });
    try {
      const handler = entry.handler as unknown as (
        ...callArguments: Arguments<N>
      ) => Result<N> | Promise<Result<N>>;
      const value = await Promise.race([Promise.resolve().then(() => handler(...args)), timeout]);
      this.#options.metrics.record(entry.pluginName, hookName, performance.now() - started, 'ok');
      return { ok: true, value };
    } catch (cause) {
      if (hookName === 'inspectMessage' && EngineError.isInstance(cause)) {
        // A coded rejection from inspectMessage is the hook doing its job, not a plugin failure.
        this.#options.metrics.record(entry.pluginName, hookName, performance.now() - started, 'ok');
        return { ok: false, error: cause, cause, wrapped: false };
      }
      const error = this.#fail(hookName, entry, cause, performance.now() - started);
      const wrapped = cause instanceof HookTimeout || !EngineError.isInstance(cause);
      return { ok: false, error, cause, wrapped };
    } finally {
      clearTimeout(timer);
    }
  }

  #fail(
    hookName: HookName,
    entry: HookEntry<HookName>,
    cause: unknown,
    durationMs: number,
  ): EngineError {
    const timedOut = cause instanceof HookTimeout;
    const details = {
      plugin: entry.pluginName,
      hook: hookName,
      pluginCode: EngineError.isInstance(cause)
        ? (cause.details?.pluginCode ?? cause.code)
        : undefined,
    };
    const error = timedOut
      ? new EngineError('CMZ_ERR_PLUGIN_HOOK_TIMEOUT', {
          args: [entry.pluginName, entry.timeoutMs, hookName],
          details,
        })
      : new EngineError('CMZ_ERR_PLUGIN_HOOK_FAILED', {
          args: [entry.pluginName, hookName],
          details,
          cause,
        });
    this.#options.metrics.record(
      entry.pluginName,
      hookName,
      durationMs,
      timedOut ? 'timeout' : 'error',
    );
    this.#options.reportError(error);
    return error;
  }
}

class HookTimeout extends Error {
  constructor() {
    super('hook timed out');
  }
}

function appliesTo(scope: PluginScope | undefined, target: HookTarget): boolean {
  if (scope === undefined) return true;
  if (scope.animals !== undefined && !scope.animals.includes(target.animalId)) return false;
  return scope.roomTypes === undefined || scope.roomTypes.includes(target.roomType);
}
