// Usage arithmetic: totals, TTL split, which cache points were read or written, and cost.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { cachePointOutcomes, runCost, usageTokens, writeSplit } from '../../../src/core/usageMath';

const sonnet45 = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0')!.prices!;

describe('usageTokens', () => {
  it('totals input as uncached + read + write, never trusting totalTokens', () => {
    const u = usageTokens({ inputTokens: 20, outputTokens: 7, totalTokens: 27, cacheReadInputTokens: 1500, cacheWriteInputTokens: 300 });
    assert.equal(u.totalInputTokens, 1820);
    assert.equal(u.cacheWrite5mTokens, undefined);
  });

  it('splits writes by TTL from cacheDetails and treats missing counters as 0', () => {
    const u = usageTokens({ inputTokens: 5, cacheWriteInputTokens: 3000, cacheDetails: [{ ttl: '1h', inputTokens: 2000 }, { ttl: '5m', inputTokens: 1000 }] });
    assert.deepEqual([u.cacheWrite1hTokens, u.cacheWrite5mTokens, u.cacheReadInputTokens, u.outputTokens], [2000, 1000, 0, 0]);
  });
});

describe('cachePointOutcomes', () => {
  const points = [{ line: 3, prefixTokens: 1100 }, { line: 9, prefixTokens: 2300, ttl: '1h' as const }, { line: 12, prefixTokens: 2600 }];

  it('marks every point written on a cold run that wrote up to the last one', () => {
    const u = usageTokens({ inputTokens: 10, cacheWriteInputTokens: 2590, cacheReadInputTokens: 0 });
    assert.deepEqual(cachePointOutcomes(points, u).map((o) => o.status), ['written', 'written', 'written']);
  });

  it('marks points read up to the read boundary and written after it (estimates within tolerance)', () => {
    // Real prefixes differ from the estimates by a few percent.
    const u = usageTokens({ inputTokens: 10, cacheReadInputTokens: 2250, cacheWriteInputTokens: 330 });
    assert.deepEqual(cachePointOutcomes(points, u).map((o) => [o.line, o.status, o.ttl]), [[3, 'read', '5m'], [9, 'read', '1h'], [12, 'written', '5m']]);
  });

  it('leaves points above what was cached as not cached', () => {
    const u = usageTokens({ inputTokens: 1500, cacheReadInputTokens: 0, cacheWriteInputTokens: 1080 });
    assert.deepEqual(cachePointOutcomes(points, u).map((o) => o.status), ['written', 'not-cached', 'not-cached']);
  });

  it('reports nothing cached when both counters are 0 (below the minimum)', () => {
    const u = usageTokens({ inputTokens: 2600 });
    assert.deepEqual(cachePointOutcomes(points, u).map((o) => o.status), ['not-cached', 'not-cached', 'not-cached']);
  });
});

describe('writeSplit and runCost', () => {
  it('derives the TTL split from the written points when cacheDetails is missing', () => {
    const points = [{ line: 1, prefixTokens: 2000, ttl: '1h' as const }, { line: 2, prefixTokens: 3000 }];
    const u = usageTokens({ inputTokens: 0, cacheWriteInputTokens: 3000 });
    assert.deepEqual(writeSplit(u, cachePointOutcomes(points, u)), { '1h': 2000, '5m': 1000 });
  });

  it('charges each counter at its own price and compares with the uncached cost', () => {
    const u = usageTokens({ inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 2000, cacheWriteInputTokens: 0 });
    const outcomes = cachePointOutcomes([{ line: 1, prefixTokens: 2000 }], u);
    const cost = runCost(sonnet45, u, outcomes);
    const expected = (100 * 3 + 2000 * 0.3 + 50 * 15) / 1e6;
    assert.ok(Math.abs(cost.costUSD - expected) < 1e-12, `${cost.costUSD} vs ${expected}`);
    assert.ok(Math.abs(cost.costWithoutCacheUSD - (2100 * 3 + 50 * 15) / 1e6) < 1e-12);
  });

  it('charges 1-hour writes at the 1-hour price', () => {
    const u = usageTokens({ inputTokens: 0, cacheWriteInputTokens: 1000, cacheDetails: [{ ttl: '1h', inputTokens: 1000 }] });
    const cost = runCost(sonnet45, u, []);
    assert.ok(Math.abs(cost.costUSD - (1000 * sonnet45.cacheWrite1h!) / 1e6) < 1e-12);
  });

  it('costs nothing it cannot price', () => {
    assert.deepEqual(runCost(undefined, usageTokens({ inputTokens: 5 }), []), { costUSD: 0, costWithoutCacheUSD: 0 });
  });
});
