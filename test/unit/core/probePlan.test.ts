// The probe's search and estimate, without any network: sizes land where asked.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { estimateProbe, MAX_PROBE_STEP, MinimumSearch, PROBE_STEP, simulatedSizes } from '../../../src/core/probePlan';

function run(catalogMin: number, actual: number) {
  const search = new MinimumSearch(catalogMin);
  for (let size = search.next(); size !== undefined; size = search.next()) search.record({ prefixTokens: size, cached: size >= actual });
  return search.result();
}

describe('MinimumSearch', () => {
  it('starts just above the catalog minimum, so a size landing a few tokens short still clears it', () => {
    assert.equal(new MinimumSearch(4096).next(), Math.round(4096 * 1.03));
  });

  it('climbs a ladder tied to the catalog value, not to a size that landed short', () => {
    const search = new MinimumSearch(1024);
    search.record({ prefixTokens: 880, cached: false });
    assert.equal(search.next(), Math.round(1024 * 1.03));
    search.record({ prefixTokens: 1060, cached: false });
    assert.equal(search.next(), Math.round(2048 * 1.03));
  });

  for (const [catalogMin, actual] of [[1024, 2048], [1024, 1024], [1024, 700], [4096, 2048], [1024, 1536], [2048, 5000], [1024, 300]]) {
    it(`brackets a real minimum of ${actual} from a catalog value of ${catalogMin} within one step`, () => {
      const result = run(catalogMin, actual);
      assert.ok(result.minTokens !== null && result.minTokens >= actual);
      assert.ok(result.largestUncached < actual);
      assert.ok(result.bracketed);
      assert.ok(result.minTokens - result.largestUncached <= PROBE_STEP * result.minTokens);
      assert.ok(result.minTokens - actual <= MAX_PROBE_STEP * result.minTokens);
    });
  }

  it('gives up above the ceiling and reports nothing cached', () => {
    const result = run(1024, 1e9);
    assert.equal(result.minTokens, null);
    assert.ok(result.largestUncached >= 1024 * 4);
  });

  it('stops after its pair budget even when sizes never converge', () => {
    const search = new MinimumSearch(1024, 3);
    // Sizes that always land far from where they were asked.
    for (let size = search.next(); size !== undefined; size = search.next()) search.record({ prefixTokens: 5000, cached: true });
    assert.equal(search.pairs, 3);
    assert.equal(search.result().bracketed, false);
  });
});

describe('estimateProbe', () => {
  it('covers the worst plausible case: pairs for every size, plus the 1h and tools writes', () => {
    const sonnet = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-sonnet-4-6')!;
    const estimate = estimateProbe(1024, sonnet.prices);
    const worstPairs = Math.max(...[512, 1024, 1536, 2048].flatMap((a) => [0.8, 0.85, 0.9, 1, 1.1, 1.2].map((l) => simulatedSizes(1024, a, l).length)));
    // One pair more than the simulation, for sizes that land off target.
    assert.equal(estimate.requests, (worstPairs + 1) * 2 + 2);
    assert.ok(estimate.costUSD >= estimateProbe(1024, sonnet.prices, 0).costUSD);
    assert.ok(estimate.costUSD > 0.01 && estimate.costUSD < 0.5, `a few cents: ${estimate.costUSD}`);
  });

  it('Nova costs far less, and a model without prices costs 0', () => {
    const nova = MODEL_CATALOG.find((r) => r.id === 'amazon.nova-micro-v1:0')!;
    assert.ok(estimateProbe(1024, nova.prices).costUSD < 0.005);
    assert.equal(estimateProbe(1024, undefined).costUSD, 0);
  });
});
