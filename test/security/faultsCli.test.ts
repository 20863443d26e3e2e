// Faults that only a separate process shows: two CLI runs writing one history at once, a disk
// that fills up while the history is written (`ulimit -f`), the process killed or interrupted
// mid-run, and credentials that expire between two runs. The history must always parse, keep
// every finished record, and the next run must work.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { parseHistory, serializeHistory, type HistoryData } from '../../src/core/history';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cli, type CliOptions, SECRETS, secretHome, SONNET45, workspace } from './securitySupport';

secretHome();
let emulator: Emulator;
let root: string;
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { await emulator.close(); });
beforeEach(() => {
  emulator.reset();
  root = workspace({ 'p.prompt': `---\nmodel: ${SONNET45}\n---\nTell me something long.` });
});

const KEYS = { AWS_ACCESS_KEY_ID: 'AKIACLIFAULTKEY00001', AWS_SECRET_ACCESS_KEY: 'cli-fault-secret' };

function run(options: CliOptions = {}, extra: string[] = []) {
  return cli(['run', 'p.prompt', '--endpoint', emulator.url, '--history', 'history.json', '--json', ...extra], root, { ...options, env: { ...KEYS, ...options.env } });
}

function records(): UsageRecord[] {
  const parsed = parseHistory(readFileSync(join(root, 'history.json'), 'utf8'));
  assert.ok(parsed.ok, 'the history parses');
  return parsed.data.files['p.prompt'] ?? [];
}

/** Nothing left behind by a writer: no temp files, no lock. */
function noDebris(): void {
  assert.deepEqual(readdirSync(root).sort(), ['history.json', 'p.prompt']);
}

describe('the CLI under faults', () => {
  it('two runs at once on the same history: both records kept, the file parses', async () => {
    emulator.faults.slowStream(5);
    const results = await Promise.all([run(), run(), run()]);
    for (const r of results) assert.equal(r.code, 0, r.stderr);
    assert.equal(records().length, 3);
    assert.equal(new Set(records().map((r) => r.id)).size, 3);
    noDebris();
  });

  it('a disk that fills up while the history is written: a warning that says why, the answer printed, the old history intact', async () => {
    // An old history that fills its last KiB, so the next record crosses the file-size limit.
    const old: UsageRecord = {
      id: 'old-run', file: 'p.prompt', startedAt: '2026-01-01T00:00:00.000Z', model: SONNET45, region: 'us-east-1',
      usage: { inputTokens: 1, outputTokens: 1, cacheReadInputTokens: 0, cacheWriteInputTokens: 0, totalInputTokens: 1 },
      costUSD: 0, costWithoutCacheUSD: 0, priceDate: '2026-01', complete: true, cachePoints: [], blocks: [], text: '',
    };
    const data: HistoryData = { version: 1, files: { 'p.prompt': [old] } };
    const limitKiB = 4;
    old.text = 'x'.repeat(limitKiB * 1024 - 16 - serializeHistory(data).length);
    const before = serializeHistory(data);
    writeFileSync(join(root, 'history.json'), before);
    const full = await run({ fileSizeLimitKiB: limitKiB });
    assert.equal(full.code, 0, full.stderr);
    assert.match(JSON.parse(full.stdout).runs[0].text, /^Emulated reply/);
    assert.match(full.stderr, /warning: The run history could not be saved to history\.json \(the file is larger than the disk or quota allows; EFBIG\)\. The history saved before is unchanged/);
    assert.equal(readFileSync(join(root, 'history.json'), 'utf8'), before, 'the old history is byte for byte intact');
    noDebris();
    const next = await run();
    assert.equal(next.code, 0, next.stderr);
    assert.deepEqual(records().map((r) => r.id === 'old-run'), [true, false]);
  });

  it('killed during a run: the history still parses with every finished run, and the next run works', async () => {
    assert.equal((await run()).code, 0);
    emulator.faults.slowStream(200);
    const killed = await run({ started: (child) => emulator.events.once('request', () => child.kill('SIGKILL')) });
    assert.equal(killed.signal, 'SIGKILL');
    assert.equal(records().length, 1);
    emulator.faults.clear();
    assert.equal((await run()).code, 0);
    assert.deepEqual(records().map((r) => r.complete), [true, true]);
    noDebris();
  });

  it('interrupted (Ctrl+C) during a run: "Run cancelled.", an incomplete record, exit 1', async () => {
    emulator.faults.stall(0);
    const stopped = await run({ started: (child) => emulator.events.once('request', () => child.kill('SIGINT')) });
    assert.equal(stopped.code, 1);
    assert.match(stopped.stderr, /^prompt-cache run: Run cancelled\.$/m);
    assert.deepEqual(records().map((r) => [r.complete, r.error]), [[false, 'Run cancelled.']]);
    emulator.faults.clear();
    assert.equal((await run()).code, 0);
    assert.equal(records().length, 2);
  });

  it('credentials that expire between two runs: the second says so, the third (refreshed) works', async () => {
    assert.equal((await run()).code, 0);
    const expired = await run({ env: { AWS_ACCESS_KEY_ID: SECRETS.expiredAccessKeyId } });
    assert.equal(expired.code, 1);
    assert.match(expired.stderr, /^prompt-cache run: The AWS credentials have expired\. For an SSO profile run `aws sso login`; otherwise refresh the credentials and try again\.$/m);
    assert.equal((await run()).code, 0);
    assert.deepEqual(records().map((r) => r.complete), [true, false, true]);
  });
});
