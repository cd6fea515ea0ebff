// Flat config: typescript-eslint's recommended rules plus the house rules that keep handlers thin.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import prettier from 'eslint-config-prettier';

// The rings (see STYLE.md): domain ← ports ← use-cases ← adapters, http ← functions. The core states who
// may do what (shared/domain/access.ts) and returns plain results; the HTTP side maps them to bodies,
// links and status codes. So nothing in the core may import the HTTP layer.
const NO_HTTP_IN_THE_CORE = {
  regex: '(^|/)(shared/)?http(/|$)',
  message:
    'The core must not depend on the HTTP layer: roles and access rules live in shared/domain/access.ts.',
};

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      'cdk.out/',
      '.data/',
      'coverage/',
      'preview-out/',
      '.cache/',
      'web/dist/',
      'web/src/api/schema.d.ts',
      'web/src/api/contract.ts',
      'test/web/screenshots/',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  prettier,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Schemas take `z` from shared/validation/zod.ts: zod's mini API with the English locale configured.
      // A bundle that also reached the full API ('zod') would pay for both at every cold start, and one
      // that imported 'zod/mini' directly would answer "Invalid input" to every fault.
      'no-restricted-syntax': [
        'error',
        ...['zod', 'zod/mini'].map((source) => ({
          selector: `ImportDeclaration[source.value='${source}']`,
          message: 'Import `z` (and `meta`) from shared/validation/zod.ts.',
        })),
      ],
    },
  },
  {
    // Handlers wire; configuration comes from shared/config and AWS clients from shared/adapters.
    files: ['functions/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['@aws-sdk/*'] }],
      'no-restricted-properties': ['error', { object: 'process', property: 'env' }],
    },
  },
  {
    // Ports and use cases are the core too.
    files: ['shared/ports/**/*.ts', 'shared/use-cases/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [NO_HTTP_IN_THE_CORE] }],
    },
  },
  {
    // The domain is pure: no AWS, no environment, no wall clock, no HTTP.
    files: ['shared/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@aws-sdk/*', '@middy/*', '@aws-lambda-powertools/*'], message: 'The domain is pure.' },
            NO_HTTP_IN_THE_CORE,
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env' },
        { object: 'Date', property: 'now' },
      ],
    },
  },
  {
    // The one module that configures zod, and the synth-time code, which is never in a function bundle
    // (test/infra/constructs/bundles.test.ts checks that no API bundle carries the full API).
    files: ['shared/validation/zod.ts', 'infra/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
