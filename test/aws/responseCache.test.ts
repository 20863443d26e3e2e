// The response cache on the run path, with the real SDK against the emulator and, for Redis, a
// real redis-server: an identical second run makes no request and is marked replayed at $0; a
// changed input does make one; faults (server down, slow, full, killed mid-run) fall back to
// Bedrock with one warning; two CLI processes share entries through one Redis.
import assert from 'node:assert/strict';
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import Redis from 'ioredis';
import { runPrompt } from '../../src/aws/promptRunner';
import { FileResponseStore, fileStoreFolder } from '../../src/node/fileResponseStore';
import { RedisResponseStore } from '../../src/node/redisResponseStore';
import { ResponseCache } from '../../src/node/responseCache';
import type { ResponseStore } from '../../src/node/responseStore';
import { efficiencySummary, runMetrics } from '../../src/webview/runMetrics';
import { startEmulator, type Emulator } from '../../emulator/server';
import { cli as runCli } from '../security/securitySupport';
import { emulatorSettings, factory, FAKE_KEYS, isolateAwsEnvironment, longText, workspace } from './awsSupport';
import { redisSkipReason, startRedis, type RedisServer } from './helpers/redisServer';

const home = isolateAwsEnvironment();
let emulator: Emulator;
const clients = factory();
before(async () => { emulator = await startEmulator({ port: 0, host: '127.0.0.1' }); });
after(async () => { clients.dispose(); await emulator.close(); });
beforeEach(() => emulator.reset());

const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const source = `---
model: ${SONNET45}
---
{{role "system"}}
${longText('Policy', 100)}
{{cachePoint}}
{{role "user"}}
Question: {{q}}
`;
const converseCalls = () => emulator.requests.filter((r) => r.operation === 'converse-stream').length;

async function run(root: string, store: ResponseStore, q: string, extra: { bypass?: boolean; warnings?: string[] } = {}) {
  const warnings = extra.warnings ?? [];
  const cache = new ResponseCache(store, { warn: (m) => warnings.push(m), bypass: extra.bypass });
  const deltas: string[] = [];
  const result = await runPrompt({
    file: join(root, 'p.prompt'), workspaceRoots: [root], inputs: { q }, clients, client: emulatorSettings(emulator),
    onCacheUnsupported: 'fail', responseCache: cache, onDelta: (text) => deltas.push(text),
  });
  return { result, record: result.records[0], deltas, warnings };
}

describe('response cache on the run path (file store)', () => {
  it('replays an identical request with no Bedrock call, at $0, streamed; a changed input calls Bedrock', async () => {
    const root = workspace({ 'p.prompt': source });
    const store = new FileResponseStore(fileStoreFolder(root));
    const first = await run(root, store, 'Why?');
    assert.equal(converseCalls(), 1);
    assert.equal(first.record.replayed, undefined);
    assert.ok(first.record.costUSD > 0);

    const second = await run(root, store, 'Why?');
    assert.equal(converseCalls(), 1, 'no second request reached Bedrock');
    assert.equal(second.record.replayed, true);
    assert.equal(second.record.text, first.record.text);
    assert.equal(second.record.stopReason, first.record.stopReason);
    assert.deepEqual(second.record.usage, first.record.usage, 'usage as originally reported');
    assert.equal(second.record.costUSD, 0);
    assert.deepEqual(second.record.replay, { storedAt: second.record.replay!.storedAt, savedUSD: first.record.costUSD, savedMs: first.record.latencyMs });
    assert.ok(second.deltas.length > 1, 'the replay streams in several deltas');
    assert.equal(second.deltas.join(''), first.record.text);
    // Left out of Bedrock prompt-cache statistics.
    assert.deepEqual(runMetrics(second.record), { hitRatio: 0, savingUSD: 0, savingRatio: 0 });
    assert.equal(efficiencySummary([first.record, second.record]).runs, 1);

    await run(root, store, 'Why not?');
    assert.equal(converseCalls(), 2, 'a changed input is a new request');
    const stats = await store.stats();
    assert.deepEqual([stats.hits, stats.misses, stats.entries], [1, 2, 2]);
    assert.equal(stats.savedUSD, first.record.costUSD);
  });

  it('bypass (Run Prompt Fresh) calls Bedrock and refreshes the entry', async () => {
    const root = workspace({ 'p.prompt': source });
    const store = new FileResponseStore(fileStoreFolder(root));
    await run(root, store, 'Why?');
    const fresh = await run(root, store, 'Why?', { bypass: true });
    assert.equal(converseCalls(), 2);
    assert.equal(fresh.record.replayed, undefined);
  });

  it('never stores or replays a cut-short answer', async () => {
    const root = workspace({ 'p.prompt': source });
    const store = new FileResponseStore(fileStoreFolder(root));
    emulator.faults.streamException(3);
    const broken = await run(root, store, 'Why?');
    assert.equal(broken.record.complete, false);
    assert.equal((await store.stats()).entries, 0);
    const next = await run(root, store, 'Why?');
    assert.equal(next.record.replayed, undefined);
    assert.equal(converseCalls(), 2);
  });

  it('a corrupt entry is removed with one warning and the run goes to Bedrock', async () => {
    const root = workspace({ 'p.prompt': source });
    const warnings: string[] = [];
    const store = new FileResponseStore(fileStoreFolder(root), { warn: (m) => warnings.push(m) });
    await run(root, store, 'Why?');
    const folder = fileStoreFolder(root);
    const [name] = readdirSync(folder).filter((n) => n.endsWith('.json'));
    writeFileSync(join(folder, name), '{"format":1,"key":"');
    const after = await run(root, store, 'Why?', { warnings });
    assert.equal(after.record.replayed, undefined);
    assert.equal(converseCalls(), 2);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /unreadable/);
    const again = await run(root, store, 'Why?');
    assert.equal(again.record.replayed, true, 'the fresh answer replaced the corrupt entry');
  });
});

