import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { extension, openFixture } from './helpers/extension';
import { poll } from './helpers/wait';

suite('activation', () => {
  test('opening a .prompt file activates the extension with the dotprompt language', async () => {
    // Only onLanguage:dotprompt activates it, and no .prompt file is open yet.
    assert.equal(extension().isActive, false, 'the extension was active before any .prompt file was opened');
    const editor = await openFixture('contractReview.prompt');
    assert.equal(editor.document.languageId, 'dotprompt');
    await poll('the extension to activate', () => (extension().isActive ? true : undefined));
  });

  test('workspace trust matches the run\'s PROMPT_CACHE_TEST_TRUST', () => {
    assert.equal(vscode.workspace.isTrusted, process.env.PROMPT_CACHE_TEST_TRUST !== 'untrusted');
  });
});

// Proves that a failing test fails the whole run (exit code 1); only defined when asked for.
if (process.env.PROMPT_CACHE_TEST_FAIL === '1') {
  suite('deliberate failure', () => {
    test('fails because PROMPT_CACHE_TEST_FAIL=1', () => {
      assert.fail('deliberate failure requested by PROMPT_CACHE_TEST_FAIL=1');
    });
  });
}
