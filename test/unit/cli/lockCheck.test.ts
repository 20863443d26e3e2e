// `prompt-cache lock` and `prompt-cache check` as a user runs them: a real project folder on disk,
// the CLI started as its own process in that folder, edits made to the files between the two.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type * as Sarif from 'sarif';

const CLI = resolve(__dirname, '../../../src/cli.ts');
// The child runs in a temp folder, so the loader is named by its resolved location.
const TSX = pathToFileURL(require.resolve('tsx')).href;

interface Result { code: number; stdout: string; stderr: string }

function cli(cwd: string, ...args: string[]): Promise<Result> {
  return new Promise((done) => {
    execFile(process.execPath, ['--import', TSX, CLI, ...args], { cwd }, (error, stdout, stderr) => {
      done({ code: error ? (typeof error.code === 'number' ? error.code : 1) : 0, stdout, stderr });
    });
  });
}

interface CheckJson {
  ok: boolean;
  changed: { file: string; cachePointLine: number; firstChangedLine: number; prefixTokens: number; rewarmCostUSD: number; block: string }[];
  added: { file: string }[];
  removed: { file: string }[];
}

const POLICY = Array.from({ length: 60 }, (_, i) => `Rule ${i + 1}: answer politely and quote the policy section you rely on.`).join('\n');
const TOOLS = [
  { name: 'lookup_order', description: 'Look up an order.', inputSchema: { type: 'object', properties: { id: { type: 'string' } } } },
  { name: 'create_return', description: 'Start a return.', inputSchema: { type: 'object', properties: { id: { type: 'string' } } } },
];

/** A project: package.json marks the root; one prompt with tools, a partial, a stable and a changing input. */
function project(): { dir: string; prompt: string; text: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pcs-lock-'));
  writeFileSync(join(dir, 'package.json'), '{}');
  mkdirSync(join(dir, 'prompts'));
  writeFileSync(join(dir, 'prompts', '_policy.prompt'), `${POLICY}\n`);
  writeFileSync(join(dir, 'prompts', 'tools.json'), JSON.stringify(TOOLS, null, 2));
  const text = [
    '---', // 1
    'model: us.anthropic.claude-sonnet-4-5-20250929-v1:0', // 2
    'tools: [lookup_order, create_return]', // 3
    'bedrock.tools: tools.json', // 4
    'cache.stable: [store]', // 5
    'input:', // 6
    '  default:', // 7
    '    store: Northwind', // 8
    '    customer: Alex', // 9
    '---', // 10
    '{{role "system"}}', // 11
    'You are the support assistant of {{store}}.', // 12
    'Follow the policy below exactly.', // 13
    '{{> policy}}', // 14
    '{{cachePoint}}', // 15
    '{{role "user"}}', // 16
    'Customer {{customer}} writes: hello', // 17
    '',
  ].join('\n');
  const prompt = join(dir, 'prompts', 'support.prompt');
  writeFileSync(prompt, text);
  return { dir, prompt, text };
}

async function check(dir: string, ...args: string[]): Promise<{ code: number; json: CheckJson }> {
  const r = await cli(dir, 'check', '--format', 'json', ...args);
  assert.ok(r.stdout.trim().startsWith('{'), `no JSON: ${r.stdout} ${r.stderr}`);
  return { code: r.code, json: JSON.parse(r.stdout) as CheckJson };
}

