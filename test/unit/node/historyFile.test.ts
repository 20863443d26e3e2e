// The on-disk run history: atomic writes, a corrupt file moved aside, stale temp files removed.
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseHistory } from '../../../src/core/history';
import { HistoryFile } from '../../../src/node/historyFile';
import { record } from '../helpers/usageRecords';

describe('HistoryFile', () => {
  it('persists appends atomically and reads them back in a new instance', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-history-'));
    const path = join(dir, 'history.json');
    const store = new HistoryFile(path, { limit: 3 });
    await Promise.all([1, 2, 3, 4].map((i) => store.append(record('a.prompt', `r${i}`))));
    const again = new HistoryFile(path, { limit: 3 });
    assert.deepEqual((await again.recordsFor('a.prompt')).map((r) => r.id), ['r2', 'r3', 'r4']);
    assert.deepEqual(readdirSync(dir), ['history.json'], 'no temp file is left behind');
  });

  it('moves a corrupt file aside with a warning and starts a new history', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-history-'));
    const path = join(dir, 'history.json');
    writeFileSync(path, '{"version":1,"files":{"a.prompt":[{"id"');
    const warnings: string[] = [];
    const store = new HistoryFile(path, { warn: (m) => warnings.push(m), now: () => new Date('2026-02-03T04:05:06.000Z') });
    assert.deepEqual(await store.recordsFor('a.prompt'), []);
    await store.append(record('a.prompt', 'fresh'));
    assert.deepEqual(readdirSync(dir).sort(), ['history.json', 'history.json.corrupt-2026-02-03T04-05-06-000Z']);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /could not be read .*moved to history\.json\.corrupt-2026-02-03T04-05-06-000Z/);
    assert.equal(readFileSync(join(dir, 'history.json.corrupt-2026-02-03T04-05-06-000Z'), 'utf8'), '{"version":1,"files":{"a.prompt":[{"id"');
    const parsed = parseHistory(readFileSync(path, 'utf8'));
    assert.ok(parsed.ok && parsed.data.files['a.prompt'][0].id === 'fresh');
  });

  it('removes temp files left by a process that died mid-write', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pcs-history-'));
    const path = join(dir, 'history.json');
    // PID 2^22+1 is above Linux's pid_max default range, so no live process owns it.
    writeFileSync(join(dir, '.history.json.tmp-4194305-abcd'), '{"version":1,"fi');
    await new HistoryFile(path).load();
    assert.deepEqual(readdirSync(dir), []);
  });
});
