/**
 * Environment parsing of `npm run fake-llm`, kept apart from the CLI so it can be tested without
 * starting a server.
 *
 * @module
 */
import { z } from 'zod';
import { EngineError } from '../errors/engine-error.ts';

/** Settings of the fake LLM command. */
export interface FakeLlmCliConfig {
  port: number;
  host: string;
  timeToFirstTokenMs: number;
  tokensPerSecond: number;
}

const wholeNumber = (maximum: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, 'must be a whole number')
    .transform(Number)
    .pipe(z.number().max(maximum, `must be at most ${maximum}`));

const decimalNumber = (maximum: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+(\.\d+)?$/, 'must be a number of zero or more')
    .transform(Number)
    .pipe(z.number().max(maximum, `must be at most ${maximum}`));

// Defaults feel like a real model to a person watching the demo; tests pass their own values.
const fakeLlmEnvSchema = z.object({
  FAKE_LLM_PORT: wholeNumber(65_535).default(4010),
  FAKE_LLM_HOST: z.string().trim().min(1).default('127.0.0.1'),
  FAKE_LLM_TTFT_MS: wholeNumber(600_000).default(250),
  FAKE_LLM_TOKENS_PER_SECOND: decimalNumber(100_000).default(40),
});

/**
 * Reads and validates the `FAKE_LLM_*` variables; empty values count as unset.
 * Throws `CMZ_ERR_CONFIG_INVALID` naming every bad variable.
 *
 * @example
 * ```ts
 * parseFakeLlmEnv({ FAKE_LLM_PORT: '4011' }); // { port: 4011, host: '127.0.0.1', ... }
 * ```
 */
export function parseFakeLlmEnv(env: Record<string, string | undefined>): FakeLlmCliConfig {
  const present = Object.fromEntries(
    Object.entries(env).filter(([name, value]) => name.startsWith('FAKE_LLM_') && value !== ''),
  );
  const result = fakeLlmEnvSchema.safeParse(present);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join('.')} ${issue.message}`);
    throw new EngineError('CMZ_ERR_CONFIG_INVALID', { args: [problems.join('; ')] });
  }
  return {
    port: result.data.FAKE_LLM_PORT,
    host: result.data.FAKE_LLM_HOST,
    timeToFirstTokenMs: result.data.FAKE_LLM_TTFT_MS,
    tokensPerSecond: result.data.FAKE_LLM_TOKENS_PER_SECOND,
  };
}
