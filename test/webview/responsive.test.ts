/**
 * The panel side by side with the editor (600 px) and maximized, in real Chromium: nothing spills
 * sideways, the figures that matter stay on screen, and a failed run shows its error and a Retry
 * and stays out of the efficiency figures. Screenshots go to test-output/webview/.
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PanelPage, startFixture, stopFixture, type Fixture, type ThemeName } from './harness';
import { FILE, SONNET, T0, coldRun, initialState, novaRun, throttledRun, warmRun } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

/** A long ARN-free model ID and a live run: the widest content the panel shows. */
const records = [novaRun, coldRun, warmRun];

async function openAt(width: number, theme: ThemeName = 'dark', list = records): Promise<PanelPage> {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState(list), clock: T0 + 19_000, theme, viewport: { width, height: 900 } });
  await panel.post({ type: 'runStarted', runId: 'run-live', file: FILE, model: SONNET, startedAt: new Date(T0 + 15_000).toISOString(), now: T0 + 19_000 });
  await panel.post({ type: 'runDelta', runId: 'run-live', text: 'Your order #4411 shipped on Monday; tracking shows it arrives Thursday.' });
  await panel.page.check('[data-compare="run-cold"]');
  await panel.page.check('[data-compare="run-warm"]');
  await panel.page.evaluate(() => document.fonts.ready);
  return panel;
}

/** Elements wider than the page, or reaching past its right edge. */
async function overflow(panel: PanelPage): Promise<{ page: number; view: number; past: string[] }> {
  return panel.page.evaluate(() => {
    const view = document.documentElement.clientWidth;
    const past = [...document.querySelectorAll<HTMLElement>('#app *')]
      .filter((el) => el.getClientRects().length > 0 && el.getBoundingClientRect().right > view + 0.5 && !el.closest('details:not([open])'))
      .map((el) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`);
    return { page: document.documentElement.scrollWidth, view, past };
  });
}

for (const theme of ['dark', 'highContrast'] as ThemeName[]) {
  test(`at 600 px (${theme}) nothing overflows sideways; cost, saving and status stay on screen`, async () => {
    const panel = await openAt(600, theme);
    try {
      const o = await overflow(panel);
      assert.ok(o.page <= o.view, `page is ${o.page} px wide in a ${o.view} px panel`);
      assert.deepEqual(o.past, []);
      const visible = await panel.page.locator('#history thead th').evaluateAll((ths) => ths.filter((th) => (th as HTMLElement).offsetParent !== null).map((th) => (th as HTMLElement).innerText));
      assert.deepEqual(visible.slice(1), ['Started', 'Model', 'Cost', 'Saving', 'Status']);
      // Short model name in the row, the full ID in its tooltip; short stamp, full one in its tooltip.
      const model = panel.page.locator('#history tr[data-run-id="run-warm"] td.model');
      assert.equal(await model.innerText(), 'claude-sonnet-4 (us)');
      assert.equal(await model.getAttribute('title'), SONNET);
      assert.equal(await panel.page.locator('[data-select="run-warm"]').getAttribute('title'), '2025-06-01 11:59:40 UTC');
      // No row wraps: every history row is one line high.
      const heights = await panel.page.locator('#history tbody tr').evaluateAll((rows) => rows.map((r) => r.getBoundingClientRect().height));
      assert.ok(Math.max(...heights) < 2 * Math.min(...heights), `row heights ${heights.join(', ')}`);
      await panel.screenshot(`usage-panel-600px-${theme}`);
      assert.deepEqual(panel.errors, []);
    } finally {
      await panel.close();
    }
  });
}

test('maximized (1400 px) the history shows every column', async () => {
  const panel = await openAt(1400);
  try {
    const o = await overflow(panel);
    assert.ok(o.page <= o.view);
    const visible = await panel.page.locator('#history thead th').evaluateAll((ths) => ths.filter((th) => (th as HTMLElement).offsetParent !== null).length);
    assert.equal(visible, 10);
    await panel.screenshot('usage-panel-maximized');
  } finally {
    await panel.close();
  }
});

test('a failed run shows its error once and a Retry, and is left out of the efficiency figures', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun, warmRun]), clock: T0, theme: 'dark', viewport: { width: 600, height: 900 } });
  try {
    const before = await panel.page.locator('#summary dd').allInnerTexts();
    await panel.post({ type: 'runStarted', runId: throttledRun.id, file: FILE, model: SONNET, startedAt: throttledRun.startedAt, now: T0 });
    await panel.post({ type: 'runFinished', record: throttledRun, now: T0 });
    const card = panel.page.locator('#run article.card');
    assert.equal(await card.getAttribute('data-run-id'), 'run-throttled');
    assert.equal(await card.getAttribute('data-failed'), '');
    assert.equal(await panel.text('#run [data-field="error"]'), throttledRun.error);
    // Once: not again in the live section, and no card of zeros, price date or ribbon.
    assert.equal(await panel.page.getByText(throttledRun.error!).count(), 1);
    assert.equal(await panel.page.locator('#run [data-field="costUSD"], #run .ribbon-bar').count(), 0);
    assert.equal(await panel.page.locator('#history tr[data-run-id="run-throttled"] td.status').innerText(), 'failed');
    // Every figure is what it was before the failure; only the run count says one failed.
    const after = await panel.page.locator('#summary dd').allInnerTexts();
    assert.equal(after[0], '2 (1 failed, not counted)');
    assert.deepEqual(after.slice(1), before.slice(1));
    assert.equal(await panel.page.locator('[data-chart] [data-run-id="run-throttled"]').count(), 0);
    await panel.screenshot('usage-panel-failed-run');
    await panel.page.click('[data-action="retry"]');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'retry'), [{ type: 'retry' }]);
  } finally {
    await panel.close();
  }
});

test('empty states: no runs reads "—", never 0.0%; no file offers to open one', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: { file: '', records: [], now: T0 }, clock: T0, viewport: { width: 600, height: 700 } });
  try {
    assert.equal(await panel.text('#summary [data-field="hitRatio"]'), '—');
    assert.equal(await panel.text('#summary [data-field="costUSD"]'), '—');
    assert.equal(await panel.page.locator('.warmth-empty').innerText(), '');
    await panel.page.click('[data-action="pickFile"]');
    assert.deepEqual((await panel.posted()).map((m) => m.type), ['ready', 'pickFile']);
  } finally {
    await panel.close();
  }
});

test('a run that wrote the cache explains the write premium and the call from which it pays off', async () => {
  const payoff = { writtenTokens: 3600, ttl: '5m' as const, writePremiumUSD: 0.0027, readSavingUSD: 0.00972 };
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([{ ...coldRun, payoff }]), clock: T0, viewport: { width: 600, height: 900 } });
  try {
    assert.equal(await panel.text('#run [data-field="payoff"]'),
      'Writing the cache cost $0.002700 more than sending the prefix uncached, once. Each later call that reads it saves $0.009720: the prompt pays off from call 2 within 5 minutes of each other.');
    await panel.screenshot('usage-panel-cold-run-payoff');
  } finally {
    await panel.close();
  }
  const warm = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([warmRun]), clock: T0, viewport: { width: 600, height: 900 } });
  try {
    assert.equal(await warm.page.locator('[data-field="payoff"]').count(), 0);
  } finally {
    await warm.close();
  }
});
