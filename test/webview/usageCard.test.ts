/**
 * The run card, the prefix ribbon and the cache-warm countdown in real Chromium, fed a cold run
 * (cache write) and a warm run (cache read) through the protocol.
 */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { PanelPage, startFixture, stopFixture, themeColor, type Fixture } from './harness';
import { BLOCKS, FILE, T0, coldRun, initialState, warmRun } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

async function field(panel: PanelPage, section: string, name: string): Promise<string> {
  return panel.text(`${section} [data-field="${name}"]`);
}

test('first paint comes from the data-state attribute, before any message, under the CSP', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun]), clock: T0 });
  try {
    assert.equal(await field(panel, '#run', 'totalInputTokens'), '3,900');
    assert.equal(await panel.text('[data-field="file"]'), FILE);
    assert.deepEqual((await panel.posted()).map((m) => m.type), ['ready']);
    assert.deepEqual(await panel.violations(), []);
    assert.deepEqual(panel.errors, []);
    // The codicon font loaded from the CSP's font source.
    const fontLoaded = await panel.page.evaluate(async () => { await document.fonts.ready; return document.fonts.check('16px codicon'); });
    assert.equal(fontLoaded, true);
  } finally {
    await panel.close();
  }
});

test('the cost hint says when a 1-hour write was priced at an estimate', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([]), clock: T0 });
  try {
    const hourRun = { ...coldRun, id: 'run-hour', usage: { ...coldRun.usage, cacheWrite5mTokens: 0, cacheWrite1hTokens: 3600 } };
    await panel.post({ type: 'runFinished', record: hourRun, now: T0 });
    const hint = await panel.page.locator('#run [data-field="costUSD"]').getAttribute('title');
    assert.equal(hint, 'prices of 2025-05-22; the 1-hour cache write price is an estimate (2× input): Bedrock does not publish it');
    await panel.post({ type: 'runFinished', record: coldRun, now: T0 });
    assert.equal(await panel.page.locator('#run [data-field="costUSD"]').getAttribute('title'), 'prices of 2025-05-22');
  } finally {
    await panel.close();
  }
});

test('cold run card: cache write, negative saving, prices date', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([]), clock: T0 });
  try {
    // Before any run there is no hit ratio to speak of: a dash, not "0.0%".
    assert.equal(await panel.text('#summary [data-field="hitRatio"]'), '—');
    await panel.post({ type: 'runFinished', record: coldRun, now: T0 });
    const expected: Record<string, string> = {
      inputTokens: '300', cacheReadInputTokens: '0', cacheWrite5mTokens: '3,600', cacheWrite1hTokens: '0', outputTokens: '250',
      totalInputTokens: '3,900', hitRatio: '0.0%', costUSD: '$0.01815', costWithoutCacheUSD: '$0.01545',
      // 0.01545 − 0.01815 = −0.0027, −17.5% of the uncached cost.
      savingUSD: '−$0.002700 (−17.5%)', priceDate: '2025-05-22', latencyMs: '3.20 s', timeToFirstTokenMs: '1.50 s', stopReason: 'end_turn',
    };
    for (const [name, value] of Object.entries(expected)) assert.equal(await field(panel, '#run', name), value, name);
    assert.equal(await panel.page.locator('#run [data-field="incomplete"]').count(), 0);
  } finally {
    await panel.close();
  }
});

test('warm run card: cache read, hit ratio and saving', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun]), clock: T0 });
  try {
    await panel.post({ type: 'runFinished', record: warmRun, now: T0 });
    assert.equal(await field(panel, '#run', 'cacheReadInputTokens'), '3,600');
    assert.equal(await field(panel, '#run', 'cacheWriteInputTokens'), '0');
    // 3,600 ÷ 3,900 read from the cache.
    assert.equal(await field(panel, '#run', 'hitRatio'), '92.3%');
    assert.equal(await field(panel, '#run', 'costUSD'), '$0.005730');
    // 0.01545 − 0.00573 = 0.00972, 62.9% of the uncached cost.
    assert.equal(await field(panel, '#run', 'savingUSD'), '$0.009720 (62.9%)');
    assert.equal(await field(panel, '#run', 'latencyMs'), '1.60 s');
    assert.equal(await field(panel, '#run', 'timeToFirstTokenMs'), '400 ms');
  } finally {
    await panel.close();
  }
});

