/**
 * The comparison tab's host side: the matrix is sent after `ready` (again after a reload), only
 * for the panel's file; Apply and the live run reach their hooks; malformed cells are dropped.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PanelController } from '../../../../src/editor/usagePanel/panelController';
import type { UsageSource } from '../../../../src/editor/usagePanel/usageSource';
import type { ComparisonView } from '../../../../src/shared/comparisonView';
import { parseAppToHostMessage, type ComparisonCell, type HostToAppMessage } from '../../../../src/shared/protocol';
import { FILE, T0 } from '../../../webview/usageFixtures';

const view: ComparisonView = {
  file: FILE, calls: 10, intervalSeconds: 60, best: { model: 'm', strategy: 'conservative', ttl: '5m' }, chartModel: 'M', curves: [], breakEvens: [],
  rows: [{ model: 'm', modelName: 'M', strategy: 'conservative', ttl: '5m', cachePointLines: [5], hitRatio: 0.9, costUSD: 1, costPerCallUSD: 0.1, savingVsNoneUSD: 2, notes: [] }],
};

function setup() {
  const source: UsageSource = { recordsFor: async () => [], onDidRecord: () => ({ dispose() {} }), cancelRun() {}, revealBlock() {} };
  const posted: HostToAppMessage[] = [];
  const applied: Array<[string, ComparisonCell]> = [];
  const live: Array<[string, ComparisonCell[]]> = [];
  const controller = new PanelController({ postMessage: (m) => { posted.push(m); return true; } }, source, FILE, {
    exportHistory() {}, now: () => T0,
    applyComparison: (file, cell) => { applied.push([file, cell]); },
    compareLive: (file, cells) => { live.push([file, cells]); },
  });
  return { controller, posted, applied, live };
}

test('the comparison is posted once the page is ready, and again after a reload', async () => {
  const { controller, posted } = setup();
  await controller.showComparison(view);
  assert.equal(posted.length, 0);
  await controller.handle({ type: 'ready' });
  assert.deepEqual(posted.map((m) => m.type), ['init', 'comparison']);
  await controller.showComparison(view, 'Running 1 of 2');
  assert.deepEqual(posted.at(-1), { type: 'comparison', view, status: 'Running 1 of 2' });
  await controller.handle({ type: 'ready' });
  assert.deepEqual(posted.slice(-2).map((m) => m.type), ['init', 'comparison']);
  // Another file's comparison is not shown here.
  await controller.showComparison({ ...view, file: 'other.prompt' });
  assert.equal(posted.filter((m) => m.type === 'comparison' && m.view.file === 'other.prompt').length, 0);
});

test('Apply and Run selected live reach their hooks with the panel\'s file', async () => {
  const { controller, applied, live } = setup();
  await controller.handle({ type: 'applyComparison', model: 'm', strategy: 'aggressive', ttl: '1h' });
  await controller.handle({ type: 'compareLive', cells: [{ model: 'm', strategy: 'none', ttl: null }, { model: 'm', strategy: 'conservative', ttl: '5m' }] });
  assert.deepEqual(applied, [[FILE, { model: 'm', strategy: 'aggressive', ttl: '1h' }]]);
  assert.deepEqual(live, [[FILE, [{ model: 'm', strategy: 'none', ttl: null }, { model: 'm', strategy: 'conservative', ttl: '5m' }]]]);
});

test('malformed comparison messages are dropped', () => {
  for (const bad of [
    { type: 'applyComparison', model: 'm', strategy: 'greedy', ttl: '5m' },
    { type: 'applyComparison', model: 'm', strategy: 'none', ttl: '5m' },
    { type: 'applyComparison', model: '', strategy: 'custom', ttl: '1h' },
    { type: 'applyComparison', model: 'm', strategy: 'custom', ttl: '2h' },
    { type: 'compareLive', cells: [] },
    { type: 'compareLive', cells: [{ model: 'm', strategy: 'conservative' }] },
    { type: 'compareLive', cells: 'all' },
  ]) assert.equal(parseAppToHostMessage(bad), undefined, JSON.stringify(bad));
  // Extra fields are not carried through.
  assert.deepEqual(parseAppToHostMessage({ type: 'applyComparison', model: 'm', strategy: 'none', ttl: null, extra: 1 }), { type: 'applyComparison', model: 'm', strategy: 'none', ttl: null });
});
