import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runPlannerBench } from '../../../bench/plannerBench';
import type { Shape } from '../../../bench/plannerCorpus';
import { sequenceCost } from '../../../bench/plannerSim';
import { MODEL_CATALOG, type ModelRow, type PriceRow } from '../../../src/core/modelCatalog';

const row = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0') as ModelRow;
const prices = row.prices as PriceRow;
const shape: Shape = {
  id: 0, modelId: row.id,
  blocks: [
    { kind: 'text', field: 'system', tokens: 5000, changeRate: 0, changing: false, head: 0 },
    { kind: 'text', field: 'message', messageIndex: 0, tokens: 100, changeRate: 1, changing: true, head: 0 },
  ],
};
const calls = (gap: number) => [{ gap: 0, versions: [0, 0] }, { gap, versions: [0, 1] }];
const per = (n: number, price: number) => (n * price) / 1e6;

describe('planner benchmark: simulated cache', () => {
  it('writes on the first call and reads within the TTL', () => {
    const cost = sequenceCost(shape, row, prices, [{ afterBlock: 0, head: false }], calls(60));
    const expected = per(5000, prices.cacheWrite5m) + per(5000, prices.cacheRead) + 2 * per(100, prices.input);
    assert.ok(Math.abs(cost - expected) < 1e-12);
  });

  it('writes again after the TTL has run out', () => {
    const cost = sequenceCost(shape, row, prices, [{ afterBlock: 0, head: false }], calls(301));
    assert.ok(Math.abs(cost - (2 * per(5000, prices.cacheWrite5m) + 2 * per(100, prices.input))) < 1e-12);
  });

  it('slides the TTL on every hit', () => {
    const seq = [{ gap: 0, versions: [0, 0] }, { gap: 200, versions: [0, 1] }, { gap: 200, versions: [0, 2] }];
    const cost = sequenceCost(shape, row, prices, [{ afterBlock: 0, head: false }], seq);
    assert.ok(Math.abs(cost - (per(5000, prices.cacheWrite5m) + 2 * per(5000, prices.cacheRead) + 3 * per(100, prices.input))) < 1e-12);
  });

  it('caches nothing under the minimum', () => {
    const small: Shape = { ...shape, blocks: [{ ...shape.blocks[0], tokens: 800 }, shape.blocks[1]] };
    assert.equal(sequenceCost(small, row, prices, [{ afterBlock: 0, head: false }], calls(60)), sequenceCost(small, row, prices, [], calls(60)));
  });
});

describe('planner benchmark: strategies against the optimum', () => {
  const result = runPlannerBench({ seed: 11, shapes: 40 });
  const by = (name: string) => result.results.find((r) => r.strategy === name);

  it('no strategy beats the exhaustive optimum, and every one saves money', () => {
    const optimum = by('optimum');
    assert.ok(optimum && optimum.savingUSD > 0);
    for (const name of ['conservative', 'aggressive', 'custom']) {
      const r = by(name);
      assert.ok(r && r.savingUSD > 0 && r.savingUSD <= optimum.savingUSD + 1e-9, name);
    }
  });

  it('aggressive reaches at least 95% of the optimum saving', () => {
    const aggressive = by('aggressive');
    assert.ok(aggressive && aggressive.ratio >= 0.95, `${aggressive?.ratio}`);
  });
});
