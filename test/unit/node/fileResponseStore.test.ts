// The file store on a real disk in temp folders: private files, atomic writes shared by several
// processes, least-recently-used eviction at the size cap, TTL, and recovery from damaged entries.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type { CachedResponse } from '../../../src/core/responseCacheEntry';
import { FileResponseStore, fileStoreFolder } from '../../../src/node/fileResponseStore';
import { ResponseCache } from '../../../src/node/responseCache';

const key = (n: number) => n.toString(16).padStart(64, '0');
const entry = (text: string, storedAt = new Date().toISOString()): CachedResponse => ({ text, usage: { inputTokens: 10, outputTokens: 5 }, costUSD: 0.002, storedAt, latencyMs: 1200 });
const folder = () => fileStoreFolder(mkdtempSync(join(tmpdir(), 'pcs-responses-')));

describe('FileResponseStore', () => {
  it('stores entries as 0600 files in a 0700 folder and reads them back', async () => {
    const dir = folder();
    const store = new FileResponseStore(dir);
    await store.put(key(1), entry('hello'));
    assert.equal((await store.get(key(1)))?.text, 'hello');
    assert.equal(await store.get(key(2)), undefined);
    if (process.platform !== 'win32') {
      assert.equal(statSync(join(dir, `${key(1)}.json`)).mode & 0o777, 0o600);
      assert.equal(statSync(dir).mode & 0o777, 0o700);
    }
  });

  it('expires entries after the TTL and removes them', async () => {
    const dir = folder();
    let now = Date.parse('2026-01-01T00:00:00Z');
    const store = new FileResponseStore(dir, { ttlMs: 60_000, now: () => now });
    await store.put(key(1), entry('old', new Date(now).toISOString()));
    now += 59_000;
    assert.equal((await store.get(key(1)))?.text, 'old');
    now += 1_000;
    assert.equal(await store.get(key(1)), undefined);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.json')), []);
  });

  it('evicts the least recently used entries when over the size cap', async () => {
    const dir = folder();
    const big = 'x'.repeat(700);
    // The cap holds three entries, not four.
    await new FileResponseStore(dir).put(key(0), entry(big));
    const size = statSync(join(dir, `${key(0)}.json`)).size;
    await new FileResponseStore(dir).clear();
    const cap = Math.floor(size * 3.5);
    const store = new FileResponseStore(dir, { maxBytes: cap });
    for (const n of [1, 2, 3]) {
      await store.put(key(n), entry(big));
      utimesSync(join(dir, `${key(n)}.json`), new Date(Date.now() - (10 - n) * 1000), new Date(Date.now() - (10 - n) * 1000));
    }
    // Entry 1 is the oldest write, but reading it makes it the most recently used.
    assert.ok(await store.get(key(1)));
    await store.put(key(4), entry(big));
    const left = readdirSync(dir).filter((n) => n.endsWith('.json')).sort();
    assert.ok(!left.includes(`${key(2)}.json`), 'least recently used went first');
    assert.ok(left.includes(`${key(1)}.json`) && left.includes(`${key(4)}.json`));
    const stats = await store.stats();
    assert.equal(stats.entries, 3);
    assert.ok(stats.storedBytes <= cap, `${stats.storedBytes} bytes within the cap`);
  });

  it('removes a corrupt or half-written entry, warns, and never returns it', async () => {
    const dir = folder();
    const warnings: string[] = [];
    const store = new FileResponseStore(dir, { warn: (m) => warnings.push(m) });
    await store.put(key(1), entry('whole'));
    const path = join(dir, `${key(1)}.json`);
    const whole = readFileSync(path, 'utf8');
    writeFileSync(path, whole.slice(0, whole.length / 2));
    assert.equal(await store.get(key(1)), undefined);
    assert.equal(warnings.length, 1);
    assert.deepEqual(readdirSync(dir).filter((n) => n.endsWith('.json')), []);
    // A flipped character inside an otherwise valid file fails the checksum.
    await store.put(key(2), entry('checked'));
    const path2 = join(dir, `${key(2)}.json`);
    writeFileSync(path2, readFileSync(path2, 'utf8').replace('checked', 'chécked'));
    assert.equal(await store.get(key(2)), undefined);
    assert.match(warnings[1], /checksum/);
  });

  it('clears temp files left by a killed writer once they are stale', async () => {
    const dir = folder();
    const store = new FileResponseStore(dir);
    await store.put(key(1), entry('a'));
    const temp = join(dir, `.${key(9)}.json.tmp-99999-abcd`);
    writeFileSync(temp, '{"format":1,');
    utimesSync(temp, new Date(Date.now() - 120_000), new Date(Date.now() - 120_000));
    await store.put(key(2), entry('b'));
    assert.ok(!readdirSync(dir).some((n) => n.includes('.tmp-')));
  });

  it('counts hits, misses and savings, and clears everything', async () => {
    const dir = folder();
    const store = new FileResponseStore(dir);
    const cache = new ResponseCache(store, { warn: () => assert.fail('no warning expected') });
    assert.equal(await cache.lookup(key(1)), undefined);
    await cache.save(key(1), entry('a'));
    assert.ok(await cache.lookup(key(1)));
    const stats = await store.stats();
    assert.deepEqual([stats.hits, stats.misses, stats.entries, stats.savedUSD, stats.savedMs], [1, 1, 1, 0.002, 1200]);
    assert.equal(await store.clear(), 1);
    assert.deepEqual(await store.stats(), { hits: 0, misses: 0, entries: 0, storedBytes: 0, savedUSD: 0, savedMs: 0 });
  });

  it('a disk fault gives one warning and switches the cache off for the rest of the run', async () => {
    const root = mkdtempSync(join(tmpdir(), 'pcs-responses-'));
    writeFileSync(join(root, '.prompt-cache'), 'a file where the folder should be');
    const warnings: string[] = [];
    const cache = new ResponseCache(new FileResponseStore(fileStoreFolder(root)), { warn: (m) => warnings.push(m) });
    await cache.save(key(1), entry('a'));
    await cache.save(key(2), entry('b'));
    assert.equal(await cache.lookup(key(1)), undefined);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /failed while saving/);
  });

  it('several processes writing the same key never leave or read a damaged entry', async () => {
    const dir = folder();
    const worker = resolve(__dirname, 'helpers/fileStoreWorker.ts');
    const tsx = pathToFileURL(require.resolve('tsx')).href;
    const codes = await Promise.all(['w1', 'w2', 'w3'].map((name) => new Promise<{ code: number | null; stderr: string }>((done) => {
      const child = spawn(process.execPath, ['--import', tsx, worker, dir, name, '25']);
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('close', (code) => done({ code, stderr }));
    })));
    for (const { code, stderr } of codes) assert.equal(code, 0, stderr);
    const store = new FileResponseStore(dir, { warn: (m) => assert.fail(m) });
    const names = readdirSync(dir);
    assert.ok(!names.some((n) => n.includes('.tmp-')), 'no temp file left behind');
    const entries = names.filter((n) => n.endsWith('.json'));
    assert.equal(entries.length, 1 + 3 * 25, 'nothing lost');
    for (const name of entries) assert.ok(await store.get(name.slice(0, 64)), `${name} is whole`);
    assert.equal((await store.stats()).hits, 75, 'every process counted');
  });
});
