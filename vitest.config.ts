import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'engine/src/**/*.test.ts',
      'rest-compat/src/**/*.test.ts',
      'plugins/*/src/**/*.test.ts',
      'scripts/**/*.test.ts',
      'load/src/**/*.test.ts',
    ],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['engine/src/**/*.ts', 'rest-compat/src/**/*.ts'],
      exclude: [
        '**/*.test.ts',
        '**/*.test-d.ts',
        'engine/src/main.ts',
        'engine/src/testing/fake-openai-cli.ts',
      ],
      reporter: ['text-summary', 'json-summary'],
      thresholds: { lines: 90 },
    },
  },
});
