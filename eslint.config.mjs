// Lint rules that keep the layers of docs/architecture honest: the core stays pure, the AWS and
// file layers stay free of the editor, and the webview app only talks to the host through the shared
// protocol. ESLint does not resolve import paths, so the layer rules match the specifier text: a
// relative import that names a layer folder anywhere in its path (`../aws/x`, `../../../aws/x`,
// `./editor/x`) is refused, whatever the importing file's depth. The price: a file or sub-folder
// named after a layer (say src/core/node/) would be refused too; name it something else.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

/** A relative import with one of these src/ folders as a path segment, at any number of `../`. */
const into = (...folders) => `^\\.\\.?/(?:.*/)?(?:${folders.join('|')})(?:/|$)`;

const vscode = { regex: '^vscode$' };
const awsSdk = { regex: '^@(?:aws-sdk|smithy)/' };
const nodeFs = { regex: '^(?:node:)?fs(?:/|$)' };
const bare = { regex: '^(?![.])' };

/** Writes a regex for an esquery selector, whose `/…/` literals may not hold a slash. */
const selectorRegex = (regex) => regex.replaceAll('/', '\\x2F');

/**
 * The layer rule from [pattern, message] pairs: `no-restricted-imports` for import and export
 * declarations, and the same patterns through `no-restricted-syntax` for `import()` and
 * `require()`, which that rule does not look at (the lazy `await import()` the house uses must not
 * be a way round the layers).
 */
function restrict(...rules) {
  return {
    'no-restricted-imports': ['error', { patterns: rules.map(([pattern, message]) => ({ ...pattern, message })) }],
    'no-restricted-syntax': ['error', ...rules.flatMap(([{ regex }, message]) => [
      { selector: `ImportExpression[source.value=/${selectorRegex(regex)}/]`, message },
      { selector: `CallExpression[callee.name="require"][arguments.0.value=/${selectorRegex(regex)}/]`, message },
    ])],
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'out/**', 'node_modules/**', '.vscode-test/**', '.cache/**', 'test-output/**', 'media/build/**', '**/*.js'] },
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
    rules: restrict(
      [vscode, 'src/core is pure: no vscode.'],
      [awsSdk, 'src/core is pure: no AWS SDK.'],
      [nodeFs, 'src/core is pure: it reads no files (src/node does).'],
      [{ regex: into('aws', 'node', 'editor', 'webview', 'cli') }, 'src/core imports only src/core and src/shared.'],
    ),
  },
  {
    files: ['src/aws/**/*.ts'],
    rules: restrict(
      [vscode, 'src/aws must not import vscode.'],
      [{ regex: into('editor', 'webview') }, 'src/aws must not import the editor or the webview app.'],
    ),
  },
  {
    files: ['src/node/**/*.ts'],
    rules: restrict(
      [vscode, 'src/node must not import vscode.'],
      [awsSdk, 'src/node must not import the AWS SDK.'],
      [{ regex: into('editor', 'aws', 'webview', 'cli') }, 'src/node imports only src/core, src/shared and src/node.'],
    ),
  },
  {
    files: ['src/extension.ts', 'src/editor/**/*.ts'],
    rules: restrict([{ regex: into('webview') }, 'the editor talks to the webview app only through src/shared.']),
  },
  {
    files: ['src/cli.ts', 'src/cli/**/*.ts'],
    rules: restrict(
      [vscode, 'the CLI must not import vscode.'],
      [{ regex: into('editor', 'webview') }, 'the CLI must not import the editor or the webview app.'],
    ),
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: restrict(
      [bare, 'src/shared imports nothing outside src/shared.'],
      [{ regex: '(?:^|/)[.][.](?:/|$)' }, 'src/shared imports nothing outside src/shared.'],
    ),
  },
  {
    files: ['src/webview/**/*.ts'],
    rules: restrict(
      [bare, 'the webview app imports only src/shared (and its own files).'],
      [{ regex: into('core', 'aws', 'node', 'editor', 'cli') }, 'the webview app imports only src/shared (and its own files).'],
    ),
  },
);
