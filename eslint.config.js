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
    // Folder boundaries (docs in README, "Layers"); scripts/check-imports.ts catches the cycles these rules miss.
    // Domain modules answer with DomainError (src/lib/errors) and never know about HTTP.
    files: [
      'src/lib/**/*.ts',
      'src/cases/**/*.ts',
      'src/knowledge/**/*.ts',
      'src/flows/**/*.ts',
      'src/core/**/*.ts',
      'src/db/**/*.ts',
      'src/reports/**/*.ts',
      'src/surveys/**/*.ts',
      'src/handoff/**/*.ts',
      'src/staff/**/*.ts',
      'src/uploads/**/*.ts',
      'src/validation/**/*.ts',
      'src/transcription/**/*.ts',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/http/*'], message: 'Domain modules do not import HTTP code; throw a DomainError from src/lib/errors.' }] },
      ],
    },
  },
  {
    // A channel may use the catalogue and its own webhook routes, but never the app's HTTP routes.
    files: ['src/channels/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/http/*'], message: 'Channels do not import src/http; the composition root (src/server.ts) wires routes.' }] },
      ],
    },
  },
  {
    // src/lib is the shared kernel: it depends on nothing else in src/.
    files: ['src/lib/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../*', '!../lib/*', '../../*', '!../../lib/*'],
              message: 'src/lib depends on nothing else in src/.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'scripts/**', 'bench/**', 'bin/**'],
    rules: { 'no-console': 'off' },
  },
);
