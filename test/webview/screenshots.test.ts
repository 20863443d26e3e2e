/**
 * The panel in light, dark and high-contrast themes: colours follow the theme's variables, and a
 * full-page screenshot of each goes to test-output/webview/ for review.
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { PanelPage, startFixture, stopFixture, themeColor, type Fixture, type ThemeName } from './harness';
import { FILE, SONNET, T0, coldRun, initialState, novaRun, warmRun } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

for (const theme of ['light', 'dark', 'highContrast'] as ThemeName[]) {
  test(`${theme} theme: colours come from the theme variables; screenshot saved`, async () => {
    const panel = await PanelPage.open(fx.browser, fx.server, {
      initialState: initialState([novaRun, coldRun, warmRun]), clock: T0 + 19_000, theme, viewport: { width: 980, height: 900 },
    });
    try {
      await panel.post({ type: 'runStarted', runId: 'run-live', file: FILE, model: SONNET, startedAt: new Date(T0 + 15_000).toISOString(), now: T0 + 19_000 });
      await panel.post({ type: 'runDelta', runId: 'run-live', text: 'Your order #4411 shipped on Monday; tracking shows it arrives Thursday.' });
      await panel.page.check('[data-compare="run-cold"]');
      await panel.page.check('[data-compare="run-warm"]');
      await panel.page.evaluate(() => document.fonts.ready);

      const colours = await panel.page.evaluate(() => ({
        body: getComputedStyle(document.body).backgroundColor,
        text: getComputedStyle(document.body).color,
        read: getComputedStyle(document.querySelector('#run .segment.state-read')!).backgroundColor,
        segmentOutline: getComputedStyle(document.querySelector('#run .ribbon-bar')!).borderTopColor,
        costBar: getComputedStyle(document.querySelector('[data-chart="cost"] rect.bar')!).fill,
      }));
      assert.equal(colours.body, themeColor(theme, '--vscode-editor-background'));
      assert.equal(colours.text, themeColor(theme, '--vscode-foreground'));
      assert.equal(colours.read, themeColor(theme, '--vscode-charts-green'));
      assert.equal(colours.costBar, themeColor(theme, '--vscode-charts-purple'));
      // Only high contrast outlines the ribbon; other themes leave the border transparent.
      assert.equal(colours.segmentOutline, theme === 'highContrast' ? themeColor(theme, '--vscode-contrastBorder') : 'rgba(0, 0, 0, 0)');

      const path = await panel.screenshot(`usage-panel-${theme}`);
      assert.ok(statSync(path).size > 10_000);
      assert.deepEqual(panel.errors, []);
      assert.deepEqual(await panel.violations(), []);
    } finally {
      await panel.close();
    }
  });
}
