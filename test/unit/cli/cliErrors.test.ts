// Every command answers bad prompts with a message naming the file and the line, never a stack
// trace; a reader that closes the pipe early ends the command quietly.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { runCli, STACK_LINE } from './cliHelpers';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

function project(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-cli-errors-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('export explains bad prompts at their line', () => {
  const dir = project({
    'schema.prompt': `---\nmodel: ${MODEL}\ninput:\n  schema: Recipe\n---\nMake {{food}}\n`,
    'helper.prompt': `---\nmodel: ${MODEL}\n---\nIntro\n{{upper food}}\n`,
    'parse.prompt': `---\nmodel: ${MODEL}\n---\n\nHello there.\nline two\n{{food bar=}}\n`,
    'circular.prompt': `---\nmodel: ${MODEL}\n---\nStart\n{{> a}}\n`,
    '_a.prompt': 'A says {{> b}}\n',
    '_b.prompt': 'B says {{> a}}\n',
  });
  const cases: [string, number, RegExp][] = [
    ['schema.prompt', 4, /Schema "Recipe" is not declared/],
    ['helper.prompt', 5, /Unknown helper "upper"/],
    ['parse.prompt', 7, /Template error: Expecting/],
    ['circular.prompt', 5, /[Cc]ircular partials: a → b → a/],
  ];
  for (const [name, line, message] of cases) {
    it(`${name}: one message with the file and line ${line}, no stack`, async () => {
      const result = await runCli('export', join(dir, name), '--input', 'food=soup');
      assert.notEqual(result.code, 0);
      assert.doesNotMatch(result.err, STACK_LINE);
      assert.doesNotMatch(result.err, /Maximum call stack/);
      assert.match(result.err, new RegExp(`${name}: .*line ${line}: `));
      assert.match(result.err, message);
      assert.equal(result.err.trim().split('\n').length, 1, result.err);
    });
  }

  it('analyze reports the template error once, at the file line', async () => {
    const result = await runCli('analyze', '--json', join(dir, 'parse.prompt'));
    const report = JSON.parse(result.out) as { findings: { code: string; line: number; message: string }[] };
    const errors = report.findings.filter((f) => /template|mustache/.test(f.code));
    assert.deepEqual(errors.map((f) => [f.code, f.line]), [['template-error', 7]]);
    assert.doesNotMatch(errors[0].message, /on line \d+:$/);
  });

  it('analyze names the circular partials instead of overflowing the stack', async () => {
    const result = await runCli('analyze', '--json', join(dir, 'circular.prompt'));
    const report = JSON.parse(result.out) as { findings: { code: string; line: number; message: string }[] };
    assert.deepEqual(report.findings.filter((f) => f.code.startsWith('partial')).map((f) => [f.code, f.line]), [['partial-circular', 5]]);
  });
});

describe('a closed pipe', () => {
  it('ends `analyze --json | true` quietly (the reader is gone before the first write)', () => {
    const dir = project({ 'p.prompt': `---\nmodel: ${MODEL}\n---\n{{role "system"}}\nA\n{{role "user"}}\nB {{x}}\n` });
    const cli = resolve(__dirname, '../../../src/cli.ts');
    const script = `node --import tsx ${JSON.stringify(cli)} analyze --json ${JSON.stringify(join(dir, 'p.prompt'))} | true; echo "exit $\{PIPESTATUS[0]}" >&2`;
    const result = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd: resolve(__dirname, '../../..') });
    assert.doesNotMatch(result.stderr, /EPIPE|\n\s+at /, result.stderr);
    assert.equal(result.stderr.trim(), 'exit 0');
  });
});

describe('export says what of the config is not sent', () => {
  it('names the line and the dropped key on stderr, and the request goes out without it', async () => {
    const dir = project({ 'g.prompt': `---\nmodel: ${MODEL}\nconfig:\n  safetySettings: []\n---\nHello\n` });
    const result = await runCli('export', join(dir, 'g.prompt'));
    assert.equal(result.code, 0);
    assert.match(result.err, /g\.prompt:4: safetySettings is not a setting .* not sent/);
    assert.doesNotMatch(result.out, /safetySettings/);
  });
});

describe('--config names the project file', () => {
  it('analyze and export read declarations from it', async () => {
    const dir = project({ 'h.prompt': `---\nmodel: googleai/gemini-2.5-flash\n---\nIntro\n{{upper food}}\n` });
    const config = join(mkdtempSync(join(tmpdir(), 'pcs-config-')), 'elsewhere.json');
    writeFileSync(config, JSON.stringify({ helpers: { upper: 'text' }, models: { 'googleai/gemini-2.5-flash': MODEL } }));
    const analyzed = await runCli('analyze', '--json', '--config', config, join(dir, 'h.prompt'));
    const report = JSON.parse(analyzed.out) as { model: string; mappedFrom?: string; findings: { code: string }[] };
    assert.equal(report.model, MODEL);
    assert.equal(report.mappedFrom, 'googleai/gemini-2.5-flash');
    assert.ok(!report.findings.some((f) => f.code === 'helper-unknown'));
    const exported = await runCli('export', '--config', config, join(dir, 'h.prompt'), '--input', 'food=soup');
    assert.equal(exported.code, 0, exported.err);
    assert.match(exported.out, /"modelId": "us\.anthropic/);
    assert.match(exported.out, /soup/);
  });
});

describe('media the request cannot carry', () => {
  it('export names the line of the {{media}}', async () => {
    const dir = project({ 'm.prompt': `---\nmodel: ${MODEL}\n---\nLook:\n\n{{media url=photo}}\nWhat is it?\n` });
    const result = await runCli('export', join(dir, 'm.prompt'), '--input', 'photo=picture.bmp');
    assert.equal(result.code, 2);
    assert.match(result.err, /m\.prompt: line 6: Cannot tell what kind of media picture\.bmp is/);
    assert.doesNotMatch(result.err, STACK_LINE);
  });
});