// Every test has its own folder: they run side by side, as each spends most of its time starting the CLI.
describe('prompt-cache lock / check', { concurrency: 3 }, () => {
  it('writes the lock at the workspace root and passes an unchanged check', async () => {
    const { dir } = project();
    const locked = await cli(join(dir, 'prompts'), 'lock');
    assert.equal(locked.code, 0, locked.stderr);
    const lock = JSON.parse(readFileSync(join(dir, 'prompt-cache.lock.json'), 'utf8'));
    const entry = lock.prompts['prompts/support.prompt'];
    assert.equal(entry.model, 'us.anthropic.claude-sonnet-4-5-20250929-v1:0');
    assert.equal(entry.cachePoints.length, 1);
    assert.equal(entry.cachePoints[0].line, 15);
    assert.match(entry.cachePoints[0].hash, /^sha256:[0-9a-f]{64}$/);
    assert.ok(entry.cachePoints[0].prefixTokens > 1000);
    const r = await check(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json, { ok: true, changed: [], added: [], removed: [] });
  });

  it('exits 1 naming file, point and line when stable text before a point changed', async () => {
    const { dir, prompt, text } = project();
    await cli(dir, 'lock');
    writeFileSync(prompt, text.replace('Follow the policy below exactly.', 'Follow the policy below to the letter.'));
    const r = await check(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.ok, false);
    assert.equal(r.json.changed.length, 1);
    const [c] = r.json.changed;
    assert.equal(c.file, 'prompts/support.prompt');
    assert.equal(c.cachePointLine, 15);
    assert.equal(c.firstChangedLine, 13);
    assert.ok(c.prefixTokens > 1000);
    // Sonnet 4.5 through a US profile writes at $4.125/M against $3.30/M input: the premium is $0.825 per million.
    assert.equal(c.rewarmCostUSD, Math.round(c.prefixTokens * 0.825) / 1e6);
    const text2 = await cli(dir, 'check');
    assert.equal(text2.code, 1);
    assert.match(text2.stdout, /prompts\/support\.prompt:13: changed: The cache point at line 15 .* first differs at line 13/);
    // Locking again accepts the intended change.
    assert.equal((await cli(dir, 'lock')).code, 0);
    assert.equal((await check(dir)).code, 0);
  });

  it('names the including line when a partial changed, and the variable line when a stable default changed', async () => {
    const { dir, prompt, text } = project();
    await cli(dir, 'lock');
    writeFileSync(join(dir, 'prompts', '_policy.prompt'), `${POLICY}\nRule 61: new.\n`);
    let r = await check(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.changed[0].firstChangedLine, 14);
    writeFileSync(join(dir, 'prompts', '_policy.prompt'), `${POLICY}\n`);
    writeFileSync(prompt, text.replace('store: Northwind', 'store: Contoso'));
    r = await check(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.changed[0].firstChangedLine, 12);
  });

  it('exits 0 when only content after the last cache point changed, or a changing input\'s default', async () => {
    const { dir, prompt, text } = project();
    await cli(dir, 'lock');
    writeFileSync(prompt, text.replace('writes: hello', 'writes: hello, and asks for a refund').replace('customer: Alex', 'customer: Sam'));
    const r = await check(dir);
    assert.equal(r.code, 0, JSON.stringify(r.json));
    assert.equal(r.json.ok, true);
  });

  it('renders a stable input from its declared fixture file, and names the line when the fixture changed', async () => {
    const { dir, prompt, text } = project();
    writeFileSync(join(dir, 'prompts', 'handbook.md'), 'Handbook, edition 1.\n');
    writeFileSync(prompt, text.replace('cache.stable: [store]', 'cache.stable: [store, handbook]\ncache.fixtures:\n  handbook: handbook.md')
      .replace('Follow the policy below exactly.', 'Follow the policy below exactly.\n{{handbook}}'));
    const locked = await cli(dir, 'lock');
    assert.equal(locked.code, 0, locked.stderr);
    assert.equal((await check(dir)).code, 0);
    writeFileSync(join(dir, 'prompts', 'handbook.md'), 'Handbook, edition 2.\n');
    const r = await check(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.changed[0].firstChangedLine, 16);
    writeFileSync(prompt, readFileSync(prompt, 'utf8').replace('handbook: handbook.md', 'handbook: missing.md'));
    const broken = await cli(dir, 'lock');
    assert.equal(broken.code, 1);
    assert.match(broken.stderr, /prompts\/support\.prompt: cache\.fixtures\.handbook: .*missing\.md/);
  });

  it('exits 1 naming the tools block when two tools are reordered', async () => {
    const { dir } = project();
    await cli(dir, 'lock');
    writeFileSync(join(dir, 'prompts', 'tools.json'), JSON.stringify([TOOLS[1], TOOLS[0]], null, 2));
    const r = await check(dir);
    assert.equal(r.code, 1);
    assert.equal(r.json.changed[0].block, 'tools');
    assert.equal(r.json.changed[0].firstChangedLine, 4);
    const text = await cli(dir, 'check');
    assert.match(text.stdout, /first differs at the tools block \(tool list or its order\) at line 4/);
  });

  it('reports added and removed prompts without failing, and fails them with --strict', async () => {
    const { dir, prompt, text } = project();
    await cli(dir, 'lock');
    writeFileSync(join(dir, 'prompts', 'other.prompt'), text);
    let r = await check(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json.added.map((a) => a.file), ['prompts/other.prompt']);
    assert.equal((await check(dir, '--strict')).code, 1);
    await cli(dir, 'lock');
    writeFileSync(prompt, text.replace('{{cachePoint}}\n', ''));
    r = await check(dir);
    assert.equal(r.code, 0);
    assert.deepEqual(r.json.removed.map((a) => a.file), ['prompts/support.prompt']);
    assert.equal((await check(dir, '--strict')).code, 1);
  });

  it('checks only the given paths', async () => {
    const { dir, prompt, text } = project();
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'tools.json'), JSON.stringify(TOOLS));
    writeFileSync(join(dir, 'other', 'a.prompt'), text.replace('{{> policy}}', POLICY));
    await cli(dir, 'lock');
    writeFileSync(prompt, text.replace('Follow the policy', 'Obey the policy'));
    const r = await check(dir, 'other');
    assert.deepEqual(r.json, { ok: true, changed: [], added: [], removed: [] });
    assert.equal((await check(dir, 'prompts')).code, 1);
  });

  it('locks CRLF and LF copies of the same content identically', async () => {
    const lf = project();
    const crlf = project();
    const toCrlf = (path: string) => writeFileSync(path, readFileSync(path, 'utf8').replace(/\n/g, '\r\n'));
    toCrlf(crlf.prompt);
    toCrlf(join(crlf.dir, 'prompts', '_policy.prompt'));
    toCrlf(join(crlf.dir, 'prompts', 'tools.json'));
    assert.equal((await cli(lf.dir, 'lock')).code, 0);
    assert.equal((await cli(crlf.dir, 'lock')).code, 0);
    const a = readFileSync(join(lf.dir, 'prompt-cache.lock.json'), 'utf8');
    const b = readFileSync(join(crlf.dir, 'prompt-cache.lock.json'), 'utf8');
    assert.equal(b, a);
    assert.ok(!a.includes('\r'));
    // Locked on one machine, checked on the other.
    writeFileSync(join(crlf.dir, 'prompt-cache.lock.json'), a);
    assert.equal((await check(crlf.dir)).code, 0);
  });

  it('writes structurally valid SARIF 2.1.0', async () => {
    const { dir, prompt, text } = project();
    await cli(dir, 'lock');
    writeFileSync(prompt, text.replace('Follow the policy', 'Obey the policy'));
    writeFileSync(join(dir, 'prompts', 'new.prompt'), text);
    const r = await cli(dir, 'check', '--format', 'sarif');
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as Sarif.Log;
    assertSarif(log);
    const results = log.runs[0].results!;
    const changed = results.find((x) => x.ruleId === 'cache-prefix-changed')!;
    assert.equal(changed.level, 'error');
    assert.deepEqual(changed.locations![0].physicalLocation!.artifactLocation!.uri, 'prompts/support.prompt');
    assert.equal(changed.locations![0].physicalLocation!.region!.startLine, 13);
    const added = results.find((x) => x.ruleId === 'cache-prompt-added')!;
    assert.equal(added.level, 'note');
  });

  it('prints GitHub workflow annotations, escaped', async () => {
    const { dir, prompt, text } = project();
    // A comma and a colon in a file name must be escaped inside the `file=` property.
    const odd = join(dir, 'prompts', 'a,b:c.prompt');
    writeFileSync(odd, text);
    await cli(dir, 'lock');
    writeFileSync(prompt, text.replace('Follow the policy', 'Obey the policy'));
    writeFileSync(odd, text.replace('Follow the policy', 'Obey the policy'));
    const r = await cli(dir, 'check', '--format', 'github');
    assert.equal(r.code, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0], /^::error file=prompts\/a%2Cb%3Ac\.prompt,line=13,title=Cached prefix changed::The cache point at line 15 /);
    assert.match(lines[1], /^::error file=prompts\/support\.prompt,line=13,title=Cached prefix changed::.*re-warm ≈ \$/);
    for (const line of lines) assert.ok(!line.slice(2).includes('\r'));
  });

  it('exits 2 with a clear message when there is no lock, or the lock is damaged', async () => {
    const { dir } = project();
    let r = await cli(dir, 'check');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no prompt-cache\.lock\.json in .*: run `prompt-cache lock` first/);
    writeFileSync(join(dir, 'prompt-cache.lock.json'), '{"version": 1, "prompts": {"a.prompt": {"model": 3}}}');
    r = await cli(dir, 'check');
    assert.equal(r.code, 2);
    assert.match(r.stderr, /prompt-cache\.lock\.json: prompts\["a\.prompt"\]\.model is not a string/);
    assert.ok(!r.stderr.includes('    at '), r.stderr);
    assert.equal((await cli(dir, 'check', '--format', 'xml')).code, 2);
  });
});

