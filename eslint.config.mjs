// Lint rules that keep the layers of docs/architecture honest: the core stays pure and the
// webview app only talks to the host through the shared protocol.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

const noVscodeOrAws = {
  patterns: [
    { group: ['vscode'], message: 'src/core and src/aws must not import vscode.' },
  ],
};

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', 'test-output/**', 'media/build/**', '**/*.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.mjs', '**/*.cjs'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['vscode'], message: 'src/core is pure: no vscode.' },
          { group: ['@aws-sdk/*', '@smithy/*'], message: 'src/core is pure: no AWS SDK.' },
          { group: ['../aws/*', '../editor/*', '../webview/*'], message: 'src/core imports only core.' },
        ],
      }],
    },
  },
  {
    files: ['src/aws/**/*.ts', 'src/cli.ts', 'src/cli/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', noVscodeOrAws] },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(?!\\./[^/]+$)', message: 'src/shared imports nothing outside src/shared.' }] }] },
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [
      { group: ['vscode', '../core/*', '../aws/*', '../editor/*', 'node:*'], message: 'the webview app imports only src/shared.' },
    ] }] },
  },
);
