// Grammar tier: runs the annotated scope tests in this folder through vscode-tmgrammar-test
// (the real vscode-textmate engine with the extension's own package.json grammar entry), then the
// node:test checks for the language configuration and snippets, and prints one closing line
// "N passed, N failed". A scope test is one asserted source line; the tool only reports failures,
// so passes are counted from the test files themselves.
//
// --config <package.json> tests the grammar another manifest declares and --scopes-only skips the
// node:test checks; harness.test.ts uses both to prove a broken grammar fails this tier.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { stripVTControlCharacters } from 'node:util';

const here = __dirname;
const root = join(here, '..', '..');
const cli = require.resolve('vscode-tmgrammar-test/dist/unit.js');
// The frontmatter is embedded YAML (include: source.yaml), so the engine needs a YAML grammar.
const yamlGrammar = require.resolve('tm-grammars/grammars/yaml.json');

const configAt = process.argv.indexOf('--config');
const config = configAt > 0 ? process.argv[configAt + 1] : join(root, 'package.json');
const scopesOnly = process.argv.includes('--scopes-only');

const files = readdirSync(here).filter((f) => f.endsWith('.prompt')).sort().map((f) => relative(root, join(here, f)));

/** 1-based file lines of the source lines that carry at least one assertion, as the tool groups them. */
function assertedLines(file: string): { lines: Set<number>; error?: string } {
  const lines = readFileSync(join(root, file), 'utf8').split(/\r\n|\n/);
  const header = /^(\S+)\s+SYNTAX\s+TEST\s+"[^"]+"/.exec(lines[0]);
  if (!header) return { lines: new Set(), error: 'missing SYNTAX TEST header' };
  const token = header[1];
  const asserted = new Set<number>();
  let source = 0;
  lines.forEach((line, i) => {
    if (i === 0) return;
    if (line.startsWith(token) && /^\s*(\^|<~*-+)/.test(line.slice(token.length))) asserted.add(source + 1);
    else source = i;
  });
  return { lines: asserted };
}

const expected = new Map(files.map((f) => [f, assertedLines(f)]));
const run = spawnSync(process.execPath, [cli, '--compact', '--config', config, '-g', yamlGrammar, ...files], { cwd: root, encoding: 'utf8' });
const output = stripVTControlCharacters(`${run.stdout}${run.stderr}`);
process.stdout.write(output);

const failedLines = new Map(files.map((f) => [f, new Set<number>()]));
const brokenFiles = new Set<string>();
for (const line of output.split('\n')) {
  const failure = /^ERROR (.+?):(\d+):\d+:\d+ /.exec(line);
  if (failure) failedLines.get(failure[1])?.add(Number(failure[2]));
  const aborted = /testcase (.+?) aborted/.exec(line) ?? /can't parse testcase: (\S+)/.exec(line);
  if (aborted) brokenFiles.add(aborted[1].trim());
}

let passed = 0;
let failed = 0;
for (const file of files) {
  const { lines, error } = expected.get(file)!;
  if (error || brokenFiles.has(file) || lines.size === 0) {
    console.log(`✖ ${file}: ${error ?? (lines.size === 0 ? 'no assertions' : 'did not run')}`);
    failed += Math.max(lines.size, 1);
    continue;
  }
  const bad = [...failedLines.get(file)!].filter((l) => lines.has(l)).length;
  passed += lines.size - bad;
  failed += bad;
}
console.log(`scope assertions: ${passed} asserted lines passed, ${failed} failed in ${files.length} files`);
// The tool exits non-zero on any failure; a non-zero exit we could not attribute still fails the tier.
if (run.status !== 0 && failed === 0) failed = 1;

if (scopesOnly) {
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// Named explicitly: with no file arguments node --test would discover tests across the whole repo.
const checkFiles = readdirSync(here).filter((f) => f.endsWith('.test.ts')).map((f) => join(here, f));
if (checkFiles.length === 0) throw new Error('no configuration/snippet checks found in test/grammar');
const checks = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', ...checkFiles], { cwd: root, encoding: 'utf8' });
process.stdout.write(checks.stdout + checks.stderr);
const pass = /^ℹ pass (\d+)/m.exec(checks.stdout);
const fail = /^ℹ fail (\d+)/m.exec(checks.stdout);
if (!pass || !fail) failed += 1;
passed += Number(pass?.[1] ?? 0);
failed += Number(fail?.[1] ?? 0);
if (checks.status !== 0 && !Number(fail?.[1])) failed += 1;

console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
