// The planner's savings for Nova and Claude: a write is never cheaper than plain input, so the
// first call (the cold one) never counts as a saving; only later calls that read do.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { planCachePoints } from '../../../src/core/cachePlanner';
import { unitPrices } from '../../../src/core/costModel';
import { MODEL_CATALOG } from '../../../src/core/modelCatalog';
import { planContext, unitFor } from '../../../src/core/planner/planContext';
import { expectedSaving, segmentValue } from '../../../src/core/planner/savingsModel';
import { analysisOf, NOVA_PRO, settings, SONNET_4 } from '../helpers/plannerFixtures';

const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

describe('planner savings', () => {
  const prompt = (model: string) => analysisOf(model, [{ tokens: 6000, field: 'system' }, { tokens: 40, changing: ['q'] }]);

  it('Nova: the suggestion saves (input − read) per reuse and nothing on the cold call', () => {
    const [warm] = planCachePoints(prompt(NOVA_PRO), settings({ expectedReuses: 4 }));
    assert.ok(warm, 'a point is suggested');
    // Nova Pro per 1M: input 0.80, write 0.80, read 0.20: no write premium to amortise.
    close(warm.savingPerReuseUSD, warm.prefixTokens * (0.8 - 0.2) / 1e6);
    close(warm.expectedSavingUSD, 4 * warm.prefixTokens * (0.8 - 0.2) / 1e6);
  });

  it('with no reuse at all (one cold call), no catalog model shows a saving for any TTL', () => {
    for (const row of MODEL_CATALOG) {
      if (!row.prices) continue;
      for (const ttl of row.ttls) {
        assert.ok(expectedSaving(5000, unitPrices(row.prices, ttl), 0) <= 0, `${row.id} ${ttl}`);
        assert.ok(segmentValue(5000, 1, unitPrices(row.prices, ttl), { keepPerBlock: 1, reuses: 0 }) <= 0, `${row.id} ${ttl}`);
      }
    }
  });

  it('an unpriced Nova row (Nova 2 Lite) borrows Nova ratios with writes at the input price', () => {
    const ctx = planContext(prompt('amazon.nova-2-lite-v1:0'), settings())!;
    assert.equal(ctx.prices, undefined);
    const unit = unitFor(ctx, '5m');
    assert.equal(unit.write, unit.input);
    assert.ok(expectedSaving(5000, unit, 0) <= 0);
  });

  it('Claude: the premium of the first write is amortised over the reuses', () => {
    const [s] = planCachePoints(prompt(SONNET_4), settings({ expectedReuses: 4 }));
    // us. profile of Sonnet 4: input 3, write 3.75, read 0.30 per 1M.
    close(s.savingPerReuseUSD, (s.prefixTokens * (3 - 0.3) - s.prefixTokens * 0.75 / 4) / 1e6);
  });
});
