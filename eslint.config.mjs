// Lint for the whole repository (`npm run lint`, part of `npm test`). typescript-eslint's recommended rules, plus the
// one structural rule: a package is used through its entry point (`@panel/<name>`, or `@panel/<name>/testing` from
// tests), never through another package's files.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const noDeepImports = {
  patterns: [
    { regex: '^@panel/[^/]+/(?!testing$).+', message: "Import another package through its entry point (@panel/<name>, or @panel/<name>/testing in tests), not its files." },
    { regex: '^(\\.\\./)+(apps|libs)/', message: 'Import another package by its name (@panel/<name>), not by a relative path into it.' },
  ],
};

import reactHooks from 'eslint-plugin-react-hooks';

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', 'apps/panel-ui/dev-dist/**', 'runtime-images/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      'no-restricted-imports': ['error', noDeepImports],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Terminal output is parsed with escape sequences (ESC, BEL) in regular expressions on purpose.
      'no-control-regex': 'off',
      // It counts a schema used only in a parameter decorator (@ZodQuery(Schema)) as never read.
      'no-useless-assignment': 'off',
    },
  },
  {
    // Tests and benches walk JSON they did not type (Caddy's config, API answers); product code may not.
    files: ['**/*.test.ts', '**/*.test.tsx', '**/testing/**', '**/test/**', 'apps/e2e/src/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  {
    files: ['apps/panel-ui/src/**/*.tsx', 'apps/panel-ui/src/**/*.ts'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
);
