import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Shape } from '../../../bench/plannerCorpus';
import { analysisOfShape } from '../../../bench/plannerCorpus';
import { sequenceCost } from '../../../bench/plannerSim';
import { planCachePoints } from '../../../src/core/cachePlanner';
import { COMPARE_STRATEGIES, projectComparison, projectModel, type CompareOptions, type ProjectedRow } from '../../../src/core/compareProjection';
import type { CacheTtl } from '../../../src/shared/usageRecord';
import { fixedInterval } from '../../../src/core/trafficPattern';
import { analysisOf, NOVA_PRO, settings, SONNET_4, SONNET_45 } from '../helpers/plannerFixtures';

const options = (overrides: Partial<CompareOptions> = {}): CompareOptions =>
  ({ strategies: COMPARE_STRATEGIES, ttls: ['5m', '1h'], settings: settings(), ...overrides });
const prompt = (model: string, stable = 6000) => analysisOf(model, [
  { tokens: 1000, field: 'system' }, { tokens: stable - 1000 }, { tokens: 200, changing: ['question'] },
]);
const row = (rows: ProjectedRow[], strategy: string, ttl: CacheTtl | null) => {
  const found = rows.find((r) => r.strategy === strategy && r.ttl === ttl);
  assert.ok(found, `${strategy} ${ttl}`);
  return found;
};
const minutes = (n: number) => fixedInterval(10, n * 60);

describe('compare projection: economics', () => {
  it('calls 1 minute apart: caching with 5m beats none (and beats 1h)', () => {
    const rows = projectModel(prompt(SONNET_45), minutes(1), options());
    const five = row(rows, 'conservative', '5m');
    assert.ok(five.costUSD < row(rows, 'none', null).costUSD);
    assert.ok(five.costUSD < row(rows, 'conservative', '1h').costUSD);
    assert.ok(five.savingVsNoneUSD > 0);
    assert.ok(five.hitRatio > 0.8);
    assert.deepEqual(five.cachePointLines.length, 1);
  });

  it('calls 10 minutes apart on Claude: 1h beats 5m and none, and is the best', () => {
    const projection = projectComparison([prompt(SONNET_45)], minutes(10), options());
    const hour = row(projection.rows, 'conservative', '1h');
    const five = row(projection.rows, 'conservative', '5m');
    const none = row(projection.rows, 'none', null);
    assert.ok(hour.costUSD < five.costUSD && hour.costUSD < none.costUSD);
    // 5m: every call writes (1.25×), so it costs more than none and says so.
    assert.ok(five.costUSD > none.costUSD);
    assert.equal(five.hitRatio, 0);
    assert.ok(five.notes.some((n) => /every call writes/.test(n)), five.notes.join(' '));
    assert.equal(projection.best?.ttl, '1h');
    assert.ok(hour.notes.some((n) => /estimate/.test(n)));
  });

  it('calls 2 hours apart on Claude: none is cheapest and no point is recommended', () => {
    const projection = projectComparison([prompt(SONNET_45)], fixedInterval(10, 7200), options());
    assert.deepEqual(projection.best, { model: 'anthropic.claude-sonnet-4-5-20250929-v1:0', strategy: 'none', ttl: null });
    for (const r of projection.rows.filter((x) => x.strategy !== 'none' && x.cachePointLines.length > 0)) {
      assert.ok(r.savingVsNoneUSD < 0, `${r.strategy} ${r.ttl}`);
      assert.ok(r.notes.some((n) => /costs .* more than none/.test(n)), r.notes.join(' '));
    }
  });

  it('Nova never shows a saving from cold writes: far apart it costs exactly the same as none', () => {
    for (const interval of [600, 7200]) {
      const projection = projectComparison([prompt(NOVA_PRO)], fixedInterval(10, interval), options());
      const none = row(projection.rows, 'none', null);
      const cached = row(projection.rows, 'conservative', '5m');
      assert.ok(Math.abs(cached.costUSD - none.costUSD) < 1e-12);
      assert.equal(cached.savingVsNoneUSD, 0);
      assert.ok(cached.notes.some((n) => /the same as none/.test(n)));
      assert.equal(projection.best?.strategy, 'none');
      // Nova has no 1-hour cache: no 1h rows.
      assert.ok(!projection.rows.some((r) => r.ttl === '1h'));
    }
    // A single call (cold write only) saves nothing either.
    const single = projectModel(prompt(NOVA_PRO), fixedInterval(1, 60), options());
    assert.ok(row(single, 'conservative', '5m').savingVsNoneUSD <= 1e-12);
  });

  it('says when custom places nothing because the file has no rules', () => {
    const r = row(projectModel(prompt(SONNET_45), minutes(1), options()), 'custom', '5m');
    assert.deepEqual(r.cachePointLines, []);
    assert.ok(r.notes.some((n) => /no cache.custom rules/.test(n)), r.notes.join(' '));
  });

  it('respects the model minimum: a prefix under it caches nothing', () => {
    // Sonnet 4 caches from 1,024 tokens: an 800-token stable prefix gets no point from any strategy.
    const small = analysisOf(SONNET_4, [{ tokens: 800, field: 'system' }, { tokens: 100, changing: ['q'] }]);
    const rows = projectModel(small, minutes(1), options());
    for (const r of rows.filter((x) => x.strategy !== 'none')) {
      assert.ok(Math.abs(r.costUSD - row(rows, 'none', null).costUSD) < 1e-12);
      assert.equal(r.hitRatio, 0);
    }
    // The file's own point under the minimum is kept in the row and said to cache nothing.
    const own = analysisOf(SONNET_4, [{ tokens: 800, field: 'system' }, { tokens: 100, changing: ['q'] }], [{ after: 0 }]);
    const r = row(projectModel(own, minutes(1), options()), 'conservative', '5m');
    assert.equal(r.cachePointLines.length, 1);
    assert.equal(r.hitRatio, 0);
    assert.ok(r.notes.some((n) => /minimum/.test(n)));
  });

  it('respects Nova\'s cached-token cap', () => {
    const big = prompt(NOVA_PRO, 30000);
    const r = row(projectModel(big, minutes(1), options()), 'conservative', '5m');
    // At most 20,000 of the 30,200 input tokens are read per call.
    assert.ok(r.hitRatio <= 20000 / 30200 + 1e-9);
    assert.ok(r.hitRatio > 0.5);
    assert.ok(r.notes.some((n) => /at most about 20,000/.test(n)));
  });
});

