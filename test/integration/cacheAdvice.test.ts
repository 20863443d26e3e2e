import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { suggestionLenses, withMarkersBefore } from './helpers/advice';
import { analyzeWithCli } from './helpers/cli';
import { activate, closeAllEditors, openFixture } from './helpers/extension';
import { poll } from './helpers/wait';

/** No cache point; a long stable system + contract prefix, then `Question: {{question}}`. */
const NO_CACHE_POINT = 'cacheAdvice.prompt';
/** Aggressive strategy over two long stable sections: two suggestions. */
const TWO_SUGGESTIONS = 'aggressiveAdvice.prompt';

suite('cache advice', () => {
  suiteSetup(activate);
  // Unsaved edits are reverted here, so every test starts from the fixture as written.
  teardown(closeAllEditors);

  test('a long stable prefix before a changing question gets the suggestion lens the CLI suggests', async () => {
    const editor = await openFixture(NO_CACHE_POINT);
    const document = editor.document;
    const { suggestions, cachePoints } = await analyzeWithCli(document.uri.fsPath);
    assert.deepEqual(cachePoints, [], 'the fixture must start without a cache point');
    assert.equal(suggestions.length, 1, JSON.stringify(suggestions));
    const [suggestion] = suggestions;
    assert.equal(document.lineAt(suggestion.line - 1).text, 'Question: {{question}}', 'the CLI suggests the point right before the changing line');

    const lenses = await poll('the suggestion lens', async () => {
      const found = await suggestionLenses(document.uri);
      return found.length > 0 ? found : undefined;
    });
    assert.equal(lenses.length, 1);
    const [lens] = lenses;
    assert.equal(lens.line, suggestion.line - 1, 'the lens sits on the line the point goes before');
    assert.equal(lens.tokens, suggestion.prefixTokens, 'cached tokens as the CLI counts them');
    // The lens rounds the saving to the digits it shows; the CLI prints it unrounded.
    assert.ok(Math.abs(lens.savingUSD - suggestion.savingPerReuseUSD) <= 0.5 * 10 ** -lens.savingDecimals + 1e-12,
      `lens saves ≈$${lens.savingUSD}, the CLI says $${suggestion.savingPerReuseUSD}`);
    assert.ok(lens.savingUSD > 0, 'a suggestion worth making saves money');

    const original = document.getText();
    const applied = await vscode.commands.executeCommand(lens.command.command, ...(lens.command.arguments ?? []));
    assert.equal(applied, true, 'the lens command did not apply its edit');
    assert.equal(suggestion.ttl, '5m');
    assert.equal(document.getText(), withMarkersBefore(original, [suggestion.line]), 'one {{cachePoint}} line inserted before the question');

    await poll('the suggestion lens to go away', async () => ((await suggestionLenses(document.uri)).length === 0 ? true : undefined));
    // Saved, the file is one the CLI finds nothing more to suggest for, with the point where it was suggested.
    assert.ok(await document.save(), 'could not save the fixture copy');
    const after = await analyzeWithCli(document.uri.fsPath);
    assert.deepEqual(after.suggestions, []);
    assert.deepEqual(after.cachePoints.map((p) => ({ line: p.line, prefixTokens: p.prefixTokens })), [{ line: suggestion.line, prefixTokens: suggestion.prefixTokens }]);
    assert.deepEqual(after.findings, []);
  });

  test('Insert All Suggested Cache Points inserts every suggestion as one undo step', async () => {
    const editor = await openFixture(TWO_SUGGESTIONS);
    const document = editor.document;
    const original = document.getText();
    const { suggestions } = await analyzeWithCli(document.uri.fsPath);
    assert.ok(suggestions.length >= 2, `the fixture must give several suggestions, got ${JSON.stringify(suggestions)}`);
    assert.deepEqual(suggestions.map((s) => s.ttl), suggestions.map(() => '5m'));

    const applied = await vscode.commands.executeCommand('promptCache.insertSuggestedCachePoints', document.uri);
    assert.equal(applied, true);
    assert.equal(document.getText(), withMarkersBefore(original, suggestions.map((s) => s.line)));

    // One undo takes every insertion back: they were a single edit.
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('undo');
    assert.equal(document.getText(), original, 'a single undo did not restore the original text');
    assert.equal(document.isDirty, false, 'after the undo the document is back at its saved state');
  });

  test('folding ranges cover each role section, up to its last non-blank line', async () => {
    const editor = await openFixture(TWO_SUGGESTIONS);
    const lines = editor.document.getText().split('\n');
    const roles = lines.flatMap((text, line) => (/^\{\{role "\w+"\}\}\s*$/.test(text) ? [line] : []));
    assert.ok(roles.length >= 2, 'the fixture has several role sections');
    const expected = roles.map((start, i) => {
      let end = (i + 1 < roles.length ? roles[i + 1] : lines.length) - 1;
      while (end > start && lines[end].trim() === '') end--;
      return { start, end };
    });
    const ranges = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', editor.document.uri);
    const found = (ranges ?? []).map((r) => ({ start: r.start, end: r.end }));
    for (const section of expected) {
      assert.ok(found.some((r) => r.start === section.start && r.end === section.end),
        `no folding range for the role section at lines ${section.start + 1}-${section.end + 1}; ranges: ${JSON.stringify(found)}`);
    }
  });
});
