/**
 * The live run (streamed text, stop button), untrusted output and keyboard use, in real
 * Chromium.
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PanelPage, startFixture, stopFixture, type Fixture } from './harness';
import { FILE, SONNET, T0, coldRun, initialState, warmRun } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

const HOSTILE = [
  'Sure! <script>window.__pwned = "script"</script>',
  '<img src=x onerror="window.__pwned = \'img\'; alert(1)">',
  '<a href="javascript:window.__pwned=1">click</a> "><svg onload="window.__pwned=\'svg\'">',
].join('\n');

test('streamed output shows as text, the stop button posts cancel, the record then takes the card', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun]), clock: T0 });
  try {
    await panel.post({ type: 'runStarted', runId: 'run-live', file: FILE, model: SONNET, startedAt: new Date(T0).toISOString(), now: T0 });
    await panel.post({ type: 'runDelta', runId: 'run-live', text: 'The answer ' });
    await panel.post({ type: 'runDelta', runId: 'run-live', text: 'is 42.' });
    // A delta of another run (a stale stream) is ignored.
    await panel.post({ type: 'runDelta', runId: 'run-old', text: 'NOISE' });
    assert.equal(await panel.page.locator('[data-live-output]').textContent(), 'The answer is 42.');
    await panel.page.click('[data-action="cancel"]');
    assert.deepEqual((await panel.posted()).at(-1), { type: 'cancel', runId: 'run-live' });

    const record = { ...warmRun, id: 'run-live', startedAt: new Date(T0).toISOString(), text: 'The answer is 42.', complete: false, stopReason: undefined };
    await panel.post({ type: 'runFinished', record, now: T0 + 2000 });
    assert.equal(await panel.page.locator('[data-action="cancel"]').count(), 0);
    assert.equal(await panel.page.locator('#run article.card').getAttribute('data-run-id'), 'run-live');
    assert.equal(await panel.text('#run [data-field="incomplete"]'), 'Incomplete');
    assert.equal(await panel.page.locator('#history tbody tr').count(), 2);
  } finally {
    await panel.close();
  }
});

test('a run that fails before any record shows the error and drops the stop button', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([]), clock: T0 });
  try {
    await panel.post({ type: 'runStarted', runId: 'run-x', file: FILE, model: SONNET, startedAt: new Date(T0).toISOString(), now: T0 });
    await panel.post({ type: 'runFailed', runId: 'run-x', message: 'Access denied to the model.', now: T0 });
    assert.equal(await panel.text('[data-field="liveError"]'), 'Access denied to the model.');
    assert.equal(await panel.page.locator('[data-action="cancel"]').count(), 0);
  } finally {
    await panel.close();
  }
});

test('model output with <script> and onerror markup is shown as text and runs nothing', async () => {
  const hostileRecord = { ...warmRun, id: 'run-hostile', text: HOSTILE, error: '<img src=x onerror="window.__pwned=\'error\'">', model: '<b onmouseover=alert(1)>m</b>' };
  // Also hostile in the first state: it goes through the data-state attribute.
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([hostileRecord]), clock: T0 });
  try {
    await panel.post({ type: 'runStarted', runId: 'run-h2', file: FILE, model: SONNET, startedAt: new Date(T0).toISOString(), now: T0 });
    await panel.post({ type: 'runDelta', runId: 'run-h2', text: HOSTILE });
    await panel.post({ type: 'runFinished', record: { ...hostileRecord, id: 'run-h2', startedAt: new Date(T0).toISOString() }, now: T0 });
    await panel.post({ type: 'runStarted', runId: 'run-h3', file: FILE, model: SONNET, startedAt: new Date(T0).toISOString(), now: T0 });
    await panel.post({ type: 'runDelta', runId: 'run-h3', text: HOSTILE });
    // Give any injected handler its chance: load events and timers would have fired by now.
    await panel.advance(5_000);
    await panel.page.hover('[data-field="model"]');

    assert.equal(await panel.page.locator('[data-live-output]').textContent(), HOSTILE);
    assert.equal(await panel.page.locator('#app img, #app script, #app svg[onload], #app a[href^="javascript"], #app b').count(), 0);
    assert.equal(await panel.text('#run [data-field="model"]'), '<b onmouseover=alert(1)>m</b>');
    assert.equal(await panel.page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned), undefined);
    assert.deepEqual(panel.dialogs, []);
    assert.deepEqual(panel.errors, []);
    assert.deepEqual(await panel.violations(), []);
  } finally {
    await panel.close();
  }
});

/** Tabs until the focused element matches `selector`; the number of presses it took. */
async function tabTo(panel: PanelPage, selector: string, limit = 60): Promise<number> {
  for (let presses = 1; presses <= limit; presses++) {
    await panel.page.keyboard.press('Tab');
    if (await panel.page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return presses;
  }
  throw new Error(`${selector} is not reachable with Tab`);
}

test('keyboard: ribbon segments, run selection, compare, filter and export are reachable and work', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun, warmRun]), clock: T0 });
  try {
    await tabTo(panel, '#run .segment');
    assert.equal(await panel.page.evaluate(() => document.activeElement?.textContent), 'tools');
    await panel.page.keyboard.press('Enter');
    await panel.page.keyboard.press('Tab');
    assert.equal(await panel.page.evaluate(() => document.activeElement?.textContent), 'system');
    await panel.page.keyboard.press(' ');
    assert.deepEqual((await panel.posted()).filter((m) => m.type === 'revealBlock'), [{ type: 'revealBlock', startLine: 1 }, { type: 'revealBlock', startLine: 21 }]);

    await tabTo(panel, '#model-filter');
    await tabTo(panel, '[data-export="csv"]');
    await panel.page.keyboard.press('Enter');
    assert.deepEqual((await panel.posted()).at(-1), { type: 'export', format: 'csv' });

    await tabTo(panel, '[data-compare="run-warm"]');
    await panel.page.keyboard.press('Space');
    await tabTo(panel, '[data-select="run-cold"]');
    await panel.page.keyboard.press('Enter');
    // Re-rendering keeps focus where it was.
    assert.equal(await panel.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.select), 'run-cold');
    assert.equal(await panel.page.locator('#run article.card').getAttribute('data-run-id'), 'run-cold');
    // The row's checkbox sits just before its select button.
    await panel.page.keyboard.press('Shift+Tab');
    assert.equal(await panel.page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.compare), 'run-cold');
    await panel.page.keyboard.press('Space');
    assert.equal(await panel.page.locator('#compare article.card').count(), 2);
  } finally {
    await panel.close();
  }
});

test('screen readers get labels on the ribbon and a table behind every chart', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun, warmRun]), clock: T0 });
  try {
    const labels = await panel.page.locator('#run .segment').evaluateAll((els) => els.map((el) => el.getAttribute('aria-label')));
    assert.deepEqual(labels, [
      'tools: 1,200 tokens, read from cache, lines 2–20',
      'system: 2,400 tokens, read from cache, lines 22–60',
      'user message: 300 tokens, uncached, lines 62–70',
    ]);
    for (const chart of ['input-split', 'cost']) {
      const figure = panel.page.locator(`[data-chart="${chart}"]`);
      assert.equal(await figure.locator('svg[role="img"]').count(), 1);
      assert.ok((await figure.locator('svg title').first().textContent())?.length);
      assert.equal(await figure.locator('table tbody tr').count(), 2);
    }
  } finally {
    await panel.close();
  }
});
