// promptCache.confirmBeforeRun: the runner turns it off for the other run tests; this one turns it
// back on. VS Code refuses to show modal dialogs while extension tests run (its dialog service
// throws "refused to show dialog in tests"), so the dialog itself cannot be answered here; what
// can be checked is the guarantee that matters: no confirmation, no request.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { emulatorRequests, emulatorUrl, resetEmulator } from './helpers/emulator';
import { activate, closeAllEditors, openFixture, workspaceFile } from './helpers/extension';
import { runDismissingNotifications } from './helpers/notifications';

/** A short prompt with a default input: the confirmation is the only thing a run asks. */
const FILE = 'confirmRun.prompt';

function confirmSetting(value: boolean): Thenable<void> {
  return vscode.workspace.getConfiguration('promptCache').update('confirmBeforeRun', value, vscode.ConfigurationTarget.Global);
}

suite('confirmation before the first paid run', () => {
  suiteSetup(async () => {
    assert.equal(vscode.workspace.getConfiguration('promptCache').get('endpoint'), emulatorUrl(), 'promptCache.endpoint is not the emulator');
    await activate();
    await resetEmulator();
  });
  // Back to the runner's value (false), not to the default (true), for the tests after this one.
  suiteTeardown(async () => {
    await confirmSetting(false);
    await closeAllEditors();
  });

  test('with confirmBeforeRun on, a run that is not confirmed sends nothing; with it off, the same run goes out', async () => {
    const uri = workspaceFile(FILE);
    await openFixture(FILE);

    await confirmSetting(true);
    assert.equal(vscode.workspace.getConfiguration('promptCache').get('confirmBeforeRun'), true);
    const unconfirmed = await runDismissingNotifications<unknown[]>('promptCache.runPrompt', uri);
    assert.ok(!unconfirmed || unconfirmed.length === 0, `an unconfirmed run returned records: ${JSON.stringify(unconfirmed)}`);
    assert.deepEqual(await emulatorRequests(), [], 'an unconfirmed run reached Bedrock');

    await confirmSetting(false);
    const records = await vscode.commands.executeCommand<{ complete: boolean; error?: string }[]>('promptCache.runPrompt', uri);
    assert.equal(records?.length, 1, 'the control run, without confirmation, did not run');
    assert.equal(records[0].complete, true, records[0].error);
    assert.equal((await emulatorRequests()).filter((r) => r.operation === 'converse-stream').length, 1);
  });
});
