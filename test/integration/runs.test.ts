// Runs from the editor against the Bedrock emulator the runner started (real AWS SDK, real HTTP/2
// on 127.0.0.1): cold then warm usage, the usage panel as drawn in its webview, the history on
// disk, and a cancelled run. The tests share the two runs' records, so they run in this order.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { HistoryFile } from '../../src/node/historyFile';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { extensionApi, type PromptCacheApi } from './helpers/api';
import { addFault, clearFaults, emulatorRequests, emulatorUrl, resetEmulator } from './helpers/emulator';
import { closeAllEditors, openFixture, workspaceFile } from './helpers/extension';
import { probesAvailable, usageCardOnScreen } from './helpers/runnerProbe';
import { poll } from './helpers/wait';
import { runDismissingNotifications } from './helpers/notifications';

/** Contract prefix, a 5-minute cache point, then the question (with a default value). */
const RUN_FILE = 'usageRun.prompt';
const CANCEL_FILE = 'cancelledRun.prompt';

/** The emulator's reply names the model and its own count of every input token (emulator/README.md). */
const REPLY = /^Emulated reply from (\S+): (\d+) input tokens\.$/;

const count = (n: number) => n.toLocaleString('en-US');

/** A fresh reader of the history file: what is on disk, not what the extension holds in memory. */
async function historyOnDisk(api: PromptCacheApi, file: string): Promise<UsageRecord[]> {
  const path = (await api.runs.historyFile()).path;
  return new HistoryFile(path).recordsFor(file);
}

