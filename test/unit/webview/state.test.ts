/** The panel app's state transitions and run figures, without a DOM. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { efficiencySummary, runMetrics } from '../../../src/webview/runMetrics';
import { applyMessage, hostNow, initialState, selectedRecord, toggleCompare, visibleRecords, type AppState } from '../../../src/webview/state';
import { FILE, NOVA, SONNET, T0, coldRun, novaRun, throttledRun, warmRun } from '../../webview/usageFixtures';

const start = (pageNow = T0) => initialState({ file: FILE, records: [coldRun, novaRun], now: T0 }, undefined, pageNow);

test('records are kept newest first and the newest is shown by default', () => {
  let s = start();
  assert.deepEqual(s.records.map((r) => r.id), ['run-cold', 'run-nova']);
  s = applyMessage(s, { type: 'runFinished', record: warmRun, now: T0 }, T0);
  assert.deepEqual(s.records.map((r) => r.id), ['run-warm', 'run-cold', 'run-nova']);
  assert.equal(selectedRecord(s)?.id, 'run-warm');
});

test('the host clock wins over the page clock', () => {
  const s = start(T0 + 5000);
  assert.equal(hostNow(s, T0 + 6000), T0 + 1000);
});

test('live run: deltas append only to the current run; a record of another file is ignored', () => {
  let s = applyMessage(start(), { type: 'runStarted', runId: 'r', file: FILE, model: SONNET, startedAt: 'x', now: T0 }, T0);
  s = applyMessage(s, { type: 'runDelta', runId: 'r', text: 'a' }, T0);
  s = applyMessage(s, { type: 'runDelta', runId: 'q', text: 'b' }, T0);
  s = applyMessage(s, { type: 'runDelta', runId: 'r', text: 'c' }, T0);
  assert.equal(s.live?.text, 'ac');
  const other = applyMessage(s, { type: 'runFinished', record: { ...warmRun, file: 'other.prompt' }, now: T0 }, T0);
  assert.equal(other, s);
  s = applyMessage(s, { type: 'runFailed', runId: 'r', message: 'denied', now: T0 }, T0);
  assert.deepEqual([s.live?.running, s.live?.error], [false, 'denied']);
});

test('switching file drops selections; new records for the same file prune missing runs', () => {
  let s: AppState = { ...start(), selectedRunId: 'run-nova', compareRunIds: ['run-nova', 'run-cold'], modelFilter: NOVA };
  const pruned = applyMessage(s, { type: 'init', file: FILE, records: [coldRun], now: T0 }, T0);
  assert.deepEqual([pruned.selectedRunId, pruned.compareRunIds, pruned.modelFilter], [undefined, ['run-cold'], NOVA]);
  s = applyMessage(s, { type: 'init', file: 'b.prompt', records: [], now: T0 }, T0);
  assert.deepEqual([s.file, s.selectedRunId, s.compareRunIds, s.modelFilter], ['b.prompt', undefined, [], '']);
});

test('compare keeps the last two ticks; the filter matches model or invoked model', () => {
  let s = applyMessage(start(), { type: 'runFinished', record: warmRun, now: T0 }, T0);
  s = toggleCompare(toggleCompare(toggleCompare(s, 'run-cold'), 'run-warm'), 'run-nova');
  assert.deepEqual(s.compareRunIds, ['run-warm', 'run-nova']);
  assert.deepEqual(toggleCompare(s, 'run-warm').compareRunIds, ['run-nova']);
  const routed = { ...warmRun, id: 'routed', model: 'router-arn', invokedModel: NOVA };
  s = applyMessage(s, { type: 'runFinished', record: routed, now: T0 }, T0);
  assert.deepEqual(visibleRecords({ ...s, modelFilter: NOVA }).map((r) => r.id), ['routed', 'run-nova']);
});

test('UI state restored for the same file only', () => {
  const ui = { file: FILE, selectedRunId: 'run-cold', compareRunIds: ['run-cold', 'run-nova', 'x'], modelFilter: SONNET };
  const same = initialState({ file: FILE, records: [coldRun], now: T0 }, ui, T0);
  assert.deepEqual([same.selectedRunId, same.compareRunIds, same.modelFilter], ['run-cold', ['run-cold', 'run-nova'], SONNET]);
  const other = initialState({ file: 'b.prompt', records: [], now: T0 }, ui, T0);
  assert.deepEqual([other.selectedRunId, other.compareRunIds, other.modelFilter], [undefined, [], '']);
});

test('run figures come from the record cost fields', () => {
  const warm = runMetrics(warmRun);
  assert.equal(warm.hitRatio, 3600 / 3900);
  assert.equal(warm.savingUSD.toFixed(5), '0.00972');
  assert.equal(runMetrics({ ...warmRun, costUSD: 1, costWithoutCacheUSD: 4 }).savingRatio, 0.75);
  const sum = efficiencySummary([coldRun, warmRun, novaRun]);
  assert.equal(sum.runs, 3);
  assert.equal(sum.hitRatio, 3600 / 11700);
  assert.equal(sum.avgLatencyHitMs, 1600);
  // The Nova run broke off: its latency measures the break, so only complete runs are averaged.
  assert.equal(sum.avgLatencyMissMs, 3200);
  assert.equal(efficiencySummary([]).avgLatencyHitMs, undefined);
  assert.equal(efficiencySummary([]).hitRatio, undefined, 'no runs: no ratio, not 0%');
});

test('a failed run (refused, nothing counted) is left out of every efficiency figure', () => {
  const without = efficiencySummary([coldRun, warmRun]);
  const withFailure = efficiencySummary([coldRun, throttledRun, warmRun]);
  assert.equal(withFailure.runs, 2);
  assert.equal(withFailure.failed, 1);
  assert.deepEqual({ ...withFailure, failed: 0 }, { ...without, failed: 0 });
  assert.equal(runMetrics(throttledRun).hitRatio, undefined, 'no input: "—", not 0.0%');
  assert.equal(runMetrics(throttledRun).savingRatio, undefined);
});
