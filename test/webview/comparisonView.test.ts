/**
 * The "Models, strategies and TTLs" tab in real Chromium, fed what the core computes for a real
 * prompt: the table sorts by any column, Apply and the live run post their messages, and the
 * chart marks the break-even points. A screenshot goes to test-output/webview/.
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { Analyzer } from '../../src/core/analyzer';
import { COMPARE_STRATEGIES } from '../../src/core/compareProjection';
import { comparisonViewOf } from '../../src/core/comparisonViewModel';
import { DEFAULT_CACHE_SETTINGS } from '../../src/core/promptConfig';
import { fixedInterval } from '../../src/core/trafficPattern';
import type { ComparisonView } from '../../src/shared/comparisonView';
import { PanelPage, startFixture, stopFixture, type Fixture } from './harness';
import { FILE, T0, initialState } from './usageFixtures';

let fx: Fixture;
let view: ComparisonView;
const SONNET45 = 'us.anthropic.claude-sonnet-4-5-20250929-v1:0';
const NOVA = 'us.amazon.nova-pro-v1:0';
const policy = Array.from({ length: 400 }, (_, i) => `Clause ${i}: the parties agree to the terms stated here.`).join('\n');
const TEXT = `---\nmodel: ${SONNET45}\n---\n{{role "system"}}\n${policy}\n{{role "user"}}\n{{question}}\n`;

before(async () => {
  fx = await startFixture();
  const analyzer = new Analyzer();
  const analyses = await Promise.all([SONNET45, NOVA].map((modelOverride) => analyzer.analyze(TEXT, { modelOverride })));
  view = comparisonViewOf(FILE, analyses, fixedInterval(20, 600), { strategies: COMPARE_STRATEGIES, ttls: ['5m', '1h'], settings: DEFAULT_CACHE_SETTINGS });
});
after(async () => { await stopFixture(fx); });

const open = () => PanelPage.open(fx.browser, fx.server, { initialState: { ...initialState([]), comparison: view }, clock: T0, viewport: { width: 1100, height: 900 } });

async function column(panel: PanelPage, field: string): Promise<string[]> {
  return panel.page.locator(`#comparison tbody tr[data-cell] [data-field="${field}"]`).allTextContents();
}

test('the matrix sorts by any column, either way', async () => {
  const panel = await open();
  try {
    const cells = await panel.page.locator('#comparison tbody tr[data-cell]').evaluateAll((rows) => rows.map((r) => (r as HTMLElement).dataset.cell));
    assert.equal(cells.length, view.rows.length);
    // Cheapest first by default, and the best row (10 minutes apart: Sonnet 4.5 with a 1-hour point) is marked.
    assert.equal(await panel.page.getAttribute('#comparison th[data-sort-key="costUSD"]', 'aria-sort'), 'ascending');
    assert.match(cells[0]!, /\|1h$/);
    assert.equal(await panel.page.locator('#comparison tr.best').getAttribute('data-cell'), cells[0]);
    const parse = (usd: string) => Number(usd.replace('−', '-').replace(/[$+,]/g, ''));
    await panel.page.click('#comparison th[data-sort-key="savingVsNoneUSD"] button');
    const savings = (await column(panel, 'savingVsNoneUSD')).map(parse);
    assert.deepEqual(savings, [...savings].sort((a, b) => a - b));
    await panel.page.click('#comparison th[data-sort-key="savingVsNoneUSD"] button');
    assert.equal(await panel.page.getAttribute('#comparison th[data-sort-key="savingVsNoneUSD"]', 'aria-sort'), 'descending');
    const down = (await column(panel, 'savingVsNoneUSD')).map(parse);
    assert.deepEqual(down, [...down].sort((a, b) => b - a));
    await panel.page.click('#comparison th[data-sort-key="model"] button');
    const models = await column(panel, 'model');
    assert.deepEqual(models, [...models].sort((a, b) => a.localeCompare(b)));
    // The sort is kept with the panel's UI state.
    assert.deepEqual((await panel.uiState())?.comparisonSort, { key: 'model', descending: false });
    assert.deepEqual(panel.errors, []);
    assert.deepEqual(await panel.violations(), []);
  } finally {
    await panel.close();
  }
});

test('Apply posts the row\'s model, strategy and TTL; ticked cells run live', async () => {
  const panel = await open();
  try {
    const first = view.rows[0];
    await panel.page.click(`#comparison tr[data-cell="${first.model}|${first.strategy}|${first.ttl ?? ''}"] [data-action="apply"]`);
    const none = view.rows.find((r) => r.strategy === 'none' && r.model === first.model)!;
    await panel.page.check(`#comparison tr[data-cell="${none.model}|none|"] input[type="checkbox"]`);
    await panel.page.check(`#comparison tr[data-cell="${first.model}|${first.strategy}|${first.ttl}"] input[type="checkbox"]`);
    await panel.page.click('[data-action="compare-live"]');
    const posted = (await panel.posted()).filter((m) => m.type !== 'ready');
    assert.deepEqual(posted, [
      { type: 'applyComparison', model: first.model, strategy: first.strategy, ttl: first.ttl },
      { type: 'compareLive', cells: view.rows.filter((r) => r === first || r === none).map((r) => ({ model: r.model, strategy: r.strategy, ttl: r.ttl })) },
    ]);
  } finally {
    await panel.close();
  }
});

test('the chart marks the break-even points; screenshot saved', async () => {
  const panel = await open();
  try {
    const marks = await panel.page.locator('[data-chart="cost-curve"] line.break-even').evaluateAll((lines) => lines.map((l) => Number(l.getAttribute('data-break-even'))));
    assert.ok(marks.includes(1) && marks.includes(12), marks.join(','));
    assert.equal(await panel.page.locator('[data-chart="cost-curve"] polyline.curve').count(), 3);
    await panel.page.evaluate(() => document.fonts.ready);
    const path = await panel.screenshot('comparison-matrix');
    assert.ok(statSync(path).size > 10_000);
  } finally {
    await panel.close();
  }
});