/** The CLI as a user runs it, with this test's fake HOME and keys. */
const cli = (args: string[], cwd: string) => runCli(args, cwd, { env: { HOME: home, AWS_ACCESS_KEY_ID: FAKE_KEYS.accessKeyId, AWS_SECRET_ACCESS_KEY: FAKE_KEYS.secretAccessKey } });

describe('response cache in the CLI', () => {
  it('run --response-cache file marks replays in --json; stats and clear report on the store', async () => {
    const root = workspace({ 'p.prompt': source, '.git/HEAD': 'ref: refs/heads/main\n' });
    const args = ['run', 'p.prompt', '--endpoint', emulator.url, '--input', 'q=Why?', '--json', '--response-cache', 'file'];
    const one = await cli(args, root);
    assert.equal(one.code, 0, one.stderr);
    assert.equal(JSON.parse(one.stdout).runs[0].replayed, false);
    const two = await cli(args, root);
    assert.equal(two.code, 0, two.stderr);
    const run2 = JSON.parse(two.stdout).runs[0];
    assert.equal(run2.replayed, true);
    assert.equal(run2.costUSD, 0);
    assert.equal(converseCalls(), 1);
    const off = await cli([...args, '--no-response-cache'], root);
    assert.equal(JSON.parse(off.stdout).runs[0].replayed, false);
    assert.equal(converseCalls(), 2);

    const stats = await cli(['response-cache', 'stats', '--json'], root);
    assert.equal(stats.code, 0, stats.stderr);
    const figures = JSON.parse(stats.stdout);
    assert.deepEqual([figures.hits, figures.misses, figures.entries], [1, 1, 1]);
    assert.ok(figures.savedUSD > 0 && figures.storedBytes > 0);
    const cleared = await cli(['response-cache', 'clear', '--json'], root);
    assert.equal(JSON.parse(cleared.stdout).removed, 1);
    // --times N measures Bedrock's prompt cache cold and warm: every run reaches Bedrock.
    const before = converseCalls();
    const times = await cli([...args, '--times', '2'], root);
    assert.deepEqual(JSON.parse(times.stdout).runs.map((r: { replayed: boolean }) => r.replayed), [false, false]);
    assert.equal(converseCalls(), before + 2);
    const bad = await cli(['run', 'p.prompt', '--response-cache', 'memcached://x', '--input', 'q=a'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /unknown response cache/);
  });
});

describe('response cache in Redis', { skip: redisSkipReason }, () => {
  let redis: RedisServer;
  beforeEach(async () => { redis = await startRedis(); });
  afterEach(async () => { await redis?.stop(); });

  it('two CLI processes share entries through one Redis', async () => {
    const a = workspace({ 'p.prompt': source });
    const b = workspace({ 'p.prompt': source });
    const args = ['run', 'p.prompt', '--endpoint', emulator.url, '--region', 'us-east-1', '--input', 'q=Shared?', '--json', '--response-cache', redis.url];
    const one = await cli(args, a);
    assert.equal(one.code, 0, one.stderr);
    const two = await cli(args, b);
    assert.equal(two.code, 0, two.stderr);
    assert.equal(JSON.parse(two.stdout).runs[0].replayed, true);
    assert.equal(JSON.parse(two.stdout).runs[0].text, JSON.parse(one.stdout).runs[0].text);
    assert.equal(converseCalls(), 1);
    const stats = await cli(['response-cache', 'stats', '--json', '--response-cache', redis.url], a);
    assert.deepEqual((({ hits, misses, entries }) => [hits, misses, entries])(JSON.parse(stats.stdout)), [1, 1, 1]);
    await redis.stop();
  });

  it('entries expire by Redis TTL', async () => {
    const root = workspace({ 'p.prompt': source });
    const store = new RedisResponseStore(redis.url, { ttlMs: 300 });
    try {
      await run(root, store, 'Why?');
      assert.equal((await run(root, store, 'Why?')).record.replayed, true);
      const admin = new Redis(redis.url);
      const [key] = await admin.keys('prompt-cache:response:*');
      const pttl = await admin.pttl(key);
      assert.ok(pttl > 0 && pttl <= 300, `expiry set per entry (${pttl} ms)`);
      await admin.quit();
      await new Promise((r) => setTimeout(r, 400));
      assert.equal((await run(root, store, 'Why?')).record.replayed, undefined);
      assert.equal(converseCalls(), 2);
    } finally {
      await store.close();
      await redis.stop();
    }
  });

  it('a server that is down, slow or full sends the run to Bedrock with one warning', async () => {
    const root = workspace({ 'p.prompt': source });
    // Slow: the server sleeps longer than the store waits.
    const slow = new RedisResponseStore(redis.url, { timeoutMs: 200 });
    const admin = new Redis(redis.url);
    await admin.ping();
    const sleeping = admin.call('DEBUG', 'SLEEP', '3');
    await new Promise((r) => setTimeout(r, 50));
    const slowRun = await run(root, slow, 'Why?');
    assert.equal(slowRun.result.failure, undefined);
    assert.equal(slowRun.warnings.length, 1);
    assert.match(slowRun.warnings[0], /failed while reading/);
    await slow.close();
    await sleeping;

    // Full: no memory for a write under the noeviction policy; the answer is still given.
    await admin.config('SET', 'maxmemory-policy', 'noeviction');
    await admin.config('SET', 'maxmemory', '1');
    const full = new RedisResponseStore(redis.url);
    const fullRun = await run(root, full, 'Full?');
    assert.equal(fullRun.result.failure, undefined);
    assert.ok(fullRun.record.text.length > 0);
    assert.equal(fullRun.warnings.length, 1);
    assert.match(fullRun.warnings[0], /OOM|memory/i);
    await full.close();
    await admin.config('SET', 'maxmemory', '0');
    await admin.quit();

    // Down: nothing listens.
    await redis.stop();
    const down = new RedisResponseStore(redis.url, { timeoutMs: 300 });
    const downRun = await run(root, down, 'Why?');
    assert.equal(downRun.result.failure, undefined);
    assert.equal(downRun.record.replayed, undefined);
    assert.equal(downRun.warnings.length, 1);
    await down.close();
    assert.equal(converseCalls(), 3);
  });

  it('a server killed mid-run: the whole answer is kept, with one warning', async () => {
    const root = workspace({ 'p.prompt': source });
    const store = new RedisResponseStore(redis.url, { timeoutMs: 300 });
    emulator.faults.slowStream(40);
    const warnings: string[] = [];
    const cache = new ResponseCache(store, { warn: (m) => warnings.push(m) });
    let killed = false;
    const result = await runPrompt({
      file: join(root, 'p.prompt'), workspaceRoots: [root], inputs: { q: 'Killed?' }, clients, client: emulatorSettings(emulator),
      onCacheUnsupported: 'fail', responseCache: cache,
      onDelta: () => { if (!killed) { killed = true; redis.process.kill('SIGKILL'); } },
    });
    await store.close();
    assert.ok(killed);
    assert.equal(result.failure, undefined);
    assert.equal(result.records[0].complete, true);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /failed while saving/);
    assert.doesNotMatch(warnings[0], /password/);
  });
});
