// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'coverage/**',
      '.test-results/**',
      '.data/**',
      '.plugin-versions/**',
      'web/build/**',
      'web/.svelte-kit/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.strict,
  prettier,
  {
    languageOptions: { globals: { process: 'readonly', console: 'readonly', URL: 'readonly' } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-console': 'off',
      // Hook signatures say "return a value or nothing" (`Prompt | void`), which is exactly what
      // this rule forbids; the plugin contract reads better with it.
      '@typescript-eslint/no-invalid-void-type': 'off',
    },
  },
  {
    // The engine's minimal chat page runs in the browser, with the Socket.IO client as a global.
    files: ['engine/public/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        localStorage: 'readonly',
        fetch: 'readonly',
        crypto: 'readonly',
        io: 'readonly',
      },
    },
  },
);
