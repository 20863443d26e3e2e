// Comparing prompts with the lock, the editor's per-point status, the lock's own format, and the
// escaping rules of GitHub workflow commands.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compareWithLock, lockLensTitle, pointStatuses, type CurrentPrompt } from '../../../src/core/lockComparison';
import { escapeData, escapeProperty } from '../../../src/core/lockReport';
import { parseLock, serializeLock, type LockedPrompt } from '../../../src/core/prefixLock';

const MODEL = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const prompt = (hashes: string[], lines: string[] = ['11:aaa', '12:bbb', '13:ccc'], model = MODEL): LockedPrompt => ({
  model, lines, cachePoints: hashes.map((hash, i) => ({ line: 12 + i, hash, prefixTokens: 2000 * (i + 1), ttl: '5m' })),
});
const now = (entry: LockedPrompt): CurrentPrompt => ({ entry, modelLine: 2 });

describe('lock comparison', () => {
  it('reports only points whose prefix hash is gone, at the first differing line', () => {
    const lock = { version: 1, prompts: { 'a.prompt': prompt(['h1', 'h2']) } };
    const current = new Map([['a.prompt', now(prompt(['h1', 'h2x'], ['11:aaa', '12:bbb', '13:ddd']))]]);
    const check = compareWithLock(lock, current, { inScope: () => true });
    assert.equal(check.ok, false);
    assert.deepEqual(check.changed.map((c) => [c.file, c.cachePointLine, c.firstChangedLine, c.prefixTokens, c.block]), [['a.prompt', 13, 13, 4000, 'text']]);
    // Regional Sonnet 4.5: (4.125 − 3.30) $/M × 4,000 tokens.
    assert.equal(check.changed[0].rewarmCostUSD, 0.0033);
  });

  it('a model change changes every point, reported on the model line', () => {
    const lock = { version: 1, prompts: { 'a.prompt': prompt(['h1']) } };
    const check = compareWithLock(lock, new Map([['a.prompt', now(prompt(['h1'], undefined, 'us.amazon.nova-pro-v1:0'))]]), { inScope: () => true });
    assert.deepEqual(check.changed.map((c) => [c.firstChangedLine, c.block, c.rewarmCostUSD]), [[2, 'model', 0]]);
  });

  it('added and removed fail only when strict; removed counts only inside the scope', () => {
    const lock = { version: 1, prompts: { 'a/x.prompt': prompt(['h']), 'b/y.prompt': prompt(['h']) } };
    const current = new Map([['a/new.prompt', now(prompt(['n']))]]);
    const loose = compareWithLock(lock, current, { inScope: (f) => f.startsWith('a/') });
    assert.equal(loose.ok, true);
    assert.deepEqual([loose.added.map((a) => a.file), loose.removed.map((r) => r.file)], [['a/new.prompt'], ['a/x.prompt']]);
    assert.equal(compareWithLock(lock, current, { inScope: (f) => f.startsWith('a/'), strict: true }).ok, false);
  });

  it('gives the editor a status per point', () => {
    const statuses = pointStatuses(prompt(['h1', 'h2']), now(prompt(['h1', 'h2x', 'h3'])));
    assert.deepEqual(statuses.map((s) => s.state), ['unchanged', 'changed', 'new']);
    assert.equal(lockLensTitle(statuses[0]), '$(lock) unchanged since lock');
    assert.match(lockLensTitle(statuses[1]), /^\$\(warning\) changed since lock \(from line 13\): re-warm ≈ \$0\.0033$/);
    assert.deepEqual(pointStatuses(undefined, now(prompt(['h1']))).map((s) => s.state), ['unlocked']);
  });

  it('writes the lock sorted and reads it back; names the bad key of a damaged lock', () => {
    const text = serializeLock({ version: 1, prompts: { 'z.prompt': prompt(['h']), 'a.prompt': prompt(['g']) } });
    assert.ok(text.indexOf('"a.prompt"') < text.indexOf('"z.prompt"'));
    assert.ok(text.endsWith('}\n') && !text.includes('\r'));
    assert.equal(serializeLock(parseLock(text)), text);
    assert.throws(() => parseLock('{"version":1,"prompts":{"a.prompt":{"model":"m","cachePoints":[{"line":"x"}],"lines":[]}}}'), /prompts\["a\.prompt"\]\.cachePoints\[0\] needs line, hash and prefixTokens/);
    assert.throws(() => parseLock('{"version":2,"prompts":{}}'), /version is 2/);
    assert.throws(() => parseLock('{oops'), /not valid JSON/);
  });

  it('escapes workflow command data and properties as GitHub does', () => {
    assert.equal(escapeData('50% done\r\nnext: a, b'), '50%25 done%0D%0Anext: a, b');
    assert.equal(escapeProperty('dir/a,b:c%.prompt\n'), 'dir/a%2Cb%3Ac%25.prompt%0A');
  });
});
