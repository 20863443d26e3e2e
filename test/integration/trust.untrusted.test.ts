// Runs only in the workbench opened in restricted mode (PROMPT_CACHE_TEST_TRUST=untrusted), on
// test/fixtures/untrusted: a cloned repository whose settings try to redirect requests.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { analyzeWithCli } from './helpers/cli';
import { emulatorRequests, emulatorUrl, resetEmulator } from './helpers/emulator';
import { activate, closeAllEditors, openFixture, workspaceFile } from './helpers/extension';
import { tokenLenses } from './helpers/lenses';
import { runDismissingNotifications } from './helpers/notifications';
import { codeOf, diagnosticsWhere, poll } from './helpers/wait';

const FILE = 'cloned.prompt';

suite('untrusted workspace', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('the workspace is open in restricted mode', () => {
    assert.equal(vscode.workspace.isTrusted, false);
  });

  test('token lenses and diagnostics still work, with the CLI\'s numbers', async () => {
    const editor = await openFixture(FILE);
    const uri = editor.document.uri;
    const { blocks, findings } = await analyzeWithCli(uri.fsPath);
    const lenses = await poll('token lenses', async () => {
      const found = await tokenLenses(uri);
      return found.length > 0 ? found : undefined;
    });
    assert.deepEqual(
      lenses.map(({ line, tokens, prefix }) => ({ line, tokens, prefix })),
      blocks.map((b) => ({ line: b.startLine - 1, tokens: b.tokens, prefix: b.prefixTokens })));

    const expected = findings.find((f) => f.code === 'cache-below-minimum');
    assert.ok(expected, 'the fixture has a cache point below the minimum');
    const diagnostics = await diagnosticsWhere(uri, (list) => list.some((d) => codeOf(d) === expected.code), 'the cache-below-minimum diagnostic');
    assert.equal(diagnostics.find((d) => codeOf(d) === expected.code)?.range.start.line, expected.line - 1);
  });

  test('the workspace\'s own endpoint and region are ignored; its other settings apply', () => {
    const file = workspaceFile('.vscode/settings.json').fsPath;
    const workspaceSettings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const config = vscode.workspace.getConfiguration('promptCache');
    assert.notEqual(config.get('endpoint'), workspaceSettings['promptCache.endpoint']);
    // The user's value (the runner's emulator) is the one in effect.
    assert.equal(config.get('endpoint'), emulatorUrl());
    assert.notEqual(config.get('region'), workspaceSettings['promptCache.region']);
    // Not a restricted setting: proof that VS Code did read the file.
    assert.equal(config.get('strategy'), workspaceSettings['promptCache.strategy']);
    // Prices, catalog rows and partial folders from the workspace are ignored too.
    for (const key of ['pricing', 'models', 'partialsPath']) {
      assert.ok(workspaceSettings[`promptCache.${key}`] !== undefined, `the fixture sets promptCache.${key}`);
      assert.notDeepEqual(config.get(key), workspaceSettings[`promptCache.${key}`], `promptCache.${key} from the workspace is in effect`);
    }
  });

  test('the model hover shows the catalog\'s prices and minimum, not the workspace\'s', async () => {
    const editor = await openFixture(FILE);
    const line = editor.document.getText().split('\n').findIndex((l) => l.startsWith('model:'));
    assert.ok(line >= 0, 'the fixture names a model');
    const hovers = await poll('the model hover', async () => {
      const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', editor.document.uri, new vscode.Position(line, 2));
      return found && found.length > 0 ? found : undefined;
    });
    const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
    assert.match(text, /minimum per cache point \| 1,024 tokens/);
    assert.doesNotMatch(text, /999|from-the-workspace/);
  });

  test('Run Prompt and exact counting send nothing and return without records', async () => {
    const uri = workspaceFile(FILE);
    await openFixture(FILE);
    await resetEmulator();
    const runs = await runDismissingNotifications<unknown[]>('promptCache.runPrompt', uri);
    assert.deepEqual(runs, [], 'a refused run returns no records');
    const several = await runDismissingNotifications<unknown[]>('promptCache.runPromptNTimes', uri, 2);
    assert.deepEqual(several, []);
    const counted = await runDismissingNotifications<unknown>('promptCache.countTokensExact', uri);
    assert.equal(counted, undefined, 'a refused count returns nothing');
    assert.deepEqual(await emulatorRequests(), [], 'the emulator received requests from an untrusted workspace');
  });
});
