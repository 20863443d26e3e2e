/**
 * A run replayed from the response cache in real Chromium: marked on the card and in the history,
 * $0, and left out of the Bedrock prompt-cache figures of the summary.
 */
/// <reference lib="dom" />
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { PanelPage, startFixture, stopFixture, type Fixture } from './harness';
import { T0, coldRun, initialState, warmRun } from './usageFixtures';

let fx: Fixture;
before(async () => { fx = await startFixture(); });
after(async () => { await stopFixture(fx); });

/** The warm run's request sent again and answered from the response cache. */
const replayedRun: UsageRecord = {
  ...warmRun, id: 'run-replayed', startedAt: new Date(T0 - 5_000).toISOString(), costUSD: 0, costWithoutCacheUSD: 0, priceDate: '',
  latencyMs: 40, timeToFirstTokenMs: 2, cachePoints: [], replayed: true,
  replay: { storedAt: warmRun.startedAt, savedUSD: 0.00573, savedMs: 1600 },
};

test('a replay is marked on its card, in the history, and kept out of prompt-cache figures', async () => {
  const panel = await PanelPage.open(fx.browser, fx.server, { initialState: initialState([replayedRun, warmRun, coldRun]), clock: T0 });
  try {
    assert.equal(await panel.text('#run [data-field="replayedBadge"]'), 'Replayed');
    assert.match(await panel.text('#run [data-field="replayed"]'), /^Replayed from the response cache — no Bedrock call, \$0 \(the original call cost \$0\.00573/);
    assert.equal(await panel.text('#run [data-field="costUSD"]'), '$0.00');
    assert.equal(await panel.text('#run [data-field="hitRatio"]'), '0.0%');
    assert.equal(await panel.page.locator('#history tr[data-run-id="run-replayed"] [data-field="replayed"]').innerText(), 'replayed (end_turn)');
    // Two Bedrock runs in the prompt-cache figures (3,600 read of 7,800), the replay on its own line.
    assert.equal(await panel.text('#summary [data-field="runs"]'), '2');
    assert.equal(await panel.text('#summary [data-field="hitRatio"]'), '46.2%');
    assert.equal(await panel.text('#summary [data-field="replays"]'), '1');
    assert.deepEqual(panel.errors, []);
  } finally {
    await panel.close();
  }
});
