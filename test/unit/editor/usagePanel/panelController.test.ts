/**
 * The usage panel host's message handling, bound to a recording port instead of a webview:
 * the ready handshake, forwarding of runs, guarded posts after dispose, and validation of what
 * the page sends.
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { test } from 'node:test';
import { PanelController } from '../../../../src/editor/usagePanel/panelController';
import type { RunProgress, Subscribe, UsageSource } from '../../../../src/editor/usagePanel/usageSource';
import type { ExportFormat, HostToAppMessage } from '../../../../src/shared/protocol';
import type { UsageRecord } from '../../../../src/shared/usageRecord';
import { FILE, SONNET, T0, coldRun, warmRun } from '../../../webview/usageFixtures';

/** A tiny event in the shape of `vscode.Event`. */
function emitter<T>(): { event: Subscribe<T>; fire(value: T): void; listeners(): number } {
  const bus = new EventEmitter();
  return {
    event: (listener) => { bus.on('e', listener); return { dispose: () => bus.off('e', listener) }; },
    fire: (value) => bus.emit('e', value),
    listeners: () => bus.listenerCount('e'),
  };
}

function setup(history: Record<string, UsageRecord[]> = { [FILE]: [coldRun] }) {
  const recorded = emitter<UsageRecord>();
  const progress = emitter<RunProgress>();
  const calls: string[] = [];
  const exports: Array<{ file: string; format: ExportFormat; ids: string[] }> = [];
  const errors: unknown[] = [];
  const source: UsageSource = {
    recordsFor: async (file) => history[file] ?? [],
    onDidRecord: recorded.event,
    onDidRunProgress: progress.event,
    cancelRun: (file, runId) => calls.push(`cancel ${file} ${runId}`),
    revealBlock: (file, line) => calls.push(`reveal ${file} ${line}`),
    rerun: (file) => calls.push(`rerun ${file}`),
    pickFile: () => calls.push('pickFile'),
  };
  const posted: HostToAppMessage[] = [];
  let failPosts = false;
  const port = { postMessage: async (m: HostToAppMessage) => { if (failPosts) throw new Error('Webview is disposed'); posted.push(m); return true; } };
  const controller = new PanelController(port, source, FILE, {
    exportHistory: (file, format, records) => { exports.push({ file, format, ids: records.map((r) => r.id) }); },
    now: () => T0,
    onError: (e) => errors.push(e),
  });
  return { controller, recorded, progress, calls, exports, errors, posted, history, breakPort: () => { failPosts = true; } };
}

/** Lets the controller's fire-and-forget posts settle. */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

test('nothing is posted before ready; ready brings init with the file history', async () => {
  const t = setup();
  t.recorded.fire(warmRun);
  await settle();
  assert.deepEqual(t.posted, []);
  await t.controller.handle({ type: 'ready' });
  assert.deepEqual(t.posted, [{ type: 'init', file: FILE, records: [coldRun], now: T0 }]);
});

test('a run that started before ready is replayed with its text after init', async () => {
  const t = setup();
  t.progress.fire({ kind: 'started', runId: 'r1', file: FILE, model: SONNET, startedAt: '2025-06-01T12:00:00.000Z' });
  t.progress.fire({ kind: 'delta', runId: 'r1', file: FILE, text: 'Hel' });
  t.progress.fire({ kind: 'delta', runId: 'r1', file: FILE, text: 'lo' });
  await t.controller.handle({ type: 'ready' });
  assert.deepEqual(t.posted.map((m) => m.type), ['init', 'runStarted', 'runDelta']);
  assert.deepEqual(t.posted[2], { type: 'runDelta', runId: 'r1', text: 'Hello' });
});

test('runs of the panel file are forwarded; other files are not', async () => {
  const t = setup();
  await t.controller.handle({ type: 'ready' });
  t.posted.length = 0;
  t.progress.fire({ kind: 'started', runId: 'r2', file: 'other.prompt', model: SONNET, startedAt: 'x' });
  t.recorded.fire({ ...warmRun, file: 'other.prompt' });
  t.progress.fire({ kind: 'delta', runId: 'r1', file: FILE, text: 'a' });
  t.recorded.fire(warmRun);
  t.progress.fire({ kind: 'failed', runId: 'r3', file: FILE, message: 'denied' });
  await settle();
  assert.deepEqual(t.posted, [
    { type: 'runDelta', runId: 'r1', text: 'a' },
    { type: 'runFinished', record: warmRun, now: T0 },
    { type: 'runFailed', runId: 'r3', message: 'denied', now: T0 },
  ]);
});

test('a file switch resends the records', async () => {
  const t = setup({ [FILE]: [coldRun], 'b.prompt': [] });
  await t.controller.handle({ type: 'ready' });
  await t.controller.setFile('b.prompt');
  assert.deepEqual(t.posted.at(-1), { type: 'init', file: 'b.prompt', records: [], now: T0 });
  assert.equal(t.controller.file, 'b.prompt');
});

test('page messages reach the source; export gets the file history', async () => {
  const t = setup({ [FILE]: [coldRun, warmRun] });
  await t.controller.handle({ type: 'cancel', runId: 'r1' });
  await t.controller.handle({ type: 'revealBlock', startLine: 21 });
  await t.controller.handle({ type: 'export', format: 'csv' });
  await t.controller.handle({ type: 'retry' });
  await t.controller.handle({ type: 'pickFile' });
  assert.deepEqual(t.calls, [`cancel ${FILE} r1`, `reveal ${FILE} 21`, `rerun ${FILE}`, 'pickFile']);
  assert.deepEqual(t.exports, [{ file: FILE, format: 'csv', ids: ['run-cold', 'run-warm'] }]);
});

test('malformed page messages are ignored', async () => {
  const t = setup();
  for (const bad of [null, 'ready', {}, { type: 'revealBlock', startLine: -1 }, { type: 'revealBlock', startLine: '3' }, { type: 'export', format: 'xml' }, { type: 'runCommand', command: 'rm' }, { type: 'selectRun', runId: 'run-cold' }]) {
    await t.controller.handle(bad);
  }
  assert.deepEqual(t.calls, []);
  assert.deepEqual(t.exports, []);
  assert.deepEqual(t.posted, []);
});

test('after dispose nothing is posted and the subscriptions are gone', async () => {
  const t = setup();
  await t.controller.handle({ type: 'ready' });
  t.posted.length = 0;
  t.controller.dispose();
  assert.equal(t.recorded.listeners() + t.progress.listeners(), 0);
  await t.controller.handle({ type: 'ready' });
  await t.controller.setFile('x.prompt');
  assert.deepEqual(t.posted, []);
});

test('a port that throws (panel closing) is reported once, not thrown', async () => {
  const t = setup();
  await t.controller.handle({ type: 'ready' });
  t.breakPort();
  t.recorded.fire(warmRun);
  await settle();
  assert.equal(t.errors.length, 1);
  assert.match(String(t.errors[0]), /disposed/);
});