/** The structure SARIF 2.1.0 requires of what we emit (§3.13 sarifLog, §3.14 run, §3.19 tool, §3.27 result). */
function assertSarif(log: Sarif.Log): void {
  assert.equal(log.version, '2.1.0');
  assert.ok(Array.isArray(log.runs) && log.runs.length === 1);
  const run = log.runs[0];
  const driver = run.tool.driver;
  assert.equal(typeof driver.name, 'string');
  const ruleIds = new Set((driver.rules ?? []).map((r) => r.id));
  assert.ok(ruleIds.size > 0 && (driver.rules ?? []).every((r) => typeof r.id === 'string' && typeof r.shortDescription?.text === 'string'));
  assert.ok(Array.isArray(run.results));
  for (const result of run.results!) {
    assert.ok(result.ruleId && ruleIds.has(result.ruleId), `unknown rule ${result.ruleId}`);
    assert.ok(['none', 'note', 'warning', 'error'].includes(result.level ?? 'warning'));
    assert.equal(typeof result.message.text, 'string');
    for (const location of result.locations ?? []) {
      const physical = location.physicalLocation!;
      assert.ok(physical.artifactLocation?.uri && !physical.artifactLocation.uri.includes('\\') && !physical.artifactLocation.uri.startsWith('/'));
      assert.ok(Number.isInteger(physical.region?.startLine) && physical.region!.startLine! >= 1);
    }
  }
}
