import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../server/build-model.ts';
import { startFakeOpenAiServer } from '../testing/fake-openai-server.ts';
import { resolveEngineSecret } from './engine-secret.ts';
import { loadConfig } from './load-config.ts';

describe('loadConfig', () => {
  it('runs on embedded defaults with an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      PORT: 3000,
      MAX_MESSAGE_LENGTH: 500,
      HISTORY_TTL_SECONDS: 2_592_000,
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.OPENAI_API_KEY).toBeUndefined();
  });

  it('treats blank values as unset and coerces numbers', () => {
    const config = loadConfig({
      REDIS_URL: '  ',
      PORT: '4000',
      RATE_LIMIT_REFILL_PER_SECOND: '2.5',
    });
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.PORT).toBe(4000);
    expect(config.RATE_LIMIT_REFILL_PER_SECOND).toBe(2.5);
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['REDIS_URL', 'http://not-redis'],
    ['OPENAI_BASE_URL', 'ftp://x'],
    ['ENGINE_SECRET', 'short'],
    ['LOG_LEVEL', 'loud'],
  ])('names the variable when %s=%s is invalid', (variable, value) => {
    expect(() => loadConfig({ [variable]: value })).toThrow(
      expect.objectContaining({ code: 'CMZ_ERR_CONFIG_INVALID' }),
    );
    try {
      loadConfig({ [variable]: value });
    } catch (error) {
      expect(String((error as Error).message)).toContain(variable);
    }
  });
});

describe('resolveEngineSecret', () => {
  it('prefers the configured secret', async () => {
    expect(await resolveEngineSecret('configured-secret-123456', '/nonexistent', () => {})).toBe(
      'configured-secret-123456',
    );
  });

  it('generates, stores and then reuses a development secret, with a warning', async () => {
    const directory = await mkdtemp(join(tmpdir(), 'cmz-secret-'));
    const warnings: string[] = [];
    const first = await resolveEngineSecret(undefined, directory, (message) =>
      warnings.push(message),
    );
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect((await readFile(join(directory, 'engine-secret'), 'utf8')).trim()).toBe(first);
    expect(
      await resolveEngineSecret(undefined, directory, (message) => warnings.push(message)),
    ).toBe(first);
    expect(warnings).toHaveLength(1);
  });
});

describe('buildModel', () => {
  it('uses the offline responder without a key and the OpenAI-compatible model with one', () => {
    expect(buildModel(loadConfig({})).provider).toBe('offline');
    expect(buildModel(loadConfig({ OPENAI_API_KEY: 'sk-x' })).provider).not.toBe('offline');
  });

  it('overrides every animal model name with OPENAI_MODEL', async () => {
    const fake = await startFakeOpenAiServer({ timeToFirstTokenMs: 0 });
    try {
      const model = buildModel(
        loadConfig({
          OPENAI_API_KEY: 'sk-x',
          OPENAI_BASE_URL: fake.url,
          OPENAI_MODEL: 'local-llama',
        }),
      );
      const { stream } = await model.doStream({
        prompt: {
          system: ['be kind'],
          messages: [{ role: 'user', content: 'hi' }],
          facts: [],
          settings: { model: 'gpt-4o-mini', temperature: 1, maxTokens: 50 },
        },
        animal: {} as never,
        locale: 'en',
        question: 'hi',
        abortSignal: new AbortController().signal,
      });
      for await (const part of stream) void part;
      expect((fake.requests.at(-1)?.body as { model: string }).model).toBe('local-llama');
    } finally {
      await fake.close();
    }
  });
});