/** Each ribbon segment's label, state, colour and width as the page lays it out. */
async function ribbonLayout(panel: PanelPage) {
  return panel.page.evaluate(() => {
    const bar = document.querySelector<HTMLElement>('#run .ribbon-bar')!;
    const segments = [...bar.querySelectorAll<HTMLElement>('.segment')].map((el) => ({
      label: el.querySelector('.segment-label')!.textContent,
      state: el.dataset.state,
      color: getComputedStyle(el).backgroundColor,
      width: el.getBoundingClientRect().width,
      left: el.getBoundingClientRect().left,
    }));
    const markers = [...bar.querySelectorAll<HTMLElement>('.cache-marker')].map((el) => ({ left: el.getBoundingClientRect().left + el.getBoundingClientRect().width / 2, label: el.getAttribute('aria-label') }));
    return { barLeft: bar.getBoundingClientRect().left + bar.clientLeft, barWidth: bar.clientWidth, segments, markers };
  });
}

test('ribbon: blocks in tools → system → messages order, widths proportional to tokens', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun]), clock: T0 });
  try {
    const layout = await ribbonLayout(panel);
    assert.deepEqual(layout.segments.map((s) => s.label), ['tools', 'system', 'user message']);
    const total = BLOCKS.reduce((sum, b) => sum + b.tokens, 0);
    for (const segment of layout.segments) {
      const tokens = BLOCKS.find((b) => b.label === segment.label)!.tokens;
      assert.ok(Math.abs(segment.width - (layout.barWidth * tokens) / total) < 1.5, `${segment.label}: ${segment.width} of ${layout.barWidth}`);
    }
    // One cache point, drawn where the system block ends (3,600 of 3,900 tokens).
    assert.equal(layout.markers.length, 1);
    assert.ok(Math.abs(layout.markers[0].left - (layout.barLeft + (layout.barWidth * 3600) / 3900)) < 2.5);
    assert.match(layout.markers[0].label ?? '', /line 61 \(5m\): written/);
  } finally {
    await panel.close();
  }
});

test('ribbon colours: written prefix after a cold run, read prefix after a warm run, in light and dark themes', async () => {
  for (const theme of ['light', 'dark'] as const) {
    const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun]), clock: T0, theme });
    try {
      const written = themeColor(theme, '--vscode-charts-yellow');
      const read = themeColor(theme, '--vscode-charts-green');
      const uncached = themeColor(theme, '--vscode-charts-blue');
      let layout = await ribbonLayout(panel);
      assert.deepEqual(layout.segments.map((s) => [s.state, s.color]), [['written', written], ['written', written], ['uncached', uncached]], theme);
      await panel.post({ type: 'runFinished', record: warmRun, now: T0 });
      layout = await ribbonLayout(panel);
      assert.deepEqual(layout.segments.map((s) => [s.state, s.color]), [['read', read], ['read', read], ['uncached', uncached]], theme);
      // Selecting the older run in the history shows its colours again.
      await panel.page.click(`[data-select="${coldRun.id}"]`);
      layout = await ribbonLayout(panel);
      assert.deepEqual(layout.segments.map((s) => s.state), ['written', 'written', 'uncached']);
    } finally {
      await panel.close();
    }
  }
});

test('countdown: slides from the last hit, ticks with the clock, goes cold at zero', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun, warmRun]), clock: T0 });
  try {
    // Written at T0−60 s, read at T0−20 s: the 5-minute TTL counts from the read.
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cache warm 4:40');
    await panel.advance(40_000);
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cache warm 4:00');
    await panel.advance(239_000);
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cache warm 0:01');
    await panel.advance(1_000);
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cold');
    // A new hit warms it again for the full TTL.
    const hit = { ...warmRun, id: 'run-again', startedAt: new Date(T0 + 280_000).toISOString() };
    await panel.post({ type: 'runFinished', record: hit, now: T0 + 280_000 });
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cache warm 5:00');
  } finally {
    await panel.close();
  }
});

test('countdown follows the host clock in messages, not the page clock', async () => {
  // The page's clock is an hour ahead of the host's; the host's `now` wins.
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([coldRun, warmRun], T0), clock: T0 + 3_600_000 });
  try {
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cache warm 4:40');
    await panel.post({ type: 'init', file: FILE, records: [coldRun, warmRun], now: T0 + 100_000 });
    assert.equal(await panel.text('[data-warmth-line="60"]'), 'Line 61 (5m): cache warm 3:00');
  } finally {
    await panel.close();
  }
});
