import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../src/core/analyzer';
import { cellText, summarizeRuns } from '../../../src/core/compareCells';
import { DEFAULT_CACHE_SETTINGS } from '../../../src/core/promptConfig';
import { callsPerHour, historyPattern, parseDuration } from '../../../src/core/trafficPattern';

const policy = Array.from({ length: 300 }, (_, i) => `Clause ${i}: the parties agree to the terms stated here.`).join('\n');
const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';

describe('comparison cells', () => {
  it('none sends the file without cache points; a strategy inserts its point at the cell\'s TTL', async () => {
    const text = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${policy}\n{{role "user"}}\n{{question}}\n`;
    const analysis = await new Analyzer().analyze(text, {});
    assert.deepEqual(cellText(text, analysis, 'none', null, DEFAULT_CACHE_SETTINGS), { text, withoutCachePoints: true });
    const hour = cellText(text, analysis, 'conservative', '1h', DEFAULT_CACHE_SETTINGS);
    assert.equal(hour.withoutCachePoints, false);
    assert.ok(hour.text.includes(`${policy}\n{{cachePoint ttl="1h"}}\n{{role "user"}}`));
    assert.ok(cellText(text, analysis, 'conservative', '5m', DEFAULT_CACHE_SETTINGS).text.includes(`${policy}\n{{cachePoint}}\n{{role "user"}}`));
  });

  it('the file\'s own points are sent at the cell\'s TTL, as the projection prices them', async () => {
    const text = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${policy}\n{{cachePoint}}\n{{role "user"}}\n{{question}}\n`;
    const analysis = await new Analyzer().analyze(text, {});
    const sent = cellText(text, analysis, 'conservative', '1h', DEFAULT_CACHE_SETTINGS).text;
    assert.equal(sent, text.replace('{{cachePoint}}', '{{cachePoint ttl="1h"}}'));
    assert.equal(cellText(text, analysis, 'conservative', '5m', DEFAULT_CACHE_SETTINGS).text, text);
  });

  it('summarizes measured runs: total cost, read share of input, median first token', () => {
    const run = (cost: number, read: number, total: number, ttft?: number) => ({ costUSD: cost, usage: { cacheReadInputTokens: read, totalInputTokens: total }, timeToFirstTokenMs: ttft });
    assert.deepEqual(summarizeRuns([run(1, 0, 100, 900), run(0.5, 90, 100, 300), run(0.5, 90, 100, 500)]), { runs: 3, costUSD: 2, hitRatio: 0.6, ttftMsMedian: 500 });
    assert.equal(summarizeRuns([run(1, 0, 100, 900), run(1, 0, 100, 300)]).ttftMsMedian, 600);
    assert.equal(summarizeRuns([run(1, 0, 100)]).ttftMsMedian, null);
  });
});

describe('traffic patterns', () => {
  it('reads durations and rates', () => {
    assert.equal(parseDuration('90s'), 90);
    assert.equal(parseDuration('10m'), 600);
    assert.equal(parseDuration('2h'), 7200);
    assert.equal(parseDuration('1.5h'), 5400);
    assert.equal(parseDuration('soon'), undefined);
    assert.equal(parseDuration('0m'), undefined);
    assert.deepEqual(callsPerHour(3, 30).gaps, [0, 120, 120]);
  });

  it('replays the history\'s gaps, in time order, with the median as the interval', () => {
    const p = historyPattern(['2026-01-01T00:10:00Z', '2026-01-01T00:00:00Z', '2026-01-01T00:11:00Z', '2026-01-01T01:11:00Z']);
    assert.deepEqual(p?.gaps, [0, 600, 60, 3600]);
    assert.equal(p?.intervalSeconds, 600);
    assert.equal(historyPattern(['2026-01-01T00:00:00Z']), undefined);
  });
});
