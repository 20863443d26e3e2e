// Exact token counts through CountTokens, and the `run` / `count` commands of the CLI as a user
// runs them (a child process) against the emulator.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { CountCache, countTokensExact } from '../../src/aws/countTokens';
import { preparePrompt } from '../../src/node/promptPreparation';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cl100kTokens, FRAMING } from '../emulator/testSupport';
import { ensureBuilt } from '../../scripts/integration/ensureBuilt';
import { REPO_ROOT } from '../support/paths';
import { emulatorSettings, factory, FAKE_KEYS, isolateAwsEnvironment, longText, workspace } from './awsSupport';

const home = isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { clients.dispose(); await emulator.close(); });
beforeEach(() => emulator.reset());

const system = longText('Policy', 100);
const source = (model: string) => `---
model: ${model}
---
{{role "system"}}
${system}
{{cachePoint}}
{{role "user"}}
Contract text here.
{{cachePoint}}
Question: {{q}}
`;

describe('countTokensExact', () => {
  it('counts every block prefix with the base model ID and caches by content', async () => {
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const prepared = await preparePrompt({ file: join(root, 'p.prompt'), inputs: { q: 'Why?' } });
    const client = clients.get(emulatorSettings(emulator)).client;
    const cache = new CountCache();
    const first = await countTokensExact(client, prepared.built.request, prepared.model, { sites: prepared.built.sites, cache });
    assert.ok(first.ok);
    const S = cl100kTokens(system);
    const contract = FRAMING + cl100kTokens('Contract text here.');
    assert.deepEqual(first.prefixes.map((p) => [p.path, p.kind, p.prefixTokens]), [
      ['system.0', 'text', S], ['system.1', 'cachePoint', S],
      ['messages.0.content.0', 'text', S + contract], ['messages.0.content.1', 'cachePoint', S + contract],
      ['messages.0.content.2', 'text', S + contract + cl100kTokens('Question: Why?')],
    ]);
    assert.equal(first.totalTokens, S + contract + cl100kTokens('Question: Why?'));
    assert.ok(emulator.requests.every((r) => r.modelId === 'anthropic.claude-sonnet-4-5-20250929-v1:0'), 'CountTokens got the base ID');
    const calls = emulator.requests.length;
    assert.equal(first.calls, calls);
    const second = await countTokensExact(client, prepared.built.request, prepared.model, { sites: prepared.built.sites, cache });
    assert.ok(second.ok);
    assert.equal(second.calls, 0);
    assert.equal(emulator.requests.length, calls, 'answered from the cache');
  });

  it('falls back with a typed reason for a model that cannot count, without a call', async () => {
    const root = workspace({ 'p.prompt': source('amazon.nova-pro-v1:0') });
    const prepared = await preparePrompt({ file: join(root, 'p.prompt'), inputs: { q: 'Why?' } });
    const counted = await countTokensExact(clients.get(emulatorSettings(emulator)).client, prepared.built.request, prepared.model);
    assert.deepEqual([counted.ok, !counted.ok && counted.reason], [false, 'modelCannotCount']);
    assert.equal(emulator.requests.length, 0);
  });

  it('falls back with a typed reason when Bedrock refuses', async () => {
    emulator.faults.add({ kind: 'error', errorType: 'AccessDeniedException', operation: 'count-tokens', message: 'not allowed' });
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const prepared = await preparePrompt({ file: join(root, 'p.prompt'), inputs: { q: 'Why?' } });
    const counted = await countTokensExact(clients.get(emulatorSettings(emulator)).client, prepared.built.request, prepared.model);
    assert.deepEqual([counted.ok, !counted.ok && counted.reason], [false, 'accessDenied']);
  });
});

const CLI = resolve(__dirname, '../../src/cli.ts');
// The child runs in a temp folder, so the loader is named by its resolved location.
const TSX = pathToFileURL(require.resolve('tsx')).href;

