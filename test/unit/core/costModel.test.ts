import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { callCostUSD, callTokensFromUsage, costWithoutCache, isWrite1hEstimate, writePrice } from '../../../src/core/costModel';
import { MODEL_CATALOG, type PriceRow } from '../../../src/core/modelCatalog';

const sonnet = MODEL_CATALOG.find((r) => r.id === 'anthropic.claude-sonnet-4-5-20250929-v1:0')?.prices as PriceRow;
const nova = MODEL_CATALOG.find((r) => r.id === 'amazon.nova-pro-v1:0')?.prices as PriceRow;
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

describe('call cost', () => {
  it('charges each counter at its own price (per 1M tokens)', () => {
    const tokens = { inputTokens: 1000, cacheReadInputTokens: 20000, cacheWrite5mTokens: 3000, cacheWrite1hTokens: 4000, outputTokens: 500 };
    close(callCostUSD(sonnet, tokens), (1000 * 3 + 20000 * 0.3 + 3000 * 3.75 + 4000 * 6 + 500 * 15) / 1e6);
  });

  it('prices the same call without cache at the plain input price for every input token', () => {
    const tokens = { inputTokens: 1000, cacheReadInputTokens: 20000, cacheWrite5mTokens: 3000, cacheWrite1hTokens: 4000, outputTokens: 500 };
    close(costWithoutCache(sonnet, tokens), (28000 * 3 + 500 * 15) / 1e6);
  });

  it('Nova writes cost the plain input price (no premium, not free) and reads a quarter of input', () => {
    assert.equal(nova.cacheWrite5m, nova.input);
    const tokens = { inputTokens: 0, cacheReadInputTokens: 4000, cacheWrite5mTokens: 6000, cacheWrite1hTokens: 0, outputTokens: 0 };
    close(callCostUSD(nova, tokens), (4000 * 0.2 + 6000 * 0.8) / 1e6);
  });

  it('every catalog row writes at or above its input price, so a call that only writes never saves', () => {
    for (const row of MODEL_CATALOG) {
      if (!row.prices) continue;
      assert.ok(row.prices.cacheWrite5m >= row.prices.input, row.id);
      const cold = { inputTokens: 50, cacheReadInputTokens: 0, cacheWrite5mTokens: 5000, cacheWrite1hTokens: 0, outputTokens: 10 };
      assert.ok(callCostUSD(row.prices, cold) >= costWithoutCache(row.prices, cold) - 1e-15, row.id);
    }
  });

  it('a write price override below input is charged at input: Bedrock never bills a write for less', () => {
    const cheap: PriceRow = { input: 0.8, output: 3.2, cacheWrite5m: 0, cacheWrite1h: 0.1, cacheRead: 0.2 };
    assert.equal(writePrice(cheap, '5m'), 0.8);
    assert.equal(writePrice(cheap, '1h'), 0.8);
  });

  it('uses 2× input for a 1-hour write the row does not price, and calls it an estimate', () => {
    const noHour: PriceRow = { input: 2, output: 8, cacheWrite5m: 2.5, cacheRead: 0.2 };
    assert.equal(writePrice(noHour, '1h'), 4);
    assert.equal(isWrite1hEstimate(noHour), true);
    assert.equal(isWrite1hEstimate(sonnet), true);
    assert.equal(isWrite1hEstimate({ ...noHour, cacheWrite1h: 3.1 }), false);
  });

  it('splits Bedrock usage into call tokens, charging unexplained writes at the requested TTL', () => {
    const usage = { inputTokens: 10, outputTokens: 5, cacheReadInputTokens: 100, cacheWriteInputTokens: 300, totalInputTokens: 410 };
    assert.deepEqual(callTokensFromUsage(usage), { inputTokens: 10, cacheReadInputTokens: 100, cacheWrite5mTokens: 300, cacheWrite1hTokens: 0, outputTokens: 5 });
    assert.deepEqual(callTokensFromUsage(usage, '1h').cacheWrite1hTokens, 300);
    const split = callTokensFromUsage({ ...usage, cacheWrite1hTokens: 200, cacheWrite5mTokens: 100 });
    assert.deepEqual([split.cacheWrite5mTokens, split.cacheWrite1hTokens], [100, 200]);
  });
});
