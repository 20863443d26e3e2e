import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, workspaceFile } from './helpers/extension';

suite('export request', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('Export Request as Anthropic JSON opens the body with cache_control where the file has cache points', async () => {
    const uri = workspaceFile('contractReview.prompt');
    const json = await vscode.commands.executeCommand<string>('promptCache.exportRequest', uri, 'anthropic');
    assert.ok(json, 'the command returned the exported JSON');
    const body = JSON.parse(json) as { model: string; messages: { content: { text?: string; cache_control?: { ttl?: string } }[] }[] };
    assert.equal(body.model, 'claude-sonnet-4-5-20250929');
    const marked = body.messages.flatMap((m) => m.content).filter((b) => b.cache_control);
    assert.equal(marked.length, 1, 'one block carries the cache point');
    assert.equal(marked[0].cache_control?.ttl, '1h');
    assert.match(marked[0].text ?? '', /contract/i, 'the marked block is the contract, the block before the point');
    assert.equal(vscode.window.activeTextEditor?.document.languageId, 'json');
    assert.equal(vscode.window.activeTextEditor?.document.getText(), json);
  });
});