function cli(args: string[], cwd: string, start = ['--import', TSX, CLI], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [...start, ...args], {
      cwd, env: { ...process.env, HOME: home, AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

describe('the built CLI, started from its code cache', () => {
  it('runs a prompt through the emulator with the parts it loads on first use', async () => {
    ensureBuilt(REPO_ROOT);
    // A copy of the bundles, with the cache written by this Node.js, as the build writes it for its own.
    const dist = mkdtempSync(join(tmpdir(), 'pcs-built-cli-'));
    for (const file of ['cli.js', 'cli-main.js', 'cli-aws.js', 'cli-redis.js', 'cl100k_base.ranks', 'cl100k_base.cjs']) copyFileSync(join(REPO_ROOT, 'dist', file), join(dist, file));
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const written = await cli(['analyze', 'p.prompt'], root, [join(dist, 'cli.js')], { PROMPT_CACHE_CODE_CACHE: 'write' });
    assert.equal(written.code, 0, written.stderr);
    const { code, stdout, stderr } = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--input', 'q=Why?', '--json'], root, [join(dist, 'cli.js')], { PROMPT_CACHE_CODE_CACHE: 'report' });
    assert.equal(code, 0, stderr);
    assert.match(stderr, /^code cache: used$/m);
    assert.match(JSON.parse(stdout).runs[0].text, /^Emulated reply from us\.anthropic/);
  });
});

describe('CLI run and count', () => {
  it('run --times 2 --json prints cold and warm usage', async () => {
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const { code, stdout, stderr } = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--region', 'us-east-1', '--input', 'q=Why?', '--times', '2', '--json', '--history', '.history.json'], root);
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout);
    const S = cl100kTokens(system);
    const prefix = S + FRAMING + cl100kTokens('Contract text here.');
    assert.equal(json.runs.length, 2);
    assert.deepEqual(json.runs.map((r: { usage: object }) => r.usage), [
      { inputTokens: cl100kTokens('Question: Why?'), outputTokens: json.runs[0].usage.outputTokens, cacheReadInputTokens: 0, cacheWriteInputTokens: prefix, totalInputTokens: prefix + cl100kTokens('Question: Why?') },
      { inputTokens: cl100kTokens('Question: Why?'), outputTokens: json.runs[1].usage.outputTokens, cacheReadInputTokens: prefix, cacheWriteInputTokens: 0, totalInputTokens: prefix + cl100kTokens('Question: Why?') },
    ]);
    for (const run of json.runs) {
      assert.match(run.text, /^Emulated reply from us\.anthropic/);
      assert.equal(run.stopReason, 'end_turn');
      assert.ok(run.costUSD > 0 && typeof run.latencyMs === 'number' && typeof run.timeToFirstTokenMs === 'number');
    }
    assert.ok(json.runs[1].costUSD < json.runs[0].costUSD);
  });

  it('run without --json prints cold and warm side by side', async () => {
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const { code, stdout } = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--input', 'q=Why?', '--times', '2', '--http1'], root);
    assert.equal(code, 0);
    assert.match(stdout, /run 1 \(cold\)\s+run 2 \(warm\)/);
    assert.match(stdout, /cache read\s+0\s+[\d,]+/);
    assert.equal(emulator.requests[0].transport, 'http/1.1');
  });

  it('run names missing inputs and exits 2', async () => {
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const { code, stderr } = await cli(['run', 'p.prompt', '--endpoint', emulator.url], root);
    assert.equal(code, 2);
    assert.match(stderr, /Missing input: q\./);
    assert.equal(emulator.requests.length, 0);
  });

  it('run reports a Bedrock failure and exits 1', async () => {
    const root = workspace({ 'p.prompt': source('anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const { code, stderr } = await cli(['run', 'p.prompt', '--endpoint', emulator.url, '--input', 'q=x', '--json'], root);
    assert.equal(code, 1);
    assert.match(stderr, /must be called through an inference profile\. Use "us\.anthropic\.claude-sonnet-4-5-20250929-v1:0" or "global\./);
  });

  it('count prints exact per-block prefixes with the minimum check', async () => {
    const root = workspace({ 'p.prompt': source('us.anthropic.claude-sonnet-4-5-20250929-v1:0') });
    const { code, stdout, stderr } = await cli(['count', 'p.prompt', '--endpoint', emulator.url, '--input', 'q=Why?'], root);
    assert.equal(code, 0, stderr);
    const S = cl100kTokens(system);
    assert.match(stdout, /total [\d,]+ tokens \(exact\)/);
    assert.match(stdout, new RegExp(`system\\.1\\s+cachePoint\\s+${S.toLocaleString('en-US')}\\s+≥ minimum 1,024`));
    assert.match(stdout, /messages\.0\.content\.1\s+cachePoint/);
  });
});
