import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeWithCli } from './helpers/cli';
import { activate, closeAllEditors, openFixture } from './helpers/extension';

const count = (n: number) => n.toLocaleString('en-US');

async function hoverText(uri: vscode.Uri, position: vscode.Position): Promise<string> {
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
  return (hovers ?? [])
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

suite('hovers', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('a block\'s hover gives its tokens and prefix total as the CLI counts them', async () => {
    const editor = await openFixture('contractReview.prompt');
    const { blocks } = await analyzeWithCli(editor.document.uri.fsPath);
    for (const block of blocks) {
      const text = await hoverText(editor.document.uri, new vscode.Position(block.startLine - 1, 0));
      assert.ok(text.includes(`**${count(block.tokens)} tokens**`), `block at line ${block.startLine}: ${text}`);
      assert.ok(text.includes(`prefix **${count(block.prefixTokens)}**`), `block at line ${block.startLine}: ${text}`);
    }
  });

  test('a cache point\'s hover gives the prefix it caches', async () => {
    const editor = await openFixture('contractReview.prompt');
    const { cachePoints } = await analyzeWithCli(editor.document.uri.fsPath);
    assert.ok(cachePoints.length > 0, 'the fixture has a cache point');
    for (const point of cachePoints) {
      const column = editor.document.lineAt(point.line - 1).text.indexOf('cachePoint');
      const text = await hoverText(editor.document.uri, new vscode.Position(point.line - 1, column));
      assert.match(text, /Cache point/);
      assert.ok(text.includes(`**${count(point.prefixTokens)} tokens**`), `cache point at line ${point.line}: ${text}`);
    }
  });
});
