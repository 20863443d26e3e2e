// The one wording of a cache check, as the CLI, the card and the cache-point lens say it.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cacheCheckHeadline, cacheCheckLine, lastRunPointText } from '../../../src/shared/cacheCheckText';
import type { CacheCheck } from '../../../src/shared/cacheCheck';

const miss: CacheCheck = { verdict: 'miss', expectedReadTokens: 0, readTokens: 0, reasons: [{ code: 'ttl-expired', line: 7, detail: 'Last use 7m 12s ago; the entry\'s TTL is 5m.' }] };

describe('cache check text', () => {
  it('the CLI line carries the verdict, the numbers and each coded reason', () => {
    assert.equal(cacheCheckLine(miss), 'cache miss (expected ≈ 0 read, Bedrock read 0) — [ttl-expired] line 7: Last use 7m 12s ago; the entry\'s TTL is 5m.');
    assert.equal(cacheCheckLine({ verdict: 'first', expectedReadTokens: 0, readTokens: 0, reasons: [] }), 'first run: nothing to compare with yet');
  });

  it('the card headline leads with the first reason', () => {
    assert.equal(cacheCheckHeadline(miss), 'Missed the cache — line 7: Last use 7m 12s ago; the entry\'s TTL is 5m.');
    assert.match(cacheCheckHeadline({ verdict: 'hit', expectedReadTokens: 1500, readTokens: 1500, reasons: [] }), /^Cache hit: read 1,500 tokens, as the earlier runs predicted\.$/);
  });

  it('the lens on a cache point says what the last run did there', () => {
    const record = (status: string, check?: CacheCheck) => ({ cacheCheck: check, cachePoints: [{ line: 6, status }] });
    assert.equal(lastRunPointText(record('read'), 6), 'last run: read from the cache ✓');
    assert.equal(lastRunPointText(record('written', miss), 6), 'last run: written, not read — line 7: Last use 7m 12s ago; the entry\'s TTL is 5m.');
    assert.equal(lastRunPointText(record('written', { ...miss, verdict: 'first', reasons: [] }), 6), 'last run: written (first run)');
    assert.equal(lastRunPointText(record('read'), 9), undefined, 'no point on that line in the run');
  });
});
