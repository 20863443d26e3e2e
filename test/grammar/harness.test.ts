// The grammar tier must fail when the grammar breaks: run it against deliberately broken copies of
// the grammar (declared by a throwaway manifest) and check that the failures are counted and the
// exit code says so. The unbroken copy through the same route must pass, so the failures come from
// the breakage and not from the route.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from './grammarRegistry';

const grammarPath = join(repoRoot, 'syntaxes', 'dotprompt.tmLanguage.json');
const manifest = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'dotprompt-grammar-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function runTierWith(name: string, grammarText: string): { status: number | null; output: string; passed: number; failed: number } {
  const dir = mkdtempSync(join(scratch, `${name}-`));
  writeFileSync(join(dir, 'grammar.json'), grammarText);
  const grammars = manifest.contributes.grammars.map((g: object) => ({ ...g, path: './grammar.json' }));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ contributes: { languages: manifest.contributes.languages, grammars } }));
  const run = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, 'run.ts'), '--config', join(dir, 'package.json'), '--scopes-only'], { cwd: repoRoot, encoding: 'utf8' });
  const output = run.stdout + run.stderr;
  const closing = /^(\d+) passed, (\d+) failed$/m.exec(output);
  assert.ok(closing, `closing line missing in:\n${output}`);
  return { status: run.status, output, passed: Number(closing[1]), failed: Number(closing[2]) };
}

const original = readFileSync(grammarPath, 'utf8');

test('the unbroken grammar passes through a substitute manifest', () => {
  const result = runTierWith('intact', original);
  assert.equal(result.status, 0, result.output);
  assert.equal(result.failed, 0);
  assert.ok(result.passed > 50);
});

test('renaming the cachePoint scope fails the cache point assertions', () => {
  const broken = original.replace('entity.name.function.cachepoint.dotprompt', 'entity.name.function.dotprompt');
  assert.notEqual(broken, original);
  const result = runTierWith('cachepoint', broken);
  assert.equal(result.status, 1);
  assert.ok(result.failed >= 4, `failed ${result.failed}`);
  assert.match(result.output, /dotpromptHelpers\.prompt:\d+:\d+:\d+ Missing required scopes: \[ [^\]]*entity\.name\.function\.cachepoint\.dotprompt/);
});

test('dropping the frontmatter rule fails the embedded YAML assertions', () => {
  const grammar = JSON.parse(original);
  grammar.patterns = grammar.patterns.filter((p: { include?: string }) => p.include !== '#frontmatter');
  const result = runTierWith('frontmatter', JSON.stringify(grammar));
  assert.equal(result.status, 1);
  assert.match(result.output, /frontmatter\.prompt:\d+:\d+:\d+ Missing required scopes: \[ [^\]]*meta\.embedded\.block\.frontmatter\.yaml/);
});
