import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors/engine-error.ts';
import { parseFakeLlmEnv } from './fake-openai-cli-config.ts';

function configErrorOf(env: Record<string, string | undefined>): EngineError {
  try {
    parseFakeLlmEnv(env);
  } catch (error) {
    if (EngineError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected parseFakeLlmEnv to throw');
}

describe('parseFakeLlmEnv', () => {
  it('uses defaults when nothing (or an empty value) is set', () => {
    expect(parseFakeLlmEnv({ PATH: '/bin', FAKE_LLM_PORT: '' })).toEqual({
      port: 4010,
      host: '127.0.0.1',
      timeToFirstTokenMs: 250,
      tokensPerSecond: 40,
    });
  });

  it('reads every variable', () => {
    const env = {
      FAKE_LLM_PORT: '0',
      FAKE_LLM_HOST: '0.0.0.0',
      FAKE_LLM_TTFT_MS: ' 1200 ',
      FAKE_LLM_TOKENS_PER_SECOND: '12.5',
    };
    expect(parseFakeLlmEnv(env)).toEqual({
      port: 0,
      host: '0.0.0.0',
      timeToFirstTokenMs: 1200,
      tokensPerSecond: 12.5,
    });
  });

  it('names every bad variable in one CMZ_ERR_CONFIG_INVALID error', () => {
    const error = configErrorOf({
      FAKE_LLM_PORT: '70000',
      FAKE_LLM_TTFT_MS: 'soon',
      FAKE_LLM_TOKENS_PER_SECOND: '-3',
    });
    expect(error.code).toBe('CMZ_ERR_CONFIG_INVALID');
    expect(error.message).toContain('FAKE_LLM_PORT must be at most 65535');
    expect(error.message).toContain('FAKE_LLM_TTFT_MS must be a whole number');
    expect(error.message).toContain('FAKE_LLM_TOKENS_PER_SECOND must be a number of zero or more');
  });
});

describe('fake-llm command', () => {
  const cli = fileURLToPath(new URL('./fake-openai-cli.ts', import.meta.url));
  const tsx = createRequire(import.meta.url).resolve('tsx');

  function run(env: Record<string, string>) {
    return spawn(process.execPath, ['--import', tsx, cli], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
  }

  it('prints the base URL, serves, and stops cleanly on SIGTERM', async () => {
    const child = run({ FAKE_LLM_PORT: '0', FAKE_LLM_TTFT_MS: '0' });
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (data: Buffer) => {
          const match = /http:\/\/127\.0\.0\.1:\d+\/v1/.exec(data.toString());
          if (match) resolve(match[0]);
        });
        void exited.then(() => reject(new Error('the command exited early')));
      });
      expect((await fetch(`${url}/models`)).status).toBe(200);
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits with a clear message on bad input', async () => {
    const child = run({ FAKE_LLM_PORT: 'abc' });
    let errorOutput = '';
    child.stderr.on('data', (data: Buffer) => (errorOutput += data.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(errorOutput).toContain('Invalid configuration: FAKE_LLM_PORT must be a whole number');
  });
});