suite('runs against the emulator', function () {
  let api: PromptCacheApi;
  let cold: UsageRecord | undefined;
  let warm: UsageRecord | undefined;

  suiteSetup(async () => {
    // Never run anything unless requests go to the local emulator.
    assert.equal(vscode.workspace.getConfiguration('promptCache').get('endpoint'), emulatorUrl(), 'promptCache.endpoint is not the emulator');
    api = await extensionApi();
    await resetEmulator();
  });
  teardown(clearFaults);
  // The panel stays open between the tests that look at it; closed once at the end.
  suiteTeardown(closeAllEditors);

  test('running twice writes the cache, then reads it, with the emulator\'s numbers', async () => {
    const editor = await openFixture(RUN_FILE);
    const records = await vscode.commands.executeCommand<UsageRecord[]>('promptCache.runPromptNTimes', editor.document.uri, 2);
    assert.ok(Array.isArray(records), `the command returned ${JSON.stringify(records)}`);
    assert.equal(records.length, 2, JSON.stringify(records.map((r) => r.error)));
    [cold, warm] = records;

    for (const record of records) {
      assert.equal(record.complete, true, record.error);
      assert.equal(record.error, undefined);
      assert.equal(record.file, RUN_FILE);
      const { inputTokens, cacheReadInputTokens, cacheWriteInputTokens, totalInputTokens } = record.usage;
      assert.equal(totalInputTokens, inputTokens + cacheReadInputTokens + cacheWriteInputTokens, 'total input = uncached + read + write');
      // The reply states the emulator's own count of everything sent: the total must agree with it.
      const reply = REPLY.exec(record.text);
      assert.ok(reply, `unexpected reply text: ${record.text}`);
      assert.equal(reply[1], record.model);
      assert.equal(Number(reply[2]), totalInputTokens);
    }
    assert.ok(cold.usage.cacheWriteInputTokens > 0, 'the cold run writes the cache');
    assert.equal(cold.usage.cacheReadInputTokens, 0, 'nothing to read on the cold run');
    assert.equal(warm.usage.cacheReadInputTokens, cold.usage.cacheWriteInputTokens, 'the warm run reads what the cold run wrote');
    assert.equal(warm.usage.cacheWriteInputTokens, 0, 'the warm run writes nothing new');
    assert.deepEqual(cold.cachePoints.map((p) => p.status), ['written']);
    assert.deepEqual(warm.cachePoints.map((p) => p.status), ['read']);
    assert.ok(warm.costUSD < cold.costUSD, 'reading the cache is cheaper than writing it');

    // What the emulator says it received and answered, request by request.
    const requests = (await emulatorRequests()).filter((r) => r.operation === 'converse-stream');
    assert.equal(requests.length, 2, 'one ConverseStream call per run, no retries');
    requests.forEach((request, i) => {
      const { usage } = records[i];
      assert.equal(request.status, 200);
      assert.equal(request.modelId, records[i].model);
      assert.deepEqual(
        { input: request.usage?.inputTokens, read: request.usage?.cacheReadInputTokens, write: request.usage?.cacheWriteInputTokens, output: request.usage?.outputTokens },
        { input: usage.inputTokens, read: usage.cacheReadInputTokens, write: usage.cacheWriteInputTokens, output: usage.outputTokens },
        `run ${i + 1}'s record differs from what the emulator answered`);
      // Signed with the runner's fixture credentials, never the machine's.
      assert.equal(request.auth?.scheme, 'sigv4');
      assert.equal(request.auth?.scheme === 'sigv4' && request.auth.accessKeyId, process.env.AWS_ACCESS_KEY_ID);
      assert.equal(request.auth?.scheme === 'sigv4' && request.auth.region, 'us-east-1');
    });

    const panel = api.panelHost().current;
    assert.ok(panel, 'the run opened the usage panel');
    assert.equal(panel.file, RUN_FILE);
  });

  test('the usage panel\'s webview shows the warm run\'s card with those numbers', async function () {
    // Desktop runs (npm run test:desktop) have no runner looking at the page: nothing to ask.
    if (!probesAvailable()) this.skip();
    assert.ok(warm && api.panelHost().current, 'needs the runs and the open panel of the previous test');
    const card = await usageCardOnScreen(warm.id);
    assert.ok(card.frameDepth >= 1, 'the card is drawn inside the webview\'s frame, not the workbench page');
    assert.equal(card.heading, 'Latest run');
    const { usage } = warm;
    assert.deepEqual(
      {
        inputTokens: card.fields.inputTokens, cacheReadInputTokens: card.fields.cacheReadInputTokens,
        cacheWriteInputTokens: card.fields.cacheWriteInputTokens, outputTokens: card.fields.outputTokens,
        totalInputTokens: card.fields.totalInputTokens, model: card.fields.model,
      },
      {
        inputTokens: count(usage.inputTokens), cacheReadInputTokens: count(usage.cacheReadInputTokens),
        cacheWriteInputTokens: count(usage.cacheWriteInputTokens), outputTokens: count(usage.outputTokens),
        totalInputTokens: count(usage.totalInputTokens), model: warm.model,
      });
    assert.equal(card.fields.incomplete, undefined, 'a complete run has no "Incomplete" badge');
  });

  test('the runs are in the history file on disk', async () => {
    assert.ok(cold && warm, 'needs the records of the first test');
    const persisted = await historyOnDisk(api, RUN_FILE);
    const byId = new Map(persisted.map((r) => [r.id, r]));
    for (const record of [cold, warm]) {
      const saved = byId.get(record.id);
      assert.ok(saved, `run ${record.id} is not in the history file`);
      assert.deepEqual(saved.usage, record.usage);
      assert.equal(saved.complete, true);
    }
    // And the extension's own view of the history (the panel's source) agrees.
    const ids = (await api.runs.recordsFor(RUN_FILE)).map((r) => r.id);
    assert.ok(ids.includes(cold.id) && ids.includes(warm.id), JSON.stringify(ids));
  });

  test('the warm run is judged a cache hit, and its cache point says so in a lens', async () => {
    assert.ok(warm, 'needs the records of the first test');
    assert.equal(warm.cacheCheck?.verdict, 'hit', JSON.stringify(warm.cacheCheck));
    assert.ok(warm.fingerprint && warm.fingerprint.points.length === 1, 'the run kept the fingerprint of its request');
    const editor = await openFixture(RUN_FILE);
    const title = await poll('a "last run" lens on the cache point', async () => {
      const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', editor.document.uri, 100);
      return lenses?.map((l) => l.command?.title ?? '').find((t) => t.includes('last run:'));
    });
    assert.match(title, /last run: read from the cache ✓/);
  });

  test('Compare Requests opens a diff of the two runs\' requests as sent', async () => {
    assert.ok(cold && warm, 'needs the records of the first test');
    const editor = await openFixture(RUN_FILE);
    const opened = await vscode.commands.executeCommand<boolean>('promptCache.compareRequests', editor.document.uri, [cold.id, warm.id]);
    assert.equal(opened, true);
    const shown = await poll('the diff of the two requests', () => {
      const docs = vscode.workspace.textDocuments.filter((d) => d.uri.scheme === 'prompt-cache-request');
      return docs.length >= 2 ? docs : undefined;
    });
    const texts = shown.map((d) => JSON.parse(d.getText()) as { modelId: string });
    assert.ok(texts.every((t) => t.modelId === warm!.model), 'each side is the request as sent');
  });

  test('a run cancelled while the answer streams keeps a record marked incomplete', async () => {
    const uri = workspaceFile(CANCEL_FILE);
    await openFixture(CANCEL_FILE);
    // Half a second before each event frame: the answer takes seconds, the cancel a moment.
    await addFault({ kind: 'slowStream', delayMs: 500, operation: 'converse-stream' });
    const file = api.runs.relativeFile(uri);
    const firstDelta = new Promise<void>((resolve) => {
      const subscription = api.runs.onDidRunProgress((progress) => {
        if (progress.file === file && progress.kind === 'delta') {
          subscription.dispose();
          resolve();
        }
      });
    });
    const running = vscode.commands.executeCommand<UsageRecord[]>('promptCache.runPrompt', uri);
    await firstDelta;
    assert.equal(api.runs.isRunning(file), true, 'the run is still streaming when cancelled');
    await vscode.commands.executeCommand('promptCache.cancelRun', uri);
    const records = await running;

    assert.equal(records?.length, 1, JSON.stringify(records));
    const [record] = records;
    assert.equal(record.complete, false, 'a cancelled run is marked incomplete');
    assert.match(record.error ?? '', /cancel/i);
    assert.ok(record.text.length > 0, 'the output streamed before the cancel is kept');
    assert.doesNotMatch(record.text, REPLY, 'the whole reply arrived: the run was not cut short');
    const replyStart = `Emulated reply from ${record.model}: `;
    assert.ok(replyStart.startsWith(record.text) || record.text.startsWith(replyStart), `kept output is not the reply's beginning: ${record.text}`);
    assert.equal(api.runs.isRunning(file), false);
    // On the wire: the client went away before the emulator finished streaming.
    const outcome = await poll('the emulator to record how the stream ended', async () => {
      const streamed = (await emulatorRequests()).filter((r) => r.operation === 'converse-stream');
      return streamed.at(-1)?.outcome;
    });
    assert.equal(outcome, 'aborted');

    const saved = (await historyOnDisk(api, CANCEL_FILE)).find((r) => r.id === record.id);
    assert.ok(saved, 'the cancelled run is in the history file');
    assert.equal(saved.complete, false);
    assert.equal(saved.text, record.text);
  });

  test('a second Run Prompt of the same file while one is running sends nothing', async () => {
    const uri = workspaceFile(RUN_FILE);
    await openFixture(RUN_FILE);
    await resetEmulator();
    await addFault({ kind: 'slowStream', delayMs: 200, operation: 'converse-stream' });
    const first = vscode.commands.executeCommand<UsageRecord[]>('promptCache.runPrompt', uri);
    // Fired before the first one has sent anything: the slot is taken before any await.
    const second = await runDismissingNotifications<UsageRecord[]>('promptCache.runPrompt', uri);
    assert.deepEqual(second, [], 'the second run was refused');
    const records = await first;
    assert.equal(records?.length, 1);
    assert.equal(records[0].complete, true, records[0].error);
    const sent = (await emulatorRequests()).filter((r) => r.operation === 'converse-stream');
    assert.equal(sent.length, 1, 'exactly one request reached the emulator');
  });
});
