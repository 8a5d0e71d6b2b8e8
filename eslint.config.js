import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', '.data/', 'scratch/', 'embed-demo/media/', 'custom-elements.json', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'error',
      'no-restricted-syntax': ['error', { selector: "MemberExpression[object.name='process'][property.name='env']", message: 'Read configuration through api/src/config.ts.' }],
    },
  },
  {
    // Configuration, entry points that only pass the environment on, tests and benchmarks may read it.
    files: ['api/src/config.ts', 'test/**', 'bench/**', 'scripts/**', '*.config.*', 'widget/**'],
    rules: { 'no-restricted-syntax': 'off' },
  },
);
