import assert from 'node:assert/strict';
import { test } from 'node:test';
import { payoffCall, payoffSentence } from '../../../src/shared/cachePayoff';
import { cachePayoff } from '../../../src/core/usageMath';
import type { PriceRow } from '../../../src/core/modelCatalog';

// Claude Sonnet prices per million tokens: write 1.25× (5m) and 2× (1h) input, read 0.1×.
const sonnet: PriceRow = { input: 3, output: 15, cacheWrite5m: 3.75, cacheWrite1h: 6, cacheRead: 0.3 } as PriceRow;
const usage = (w5: number, w1: number) => ({ inputTokens: 100, outputTokens: 50, cacheReadInputTokens: 0, cacheWriteInputTokens: w5 + w1, cacheWrite5mTokens: w5, cacheWrite1hTokens: w1, totalInputTokens: 100 + w5 + w1 });

test('a 5-minute write pays off from the second call; a 1-hour write from the third', () => {
  const fiveMin = cachePayoff(sonnet, usage(10_000, 0), [])!;
  assert.equal(fiveMin.ttl, '5m');
  assert.ok(Math.abs(fiveMin.writePremiumUSD - 0.0075) < 1e-12);
  assert.ok(Math.abs(fiveMin.readSavingUSD - 0.027) < 1e-12);
  assert.equal(payoffCall(fiveMin), 2);
  const hour = cachePayoff(sonnet, usage(0, 10_000), [])!;
  assert.equal(hour.ttl, '1h');
  assert.ok(Math.abs(hour.writePremiumUSD - 0.03) < 1e-12);
  // Two calls: −$0.03 + $0.027 is still a loss, which is why Run ×2 on a 1-hour file ends red.
  assert.equal(payoffCall(hour), 3);
  assert.match(payoffSentence(hour), /\$0\.03000 more .* saves \$0\.02700: the prompt pays off from call 3 within the hour/);
});

test('no write, no price row or no read discount: nothing to pay off', () => {
  assert.equal(cachePayoff(sonnet, usage(0, 0), []), undefined);
  assert.equal(cachePayoff(undefined, usage(10, 0), []), undefined);
  const flat = cachePayoff({ ...sonnet, cacheRead: 3 }, usage(1000, 0), [])!;
  assert.equal(payoffCall(flat), undefined);
  assert.match(payoffSentence(flat), /never pays off/);
  // Nova bills writes at the input price: no premium, so it pays off on the first read.
  assert.equal(payoffCall(cachePayoff({ ...sonnet, cacheWrite5m: 3 }, usage(1000, 0), [])!), 2);
});
