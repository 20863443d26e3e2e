// `prompt-cache probe` as a user runs it (a child process) against the emulator: the --json
// contract, refusing to spend money without --yes when nobody can be asked, the question on a
// terminal, and `analyze` using the stored result.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, beforeEach, describe, it } from 'node:test';
import { probeCommand } from '../../src/cli/probeCommand';
import { MAX_PROBE_STEP } from '../../src/core/probePlan';
import { startEmulator, type Emulator } from '../../emulator/server';
import { FAKE_KEYS, isolateAwsEnvironment, longText, workspace } from './awsSupport';

const home = isolateAwsEnvironment();
let emulator: Emulator;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1', models: { 'anthropic.claude-sonnet-4-6': { minTokens: 2048 } } }); });
after(async () => { await emulator.close(); });
beforeEach(() => emulator.reset());

const CLI = resolve(__dirname, '../../src/cli.ts');
const TSX = pathToFileURL(require.resolve('tsx')).href;
const MODEL = 'us.anthropic.claude-sonnet-4-6';

/** Runs the CLI with stdin closed: not a terminal, so nobody can be asked. */
function cli(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, ['--import', TSX, CLI, ...args], {
      cwd, stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: home, AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey, ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

const probesFile = () => join(mkdtempSync(join(tmpdir(), 'pcs-probes-')), 'probes.json');
const probeArgs = (file: string) => ['probe', '--model', MODEL, '--endpoint', emulator.url, '--region', 'us-east-1', '--probes', file];

describe('prompt-cache probe', () => {
  it('--yes --json prints exactly the contract keys, with the minimum within one step', async () => {
    const file = probesFile();
    const { code, stdout, stderr } = await cli([...probeArgs(file), '--yes', '--json'], tmpdir());
    assert.equal(code, 0, stderr);
    const json = JSON.parse(stdout);
    assert.deepEqual(Object.keys(json), ['model', 'region', 'minTokens', 'ttl1h', 'toolsPoint', 'requests', 'costUSD']);
    assert.deepEqual([json.model, json.region, json.ttl1h, json.toolsPoint], [MODEL, 'us-east-1', true, true]);
    assert.ok(json.minTokens >= 2048 && json.minTokens - 2048 <= MAX_PROBE_STEP * json.minTokens, `minTokens ${json.minTokens}`);
    assert.equal(json.requests, emulator.requests.length);
    assert.ok(typeof json.costUSD === 'number' && json.costUSD > 0);
    assert.match(stderr, /up to about \d+ requests, about \$0\.\d+ \(estimate/);
    const stored = JSON.parse(readFileSync(file, 'utf8'));
    assert.equal(stored.probes[0].minTokens, json.minTokens);
  });

  it('refuses without --yes when stdin is not a terminal: exit 2, nothing sent, nothing stored', async () => {
    const file = probesFile();
    const { code, stdout, stderr } = await cli([...probeArgs(file), '--json'], tmpdir());
    assert.equal(code, 2);
    assert.equal(stdout, '');
    assert.match(stderr, /refusing to send paid requests without confirmation: no terminal to ask on\. Pass --yes to confirm\./);
    assert.equal(emulator.requests.length, 0);
    assert.equal(existsSync(file), false);
  });

  it('on a terminal it asks, and a "no" sends nothing; a "yes" probes', async () => {
    const file = probesFile();
    const asked: string[] = [];
    const io = (answer: string) => ({ interactive: true, ask: async (q: string) => { asked.push(q); return answer; } });
    // In this process the keys come from the environment, as in the child processes.
    process.env.AWS_ACCESS_KEY_ID = FAKE_KEYS.accessKeyId;
    process.env.AWS_SECRET_ACCESS_KEY = FAKE_KEYS.secretAccessKey;
    assert.equal(await probeCommand([...probeArgs(file).slice(1)], () => undefined, io('n')), 1);
    assert.equal(emulator.requests.length, 0);
    const out: string[] = [];
    assert.equal(await probeCommand([...probeArgs(file).slice(1)], (s) => out.push(s), io('y')), 0);
    assert.deepEqual(asked, ['Send them? [y/N] ', 'Send them? [y/N] ']);
    assert.match(out.join('\n'), /minimum per cache point {2}[\d,]+ tokens .*the catalog says 1,024/);
    assert.match(out.join('\n'), /probed on \d{4}-\d\d-\d\d in us-east-1/);
  });

  it('names a model that does not cache, before anything is sent', async () => {
    const { code, stderr } = await cli(['probe', '--model', 'meta.llama3-70b-instruct-v1:0', '--endpoint', emulator.url, '--yes'], tmpdir());
    assert.equal(code, 2);
    assert.match(stderr, /does not support prompt caching on Bedrock: there is nothing to probe/);
    assert.equal(emulator.requests.length, 0);
  });

  it('analyze uses the stored result: the catalog-fine point becomes below the probed minimum', async () => {
    const file = probesFile();
    assert.equal((await cli([...probeArgs(file), '--yes', '--json'], tmpdir())).code, 0);
    const root = workspace({ 'p.prompt': `---\nmodel: ${MODEL}\n---\n{{role "system"}}\n${longText('Policy', 90)}\n{{cachePoint}}\n{{role "user"}}\nQ?\n` });
    const plain = await cli(['analyze', 'p.prompt', '--json', '--probes', join(root, 'none.json')], root);
    assert.equal(plain.code, 0, plain.stderr);
    assert.ok(!JSON.parse(plain.stdout).findings.some((f: { code: string }) => f.code === 'cache-below-minimum'));
    // The default location comes from PROMPT_CACHE_PROBES when --probes is not given.
    const probed = await cli(['analyze', 'p.prompt', '--json', '--region', 'us-east-1'], root, { PROMPT_CACHE_PROBES: file });
    assert.equal(probed.code, 1, probed.stderr);
    const finding = JSON.parse(probed.stdout).findings.find((f: { code: string }) => f.code === 'cache-below-minimum');
    assert.ok(finding);
    assert.match(finding.message, /\(probed on \d{4}-\d\d-\d\d in us-east-1\)/);
    const text = await cli(['analyze', 'p.prompt', '--probes', file, '--region', 'us-east-1'], root);
    assert.match(text.stdout, /minimum [\d,]+ tokens per cache point \(probed on \d{4}-\d\d-\d\d in us-east-1\)/);
    // count compares Bedrock's exact prefix with the probed minimum too (both in Bedrock's units).
    const count = await cli(['count', 'p.prompt', '--endpoint', emulator.url, '--region', 'us-east-1', '--probes', file], root);
    assert.equal(count.code, 0, count.stderr);
    assert.match(count.stdout, /below minimum [\d,]+ \(probed on \d{4}-\d\d-\d\d in us-east-1\): will not cache/);
    const catalog = await cli(['count', 'p.prompt', '--endpoint', emulator.url, '--region', 'us-east-1', '--probes', join(root, 'none.json')], root);
    assert.match(catalog.stdout, /≥ minimum 1,024\s/);
  });

  it('a damaged probes file is named, not a stack trace', async () => {
    const root = workspace({ 'p.prompt': `---\nmodel: ${MODEL}\n---\nHi\n`, 'bad.json': '{"probes": [{"model": 3}]}' });
    const { code, stderr } = await cli(['analyze', 'p.prompt', '--probes', 'bad.json'], root);
    assert.equal(code, 2);
    assert.match(stderr, /bad\.json: probes\[0\]\.model must be a model ID/);
    assert.doesNotMatch(stderr, /\n\s+at /);
  });
});
