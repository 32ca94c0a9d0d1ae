/**
 * Command-line arguments of `npm run load`, validated with zod so a bad value stops the run with
 * a message naming the flag, before any socket or child process exists.
 *
 * @module
 */
import { parseArgs } from 'node:util';
import { z } from 'zod';

/** The scenarios the harness knows; `all` runs each in turn. */
export const scenarioNames = [
  'idle',
  'chats',
  'room',
  'viewers',
  'storm',
  'rest',
  'class',
  'live',
] as const;

/** One scenario name. */
export type ScenarioName = (typeof scenarioNames)[number];

/** The Socket.IO adapters engineer B's `SOCKET_ADAPTER` accepts. */
export const adapterNames = ['redis', 'redis-sharded', 'redis-streams'] as const;

/** More sockets than this would exhaust one process's file descriptors (`ulimit -n` 20,000). */
export const maximumSockets = 20_000;
/** No scenario may hold the machine longer than this. */
export const maximumDurationSeconds = 600;

const environmentEntry = /^[A-Z][A-Z0-9_]*=.*$/;

const argumentsSchema = z.object({
  scenario: z.enum([...scenarioNames, 'all']),
  sockets: z.coerce.number().int().min(1).max(maximumSockets).optional(),
  duration: z.coerce.number().positive().max(maximumDurationSeconds).optional(),
  adapter: z.enum(adapterNames).optional(),
  tokensPerSecond: z.coerce.number().positive().max(1000).optional(),
  replyTokens: z.coerce.number().int().min(1).max(2000).optional(),
  short: z.boolean(),
  baseline: z.boolean(),
  environment: z.array(z.string().regex(environmentEntry, 'expected KEY=VALUE')),
});

/** The validated arguments. */
export interface LoadArguments {
  scenario: ScenarioName | 'all';
  /** Overrides the scenario's socket (or conversation) count. */
  sockets?: number;
  /** Overrides the scenario's measuring time, in seconds. */
  duration?: number;
  adapter?: (typeof adapterNames)[number];
  tokensPerSecond?: number;
  replyTokens?: number;
  /** Reduced counts and times (what `npm run bench` runs). */
  short: boolean;
  /** Also run the bare Socket.IO baseline (default on; `--no-baseline` turns it off). */
  baseline: boolean;
  /** Extra engine environment (`--env KEY=VALUE`, repeatable). */
  environment: Record<string, string>;
}

/**
 * A bad command line: the message names the flag and what is allowed.
 *
 * @example
 * ```ts
 * try { parseLoadArguments(['--sockets', '1']); } catch (error) { error instanceof LoadArgumentsError; }
 * ```
 */
export class LoadArgumentsError extends Error {
  override readonly name = 'LoadArgumentsError';
}

/**
 * Parses and validates `argv` (without the node and script entries).
 *
 * @example
 * ```ts
 * parseLoadArguments(['--scenario', 'room', '--sockets', '1000']).sockets; // 1000
 * ```
 */
export function parseLoadArguments(argv: readonly string[]): LoadArguments {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        sockets: { type: 'string' },
        duration: { type: 'string' },
        adapter: { type: 'string' },
        'tokens-per-second': { type: 'string' },
        'reply-tokens': { type: 'string' },
        short: { type: 'boolean', default: false },
        'no-baseline': { type: 'boolean', default: false },
        env: { type: 'string', multiple: true, default: [] },
      },
    }).values;
  } catch (error) {
    throw new LoadArgumentsError((error as Error).message);
  }
  if (parsed.scenario === undefined) {
    throw new LoadArgumentsError(
      `--scenario is required (one of ${[...scenarioNames, 'all'].join(', ')})`,
    );
  }
  const result = argumentsSchema.safeParse({
    scenario: parsed.scenario,
    sockets: parsed.sockets,
    duration: parsed.duration,
    adapter: parsed.adapter,
    tokensPerSecond: parsed['tokens-per-second'],
    replyTokens: parsed['reply-tokens'],
    short: parsed.short,
    baseline: !parsed['no-baseline'],
    environment: parsed.env,
  });
  if (!result.success) {
    const issue = result.error.issues[0];
    const flag = flagName(String(issue?.path[0] ?? 'arguments'));
    throw new LoadArgumentsError(`${flag}: ${issue?.message ?? 'invalid'}`);
  }
  const { environment, ...rest } = result.data;
  return {
    ...withoutUndefined(rest),
    scenario: rest.scenario,
    short: rest.short,
    baseline: rest.baseline,
    environment: Object.fromEntries(
      environment.map((entry) => [
        entry.slice(0, entry.indexOf('=')),
        entry.slice(entry.indexOf('=') + 1),
      ]),
    ),
  };
}

function flagName(key: string): string {
  const names: Record<string, string> = {
    tokensPerSecond: '--tokens-per-second',
    replyTokens: '--reply-tokens',
    environment: '--env',
    baseline: '--no-baseline',
  };
  return names[key] ?? `--${key}`;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
