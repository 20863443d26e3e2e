/**
 * History, comparison, model filter, export and reveal in real Chromium: what the user does in
 * the panel and the messages the host receives for it.
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PanelPage, startFixture, stopFixture, type Fixture } from './harness';
import { NOVA, SONNET, T0, coldRun, initialState, novaRun, warmRun } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

const open = (uiState?: Parameters<typeof PanelPage.open>[2]['uiState']) =>
  PanelPage.open(fx.browser, fx.server, { initialState: initialState([novaRun, warmRun, coldRun]), clock: T0, uiState });

async function historyIds(panel: PanelPage): Promise<string[]> {
  return panel.page.locator('#history tbody tr').evaluateAll((rows) => rows.map((row) => (row as HTMLElement).dataset.runId ?? ''));
}

test('history lists every run newest first; the incomplete one is marked; selecting a row shows its card', async () => {
  const panel = await open();
  try {
    assert.deepEqual(await historyIds(panel), ['run-warm', 'run-cold', 'run-nova']);
    assert.equal(await panel.page.locator('#history tr[data-run-id="run-nova"] td').last().innerText(), 'incomplete');
    assert.equal(await panel.text('#run-title'), 'Latest run');
    await panel.page.click('[data-select="run-nova"]');
    assert.equal(await panel.text('#run-title'), 'Selected run');
    assert.equal(await panel.page.locator('#run article.card').getAttribute('data-run-id'), 'run-nova');
    assert.equal(await panel.text('#run [data-field="incomplete"]'), 'Incomplete');
    assert.equal(await panel.text('#run [data-field="error"]'), 'The stream broke after 100 output tokens.');
    // Showing a run is the page's own business: the host hears nothing of it.
    assert.deepEqual((await panel.posted()).map((m) => m.type), ['ready']);
  } finally {
    await panel.close();
  }
});

test('filter by model narrows the history, the charts and the summary', async () => {
  const panel = await open();
  try {
    assert.equal(await panel.text('#summary [data-field="runs"]'), '3');
    await panel.page.selectOption('#model-filter', SONNET);
    assert.deepEqual(await historyIds(panel), ['run-warm', 'run-cold']);
    assert.equal(await panel.text('#summary [data-field="runs"]'), '2');
    // 3,600 read of 7,800 input tokens over the two runs.
    assert.equal(await panel.text('#summary [data-field="hitRatio"]'), '46.2%');
    // −0.0027 + 0.00972 = 0.00702 saved; 3.20 s without a hit, 1.60 s with one.
    assert.equal(await panel.text('#summary [data-field="savedUSD"]'), '$0.007020');
    assert.equal(await panel.text('#summary [data-field="avgLatencyHitMs"]'), '1.60 s');
    assert.equal(await panel.text('#summary [data-field="avgLatencyMissMs"]'), '3.20 s');
    assert.equal(await panel.page.locator('[data-chart="input-split"] rect[data-run-id="run-nova"]').count(), 0);
    assert.equal(await panel.page.locator('[data-chart="cost"] rect.bar').count(), 2);
    await panel.page.selectOption('#model-filter', NOVA);
    assert.deepEqual(await historyIds(panel), ['run-nova']);
    await panel.page.selectOption('#model-filter', '');
    assert.deepEqual(await historyIds(panel), ['run-warm', 'run-cold', 'run-nova']);
  } finally {
    await panel.close();
  }
});

test('two ticked runs are compared side by side, older run first', async () => {
  const panel = await open();
  try {
    assert.equal(await panel.page.locator('#compare').count(), 0);
    await panel.page.check('[data-compare="run-warm"]');
    await panel.page.check('[data-compare="run-cold"]');
    const cards = panel.page.locator('#compare article.card');
    assert.equal(await cards.count(), 2);
    assert.equal(await cards.nth(0).getAttribute('data-run-id'), 'run-cold');
    assert.equal(await cards.nth(1).getAttribute('data-run-id'), 'run-warm');
    assert.equal(await cards.nth(0).locator('[data-field="cacheWrite5mTokens"]').innerText(), '3,600');
    assert.equal(await cards.nth(1).locator('[data-field="cacheReadInputTokens"]').innerText(), '3,600');
    // 0.00573 − 0.01815 = −0.01242; read +3,600; hit ratio 0% → 92.3%; latency 1.6 s − 3.2 s.
    assert.equal(await panel.text('#compare [data-field="costDelta"]'), '−$0.01242');
    assert.equal(await panel.text('#compare [data-field="cacheReadDelta"]'), '+3,600');
    assert.equal(await panel.text('#compare [data-field="hitRatioDelta"]'), '+92.3%');
    assert.equal(await panel.text('#compare [data-field="latencyDelta"]'), '−1.60 s');
    // A third tick replaces the oldest tick.
    await panel.page.check('[data-compare="run-nova"]');
    assert.deepEqual(await panel.page.locator('#compare article.card').evaluateAll((els) => els.map((el) => (el as HTMLElement).dataset.runId)), ['run-nova', 'run-cold']);
    assert.equal(await panel.page.isChecked('[data-compare="run-warm"]'), false);
    await panel.page.uncheck('[data-compare="run-nova"]');
    assert.equal(await panel.page.locator('#compare').count(), 0);
  } finally {
    await panel.close();
  }
});

test('export buttons post export messages for CSV and JSON', async () => {
  const panel = await open();
  try {
    await panel.page.click('[data-export="csv"]');
    await panel.page.click('[data-export="json"]');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'export'), [{ type: 'export', format: 'csv' }, { type: 'export', format: 'json' }]);
  } finally {
    await panel.close();
  }
});

test('clicking a ribbon segment posts revealBlock with the block start line', async () => {
  const panel = await open();
  try {
    await panel.page.click('#run .segment[data-state] >> text=system');
    await panel.page.click('#run .segment >> text=user message');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'revealBlock'), [{ type: 'revealBlock', startLine: 21 }, { type: 'revealBlock', startLine: 61 }]);
  } finally {
    await panel.close();
  }
});

test('the cumulative saving chart table adds the per-run savings in time order', async () => {
  const panel = await open();
  try {
    const cells = await panel.page.locator('[data-chart="cost"] [data-field="cumulativeSaving"]').allTextContents();
    // nova 0, cold −0.0027, warm +0.00972.
    assert.deepEqual(cells, ['$0.00', '−$0.002700', '$0.007020']);
  } finally {
    await panel.close();
  }
});

test('UI state is saved with setState and restored from getState', async () => {
  const first = await open();
  let saved;
  try {
    await first.page.selectOption('#model-filter', SONNET);
    await first.page.click('[data-select="run-cold"]');
    await first.page.check('[data-compare="run-warm"]');
    saved = await first.uiState();
    assert.deepEqual(saved, { file: 'prompts/support.prompt', selectedRunId: 'run-cold', compareRunIds: ['run-warm'], modelFilter: SONNET });
  } finally {
    await first.close();
  }
  // What a panel restored after a reload (or a hidden panel shown again) starts from.
  const restored = await open(saved);
  try {
    assert.equal(await restored.page.inputValue('#model-filter'), SONNET);
    assert.deepEqual(await historyIds(restored), ['run-warm', 'run-cold']);
    assert.equal(await restored.page.locator('#run article.card').getAttribute('data-run-id'), 'run-cold');
    assert.equal(await restored.page.isChecked('[data-compare="run-warm"]'), true);
  } finally {
    await restored.close();
  }
});
