import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, openFixture } from './helpers/extension';
import { poll } from './helpers/wait';

function usagePanelTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.includes('promptCache.usagePanel'));
}

suite('usage panel', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('two quick Show Usage Panel calls open one panel', async () => {
    await openFixture('contractReview.prompt');
    await Promise.all([
      vscode.commands.executeCommand('promptCache.showUsagePanel'),
      vscode.commands.executeCommand('promptCache.showUsagePanel'),
    ]);
    await poll('the usage panel tab', async () => (usagePanelTabs().length > 0 ? true : undefined));
    assert.equal(usagePanelTabs().length, 1);
  });
});