describe('compare projection agrees with the planner benchmark\'s simulator', () => {
  const shape: Shape = {
    id: 1, modelId: SONNET_45,
    blocks: [
      { kind: 'tools', field: 'tools', tokens: 1500, changeRate: 0, changing: false, head: 0 },
      { kind: 'text', field: 'system', tokens: 3000, changeRate: 0, changing: false, head: 0 },
      { kind: 'text', field: 'message', messageIndex: 0, tokens: 5000, changeRate: 0, changing: false, head: 0 },
      { kind: 'text', field: 'message', messageIndex: 0, tokens: 2300, changeRate: 1, changing: true, head: 2000 },
    ],
  };
  for (const modelId of [SONNET_45, NOVA_PRO]) {
    for (const strategy of ['conservative', 'aggressive', 'custom'] as const) {
      for (const ttl of ['5m', '1h'] as const) {
        for (const interval of [60, 600, 7200]) {
          it(`${modelId} ${strategy} ${ttl} every ${interval}s`, () => {
            const s = { ...shape, modelId };
            const analysis = analysisOfShape(s);
            const r = analysis.model!.row!;
            if (!r.ttls.includes(ttl)) return;
            const traffic = fixedInterval(8, interval);
            const projected = row(projectModel(analysis, traffic, options({ strategies: [strategy], ttls: [ttl] })), strategy, ttl);
            const points = planCachePoints(analysis, settings({ strategy, defaultTtl: ttl }))
              .map((p) => ({ afterBlock: p.afterBlock, head: p.kind === 'head' }));
            const calls = traffic.gaps.map((gap, i) => ({ gap, versions: [0, 0, 0, i] }));
            const simulated = sequenceCost(s, r, analysis.model!.prices!, points, calls, ttl);
            assert.ok(Math.abs(projected.costUSD - simulated) < 1e-12, `${projected.costUSD} vs ${simulated}`);
          });
        }
      }
    }
  }
});
