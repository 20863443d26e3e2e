import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { breakEvens, costCurves, rateGrid } from '../../../src/core/compareCurves';
import { COMPARE_STRATEGIES } from '../../../src/core/compareProjection';
import { analysisOf, NOVA_PRO, settings, SONNET_45 } from '../helpers/plannerFixtures';

const options = { strategies: COMPARE_STRATEGIES, ttls: ['5m', '1h'] as const, settings: settings() };
const prompt = (model: string) => analysisOf(model, [{ tokens: 6000, field: 'system' }, { tokens: 200, changing: ['q'] }]);

describe('cost against calls per hour', () => {
  it('Claude: 1h beats none from one call an hour, 5m beats 1h from twelve', () => {
    const curves = costCurves(prompt(SONNET_45), 'conservative', { ...options, ttls: ['5m', '1h'] }, 20);
    assert.deepEqual(curves.map((c) => c.label), ['none', 'conservative 5m', 'conservative 1h']);
    const points = breakEvens(curves);
    const at = (cheaper: string, than: string) => points.find((p) => p.cheaper === cheaper && p.than === than)?.callsPerHour;
    assert.equal(at('conservative 1h', 'none'), 1);
    assert.equal(at('conservative 5m', 'none'), 12);
    assert.equal(at('conservative 5m', 'conservative 1h'), 12);
    // Below one call an hour nothing beats none.
    const slow = curves.map((c) => c.points[0].costPerCallUSD);
    assert.ok(slow[0] < slow[1] && slow[0] < slow[2]);
  });

  it('Nova: caching never costs more than none and only starts to save at twelve calls an hour', () => {
    const curves = costCurves(prompt(NOVA_PRO), 'conservative', { ...options, ttls: ['5m', '1h'] }, 20);
    assert.deepEqual(curves.map((c) => c.label), ['none', 'conservative 5m']);
    for (let i = 0; i < curves[0].points.length; i++) assert.ok(curves[1].points[i].costPerCallUSD <= curves[0].points[i].costPerCallUSD * (1 + 1e-9));
    assert.deepEqual(breakEvens(curves).map((b) => [b.callsPerHour, b.cheaper]), [[12, 'conservative 5m']]);
  });

  it('the grid holds the TTL edges', () => {
    const grid = rateGrid();
    assert.ok(grid.includes(1) && grid.includes(12));
    assert.deepEqual(grid, [...grid].sort((a, b) => a - b));
  });
});
