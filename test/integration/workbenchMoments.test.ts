// What a user meets, in the real workbench: Ctrl+Enter stays an editing key (it inserts a line and
// sends nothing), a failed run shows its error and a Retry in the panel, and a picture of each
// moment (lenses, hover, quick-fix menu, Problems, the panel side by side and maximized, dark and
// high contrast, a failed run, the walkthrough) goes to test-output/moments/. Runs last (by name):
// it changes the theme and the window size.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { UsageRecord } from '../../src/shared/usageRecord';
import { addFault, clearFaults, emulatorRequests, emulatorUrl } from './helpers/emulator';
import { activate, closeAllEditors, extensionId, openFixture } from './helpers/extension';
import { tokenLenses } from './helpers/lenses';
import { runDismissingNotifications } from './helpers/notifications';
import { picture, press, probesAvailable, usageCardOnScreen } from './helpers/runnerProbe';
import { codeOf, diagnosticsWhere, poll } from './helpers/wait';

const SIDE_BY_SIDE = { width: 1240, height: 800 };

/** A system prompt far under the minimum, closed by a cache point: the below-minimum diagnostic. */
const BELOW_MINIMUM = '---\nmodel: us.anthropic.claude-sonnet-4-5-20250929-v1:0\n---\n{{role "system"}}\nYou answer questions about the weather in one short sentence.\n{{cachePoint}}\n{{role "user"}}\nQuestion: {{question}}\n';

/** Switches the colour theme and waits until the workbench has applied it. */
async function theme(name: string | undefined, kind: vscode.ColorThemeKind): Promise<void> {
  await vscode.workspace.getConfiguration('workbench').update('colorTheme', name, vscode.ConfigurationTarget.Global);
  await poll(`the ${name ?? 'default'} theme`, () => (vscode.window.activeColorTheme.kind === kind ? true : undefined), 40);
}

suite('workbench moments', function () {
  suiteSetup(async function () {
    if (!probesAvailable()) this.skip();
    assert.equal(vscode.workspace.getConfiguration('promptCache').get('endpoint'), emulatorUrl(), 'promptCache.endpoint is not the emulator');
    await activate();
  });
  teardown(clearFaults);
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('workbench').update('colorTheme', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('Ctrl+Enter in a .prompt file inserts a line and sends no request', async () => {
    const editor = await openFixture('belowMinimum.prompt');
    const lines = editor.document.lineCount;
    const sent = (await emulatorRequests()).length;
    editor.selection = new vscode.Selection(6, 0, 6, 0);
    await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
    await press('Control+Enter');
    await poll('the inserted line', () => (editor.document.lineCount === lines + 1 ? true : undefined), 40);
    assert.equal((await emulatorRequests()).length, sent, 'Ctrl+Enter sent a request');
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  test('pictures: lenses, the model hover, the quick-fix menu and Problems', async () => {
    const editor = await openFixture('contractReview.prompt');
    await picture('editor-lenses', SIDE_BY_SIDE).catch(() => undefined);
    await poll('lenses', async () => ((await tokenLenses(editor.document.uri)).length > 0 ? true : undefined), 40);
    await picture('editor-lenses');
    const modelLine = editor.document.getText().split('\n').findIndex((l) => l.startsWith('model:'));
    editor.selection = new vscode.Selection(modelLine, 2, modelLine, 2);
    await vscode.commands.executeCommand('editor.action.showHover');
    await picture('hover-model');

    // An untitled copy: an earlier suite applies the quick fix to the fixture file itself.
    const below = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'dotprompt', content: BELOW_MINIMUM }));
    const found = await diagnosticsWhere(below.document.uri, (list) => list.some((d) => codeOf(d) === 'cache-below-minimum'), 'the below-minimum diagnostic');
    const diagnostic = found.find((d) => codeOf(d) === 'cache-below-minimum')!;
    assert.ok(typeof diagnostic.code === 'object' && String(diagnostic.code.target).endsWith('docs/diagnostics.md#cache-below-minimum'), 'the code links to its documentation');
    assert.ok(!diagnostic.message.includes('`'), diagnostic.message);
    below.selection = new vscode.Selection(diagnostic.range.start, diagnostic.range.start);
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', below.document.uri, diagnostic.range);
    assert.ok(actions.some((a) => /Remove this cache point/.test(a.title)), actions.map((a) => a.title).join(' | '));
    await vscode.commands.executeCommand('editor.action.quickFix');
    await picture('quick-fix-menu');
    await press('Escape');
    await vscode.commands.executeCommand('workbench.actions.view.problems');
    await picture('problems');
    await vscode.commands.executeCommand('workbench.action.closePanel');
    await vscode.window.showTextDocument(below.document);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  test('pictures: the usage panel side by side (~600 px) and maximized, dark and high contrast', async () => {
    const editor = await openFixture('usageRun.prompt');
    const records = await runDismissingNotifications<UsageRecord[]>('promptCache.runPromptNTimes', editor.document.uri, 2);
    assert.equal(records?.length, 2);
    await usageCardOnScreen(records![1].id);
    await picture('panel-side-by-side', SIDE_BY_SIDE);
    await theme('Default Dark Modern', vscode.ColorThemeKind.Dark);
    await usageCardOnScreen(records![1].id);
    await picture('panel-dark');
    await theme('Default High Contrast', vscode.ColorThemeKind.HighContrast);
    await usageCardOnScreen(records![1].id);
    await picture('panel-high-contrast');
    await theme(undefined, vscode.window.activeColorTheme.kind === vscode.ColorThemeKind.HighContrast ? vscode.ColorThemeKind.Light : vscode.window.activeColorTheme.kind);
    await vscode.commands.executeCommand('workbench.action.focusSecondEditorGroup');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
    await picture('panel-maximized');
    await vscode.commands.executeCommand('workbench.action.toggleMaximizeEditorGroup');
  });

  test('a refused run shows its error and a Retry in the panel, with no figures', async () => {
    const editor = await openFixture('usageRun.prompt');
    await addFault({ kind: 'error', status: 403, errorType: 'AccessDeniedException', times: 1, operation: 'converse-stream' });
    const records = await runDismissingNotifications<UsageRecord[]>('promptCache.runPrompt', editor.document.uri);
    const failed = records?.[0];
    assert.ok(failed?.error, `the run left ${JSON.stringify(records)}`);
    const card = await usageCardOnScreen(failed.id);
    assert.ok(card.fields.error, JSON.stringify(card.fields));
    assert.equal(card.fields.costUSD, undefined, 'a refused run shows no card of zeros');
    await picture('failed-run', SIDE_BY_SIDE);
  });

  test('picture: the Getting Started walkthrough', async () => {
    await closeAllEditors();
    await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${extensionId}#gettingStarted`, false);
    await picture('walkthrough', SIDE_BY_SIDE);
    await closeAllEditors();
  });
});
