import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { planCachePoints } from '../../../../src/core/cachePlanner';
import { bestPlacement, type SearchInput, type SearchSlot } from '../../../../src/core/planner/placementSearch';
import { segmentValue, keepProbability } from '../../../../src/core/planner/savingsModel';
import { analysisOf, settings, SONNET_45 } from '../../helpers/plannerFixtures';

const unit = { input: 3e-6, read: 0.3e-6, write: 3.75e-6 };
const model = { keepPerBlock: 0.9, reuses: 5 };

/** Every feasible subset, scored with the same additive model: the reference for the DP. */
function bruteForce(input: SearchInput): number {
  const { slots } = input;
  let best = -Infinity;
  for (let mask = 0; mask < 1 << slots.length; mask++) {
    const picked = slots.map((s, i) => ({ s, on: (mask >> i) & 1 })).filter((x) => x.on || x.s.forced);
    if (picked.some((x) => x.on && !x.s.forced && !x.s.selectable)) continue;
    if (slots.some((s, i) => s.forced && !((mask >> i) & 1))) continue;
    const fresh = picked.filter((x) => !x.s.forced).length;
    if (fresh > input.budget) continue;
    let prev: SearchSlot | undefined;
    let value = 0;
    let ok = true;
    for (const { s } of picked) {
      const segment = s.prefixTokens - (prev?.prefixTokens ?? 0);
      if (!s.forced && s.prefixTokens < input.firstMin) ok = false;
      if ((!s.forced || (prev && !prev.forced)) && segment < input.segmentMin) ok = false;
      value += segmentValue(segment, s.depth, input.unit, input.model);
      prev = s;
    }
    if (ok) best = Math.max(best, value);
  }
  return best;
}

const slotsArb = fc.array(
  fc.record({ add: fc.integer({ min: 0, max: 6000 }), forced: fc.boolean(), selectable: fc.boolean() }),
  { minLength: 1, maxLength: 9 },
).map((raw) => {
  let prefix = 0;
  let forcedCount = 0;
  return raw.map((r, i): SearchSlot => {
    prefix += r.add;
    const forced = r.forced && forcedCount++ < 2;
    return { prefixTokens: prefix, depth: i + 1, forced, selectable: r.selectable };
  });
});

describe('planner: exact placement search', () => {
  it('finds the same best value as trying every subset', () => {
    fc.assert(fc.property(slotsArb, fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 3000 }), (slots, budget, min) => {
      const input: SearchInput = { slots, budget, firstMin: min, segmentMin: min, unit, model };
      const result = bestPlacement(input);
      const reference = bruteForce(input);
      assert.ok(Math.abs(result.value - reference) < 1e-9, `${result.value} vs ${reference}`);
      assert.ok(result.chosen.length <= budget);
      for (const i of result.chosen) assert.ok(slots[i].selectable && !slots[i].forced);
    }), { numRuns: 300, seed: 7 });
  });

  it('adds an earlier point as insurance and picks the pair with the best saving', () => {
    // The end point alone caches everything; an earlier one is still read when a later block
    // changes. Of the two earlier candidates, the one closer to the start is kept more often.
    const slots: SearchSlot[] = [
      { prefixTokens: 2000, depth: 1, forced: false, selectable: true },
      { prefixTokens: 2500, depth: 2, forced: false, selectable: true },
      { prefixTokens: 4100, depth: 3, forced: false, selectable: true },
    ];
    const result = bestPlacement({ slots, budget: 2, firstMin: 1024, segmentMin: 1024, unit, model });
    assert.deepEqual(result.chosen, [0, 2]);
  });

  it('prefers fewer points when the savings tie', () => {
    const slots: SearchSlot[] = [
      { prefixTokens: 2000, depth: 1, forced: false, selectable: true },
      { prefixTokens: 4000, depth: 2, forced: false, selectable: true },
    ];
    const result = bestPlacement({ slots, budget: 2, firstMin: 1024, segmentMin: 1024, unit, model: { keepPerBlock: 1, reuses: 5 } });
    assert.deepEqual(result.chosen, [1]);
  });

  it('keeps an earlier point worth more as later blocks become less likely to stay the same', () => {
    assert.ok(keepProbability(model, 1) > keepProbability(model, 3));
    assert.ok(segmentValue(1000, 1, unit, model) > segmentValue(1000, 3, unit, model));
    // With every block certain to stay, the per-reuse gain is exactly input − read.
    assert.ok(Math.abs(segmentValue(1000, 9, unit, { keepPerBlock: 1, reuses: 1 }) - 1000 * ((unit.input - unit.read) - (unit.write - unit.input))) < 1e-12);
  });
});

describe('planner: aggressive', () => {
  const prompt = () => analysisOf(SONNET_45, [
    { tokens: 1500, kind: 'tools' },
    { tokens: 2500, field: 'system' },
    { tokens: 6000 },
    { tokens: 300 },
    { tokens: 5000 },
    { tokens: 40, changing: ['question'] },
  ]);

  it('places several points inside the stable prefix, each segment above the threshold', () => {
    const out = planCachePoints(prompt(), settings({ strategy: 'aggressive' }));
    assert.ok(out.length >= 2 && out.length <= 4);
    for (const s of out) assert.ok(s.segmentTokens >= 1024, `${s.segmentTokens}`);
    // The last point closes the whole stable prefix.
    assert.equal(out[out.length - 1].prefixTokens, 15300);
    assert.equal(out.reduce((sum, s) => sum + s.segmentTokens, 0), 15300);
    assert.match(out[0].reason, /exact search/);
  });

  it('honours aggressiveThreshold', () => {
    const out = planCachePoints(prompt(), settings({ strategy: 'aggressive', aggressiveThreshold: 5000 }));
    assert.ok(out.length >= 1);
    for (const s of out) assert.ok(s.segmentTokens >= 5000);
  });

  it('uses only the points left by the author', () => {
    const withTwo = analysisOf(SONNET_45, [
      { tokens: 1500, kind: 'tools' }, { tokens: 2500, field: 'system' }, { tokens: 6000 }, { tokens: 300 }, { tokens: 5000 },
      { tokens: 40, changing: ['question'] }, { tokens: 10 },
    ], [{ after: 1 }, { after: 5 }]);
    const out = planCachePoints(withTwo, settings({ strategy: 'aggressive' }));
    assert.ok(out.length <= 2);
    assert.ok(out.every((s) => s.afterBlock !== 1));
  });
});
