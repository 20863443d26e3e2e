import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { blockName } from '../../src/shared/blockNames';
import { formatTokens } from '../../src/shared/numberFormat';
import { analyzeWithCli } from './helpers/cli';
import { activate, closeAllEditors, openFixture } from './helpers/extension';

suite('document symbols', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('the outline lists the Converse sections, their blocks and cache points where the CLI finds them', async () => {
    const editor = await openFixture('contractReview.prompt');
    const uri = editor.document.uri;
    const { blocks, cachePoints } = await analyzeWithCli(uri.fsPath);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.ok(symbols && symbols.length > 0, 'no document symbols');

    // One section per Converse destination, in prefix order: System, then User message 1...
    const sections = [...new Set(blocks.map((b) => blockName({ field: b.field, messageIndex: b.messageIndex, role: b.role })))];
    assert.deepEqual(symbols.map((s) => s.name), sections);

    const children = symbols.flatMap((s) => s.children);
    const blockSymbols = children.filter((c) => c.kind === vscode.SymbolKind.String);
    assert.deepEqual(
      blockSymbols.map((c) => ({ line: c.range.start.line + 1, detail: c.detail })),
      blocks.map((b) => ({ line: b.startLine, detail: `≈ ${formatTokens(b.tokens)} tokens` })),
    );
    const pointSymbols = children.filter((c) => c.name === 'cachePoint');
    assert.deepEqual(
      pointSymbols.map((c) => ({ line: c.range.start.line + 1, detail: c.detail })),
      cachePoints.map((p) => ({ line: p.line, detail: `prefix ${formatTokens(p.prefixTokens)}` })),
    );
  });
});
