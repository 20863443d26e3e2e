import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeWithCli } from './helpers/cli';
import { activate, closeAllEditors, openFixture, workspaceFile } from './helpers/extension';
import { tokenLenses, type TokenLens } from './helpers/lenses';
import { poll } from './helpers/wait';

const FILE = 'contractReview.prompt';

/** Asserts one token lens per CLI block, on the block's first line, with the CLI's counts. */
async function assertLensesMatchCli(uri: vscode.Uri, lenses: TokenLens[]): Promise<void> {
  const { blocks } = await analyzeWithCli(uri.fsPath);
  assert.ok(blocks.length > 0, 'the CLI found no blocks');
  assert.deepEqual(
    lenses.map(({ line, tokens, prefix }) => ({ line, tokens, prefix })),
    blocks.map((block) => ({ line: block.startLine - 1, tokens: block.tokens, prefix: block.prefixTokens })),
  );
}

suite('token lenses', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('one token lens per block, with the counts the CLI prints', async () => {
    const editor = await openFixture(FILE);
    const lenses = await poll('token lenses', async () => {
      const found = await tokenLenses(editor.document.uri);
      return found.length > 0 ? found : undefined;
    });
    await assertLensesMatchCli(editor.document.uri, lenses);
  });

  /** The typing test saves its edit (the CLI reads the file); this puts the fixture back after it. */
  let original: string | undefined;
  teardown(async () => {
    if (original === undefined) return;
    const document = await vscode.workspace.openTextDocument(workspaceFile(FILE));
    const edit = new vscode.WorkspaceEdit();
    edit.replace(document.uri, new vscode.Range(0, 0, document.lineCount, 0), original);
    await vscode.workspace.applyEdit(edit);
    await document.save();
    original = undefined;
  });

  test('typing into a block updates its lens and the prefix totals after it', async () => {
    const editor = await openFixture(FILE);
    const uri = editor.document.uri;
    original = editor.document.getText();
    const before = await poll('token lenses', async () => {
      const found = await tokenLenses(uri);
      return found.length > 1 ? found : undefined;
    });
    // Type into the first block that has another block after it: the system instructions.
    const edited = 0;
    const line = before[edited].line + 1;
    const addition = ' Flag every clause that shifts risk to the Customer, and explain the shift in plain words.';
    const applied = await editor.edit((builder) => builder.insert(editor.document.lineAt(line).range.end, addition));
    assert.ok(applied, 'the edit was not applied');

    const after = await poll('the edited block\'s lens to change', async () => {
      const found = await tokenLenses(uri);
      return found.length === before.length && found[edited].tokens !== before[edited].tokens ? found : undefined;
    });
    const delta = after[edited].tokens - before[edited].tokens;
    assert.ok(delta > 0, `adding text must add tokens (was ${before[edited].tokens}, now ${after[edited].tokens})`);
    for (let i = 0; i < before.length; i++) {
      assert.equal(after[i].line, before[i].line, `lens ${i} moved`);
      if (i !== edited) assert.equal(after[i].tokens, before[i].tokens, `block ${i} was not edited`);
      assert.equal(after[i].prefix, before[i].prefix + (i >= edited ? delta : 0), `prefix total of block ${i}`);
    }

    // And the live numbers are the ones the CLI computes for the saved text.
    assert.ok(await editor.document.save(), 'could not save the edited fixture copy');
    await assertLensesMatchCli(uri, after);
  });
});
