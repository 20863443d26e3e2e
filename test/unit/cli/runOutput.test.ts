// The readable `run` output says when a cost rests on the estimated 1-hour write price.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { formatRuns, type RunJson } from '../../../src/cli/runCommand';

const run = (ttl: '5m' | '1h'): RunJson['runs'][number] => ({
  text: 'ok', complete: true, stopReason: 'end_turn', costUSD: 0.01, costWithoutCacheUSD: 0.009, replayed: false,
  usage: { inputTokens: 10, outputTokens: 2, cacheReadInputTokens: 0, cacheWriteInputTokens: 2000, totalInputTokens: 2010 },
  cachePoints: [{ line: 4, prefixTokens: 2000, ttl, status: 'written' }],
});
const json = (ttl: '5m' | '1h'): RunJson => ({ runs: [run(ttl)], model: 'm', region: 'us-east-1', priceDate: '2026-09', retriedWithoutCachePoints: false });

it('notes the estimated 1-hour write price only when a 1-hour point was written', () => {
  assert.match(formatRuns(json('1h')), /note: 1-hour cache writes are priced at an estimate \(2× input\)/);
  assert.doesNotMatch(formatRuns(json('5m')), /estimate/);
});

it('a red cold run is explained: savings so far per run and the call from which the write pays off', () => {
  const cold = { ...run('1h'), costUSD: 0.012, costWithoutCacheUSD: 0.006, payoff: { writtenTokens: 2000, ttl: '1h' as const, writePremiumUSD: 0.006, readSavingUSD: 0.0054 } };
  const warm = { ...run('1h'), costUSD: 0.0006, costWithoutCacheUSD: 0.006, cachePoints: [] };
  const text = formatRuns({ ...json('1h'), runs: [cold, warm, warm] });
  assert.match(text, /saved so far\s+−\$0\.006000\s+−\$0\.0006000\s+\$0\.004800/);
  assert.match(text, /payoff: .* pays off from call 3 within the hour/);
  assert.doesNotMatch(formatRuns(json('5m')), /payoff/);
});
