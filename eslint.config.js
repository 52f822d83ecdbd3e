import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'src/generated/', 'node_modules/', 'web-widget/dist/', 'web-console/dist/', 'coverage/', '.tmp/', 'data/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      'no-console': ['error', { allow: ['error'] }],
    },
  },
  {
    // Plain JavaScript entry points run on Node; TypeScript files get their globals from @types/node.
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', fetch: 'readonly', Buffer: 'readonly' },
    },
  },
  {
    // The browser widget and console. TypeScript checks their browser globals (their tsconfig.json has the DOM lib),
    // so none are declared here; what this block adds is the rule that keeps server text from ever being parsed as HTML.
    files: ['web-widget/src/**/*.ts', 'web-console/src/**/*.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'write', 'writeln', 'createContextualFragment'].map(
          (property) => ({ property, message: 'Build DOM nodes with textContent or h(); message text is never HTML.' }),
        ),
      ],
      'no-restricted-syntax': [
        'error',
        { selector: "Identifier[name='DOMParser']", message: 'Message text is never HTML.' },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'scripts/**', 'bench/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
