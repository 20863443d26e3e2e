import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeWithCli } from './helpers/cli';
import { activate, closeAllEditors, workspaceFile } from './helpers/extension';
import { tokenLenses } from './helpers/lenses';
import { poll } from './helpers/wait';

// Google's Dotprompt extension uses the same language id: whoever sets a document to `dotprompt`,
// our lenses attach to it, whatever the file is called.
suite('language id shared with other dotprompt extensions', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('a file switched to dotprompt gets the same lenses as the CLI computes', async () => {
    const uri = workspaceFile('sharedLanguage.txt');
    const plain = await vscode.workspace.openTextDocument(uri);
    assert.notEqual(plain.languageId, 'dotprompt');
    assert.deepEqual(await tokenLenses(uri), [], 'no lenses before the language is dotprompt');
    const document = await vscode.languages.setTextDocumentLanguage(plain, 'dotprompt');
    await vscode.window.showTextDocument(document);
    const lenses = await poll('token lenses after the language switch', async () => {
      const found = await tokenLenses(uri);
      return found.length > 0 ? found : undefined;
    });
    const { blocks } = await analyzeWithCli(uri.fsPath);
    assert.deepEqual(lenses.map((l) => [l.line, l.tokens, l.prefix]), blocks.map((b) => [b.startLine - 1, b.tokens, b.prefixTokens]));
  });

  test('an untitled document in dotprompt mode gets lenses too', async () => {
    const document = await vscode.workspace.openTextDocument({ language: 'dotprompt', content: '{{role "system"}}\nBe brief.\n{{role "user"}}\nHello\n' });
    await vscode.window.showTextDocument(document);
    const lenses = await poll('token lenses on an untitled document', async () => {
      const found = await tokenLenses(document.uri);
      return found.length === 2 ? found : undefined;
    });
    assert.deepEqual(lenses.map((l) => l.line), [1, 3]);
    assert.equal(lenses[1].prefix, lenses[0].tokens + lenses[1].tokens);
  });
});
