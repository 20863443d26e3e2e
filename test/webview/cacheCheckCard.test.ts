/**
 * The usage card says why a run missed the cache, in the panel in real Chromium: the verdict, the
 * template line and what changed, and a button that asks the host for a diff of the two requests.
 * A screenshot of the card goes to test-output/webview/ (the README shows it).
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { copyFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import type { RequestFingerprint } from '../../src/shared/cacheCheck';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { PanelPage, startFixture, stopFixture, type Fixture } from './harness';
import { REPO_ROOT } from '../support/paths';
import { T0, coldRun, initialState } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

const fingerprint: RequestFingerprint = { version: 1, model: coldRun.model, region: 'us-east-1', account: 'env', blocks: [], points: [], inputs: {} };
const first: UsageRecord = { ...coldRun, fingerprint, cacheCheck: { verdict: 'first', expectedReadTokens: 0, readTokens: 0, reasons: [] } };
const missed: UsageRecord = {
  ...coldRun, id: 'run-missed', startedAt: new Date(T0 - 10_000).toISOString(), fingerprint,
  cacheCheck: {
    verdict: 'miss', expectedReadTokens: 0, readTokens: 0,
    reasons: [{ code: 'prefix-changed', line: 14, field: 'system', detail: '`{{today}}` was "2026-11-26", now "2026-11-27": a changing value inside the cached prefix. Move it after the last cache point, or keep it fixed.' }],
  },
};

test('a missed run explains itself on its card and offers the request diff', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([first, missed]), clock: T0, theme: 'dark', viewport: { width: 760, height: 900 } });
  try {
    const headline = await panel.page.textContent('#run [data-field="cacheCheckHeadline"]');
    assert.match(headline ?? '', /^Missed the cache — line 14: `\{\{today\}\}` was "2026-11-26", now "2026-11-27"/);
    assert.equal(await panel.page.getAttribute('#run [data-field="cacheCheck"]', 'data-verdict'), 'miss');
    await panel.page.click('#run [data-action="compareRequests"]');
    const posted = (await panel.posted()).filter((m) => m.type === 'compareRequests');
    assert.deepEqual(posted, [{ type: 'compareRequests', runIds: ['run-cold', 'run-missed'] }]);
    const path = await panel.screenshot('cache-miss-card');
    assert.ok(statSync(path).size > 10_000);
    // The README shows the card alone.
    const card = join(REPO_ROOT, 'test-output', 'webview', 'cache-miss-card-only.png');
    await panel.page.locator('#run article').screenshot({ path: card });
    if (process.env.UPDATE_README_IMAGES === '1') copyFileSync(card, join(REPO_ROOT, 'docs', 'images', 'cache-miss-card.png'));
    assert.deepEqual(panel.errors, []);
    assert.deepEqual(await panel.violations(), []);
  } finally {
    await panel.close();
  }
});

test('the first run says it has nothing to compare with, and offers no diff', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([first]), clock: T0, viewport: { width: 760, height: 900 } });
  try {
    assert.match(await panel.page.textContent('#run [data-field="cacheCheckHeadline"]') ?? '', /^First run of this prompt here/);
    assert.equal(await panel.page.$('#run [data-action="compareRequests"]'), null);
  } finally {
    await panel.close();
  }
});

test('two runs ticked in the history can have their requests diffed', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([first, missed]), clock: T0, viewport: { width: 900, height: 900 } });
  try {
    await panel.page.check('[data-compare="run-missed"]');
    await panel.page.check('[data-compare="run-cold"]');
    await panel.page.click('#compare [data-action="compareRequestsAB"]');
    const posted = (await panel.posted()).filter((m) => m.type === 'compareRequests');
    assert.deepEqual(posted, [{ type: 'compareRequests', runIds: ['run-cold', 'run-missed'] }], 'the older run first');
    assert.deepEqual(panel.errors, []);
  } finally {
    await panel.close();
  }
});
