import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { analyzeWithCli } from './helpers/cli';
import { activate, closeAllEditors, openFixture } from './helpers/extension';
import { codeOf, diagnosticsWhere } from './helpers/wait';

/** A cache point after a one-sentence system prompt: far below the model's 1,024-token minimum. */
const FILE = 'belowMinimum.prompt';
const BELOW_MINIMUM = 'cache-below-minimum';

suite('quick fixes', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('a cache point below the model minimum is a diagnostic whose quick fix makes it go away', async () => {
    const editor = await openFixture(FILE);
    const uri = editor.document.uri;
    const { findings } = await analyzeWithCli(uri.fsPath);
    const finding = findings.find((f) => f.code === BELOW_MINIMUM);
    assert.ok(finding, `the CLI reports ${BELOW_MINIMUM}: ${JSON.stringify(findings)}`);

    const diagnostics = await diagnosticsWhere(uri, (list) => list.some((d) => codeOf(d) === BELOW_MINIMUM), `a ${BELOW_MINIMUM} diagnostic`);
    assert.deepEqual(diagnostics.map((d) => codeOf(d)).sort(), findings.map((f) => f.code).sort(), 'the editor reports what the CLI reports');
    const diagnostic = diagnostics.find((d) => codeOf(d) === BELOW_MINIMUM)!;
    assert.equal(diagnostic.range.start.line, finding.line - 1, 'on the cache point\'s line, as the CLI reports it');
    assert.equal(diagnostic.severity, finding.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    assert.equal(diagnostic.message, finding.message);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
    // The file has no other diagnostic: every quick fix offered here is for this one.
    const fixes = (actions ?? []).filter((a) => a.edit && a.kind && vscode.CodeActionKind.QuickFix.contains(a.kind));
    assert.ok(fixes.length > 0, `no quick fix for ${BELOW_MINIMUM}; actions: ${JSON.stringify((actions ?? []).map((a) => a.title))}`);
    const fix = fixes.find((a) => a.isPreferred) ?? fixes[0];

    assert.ok(await vscode.workspace.applyEdit(fix.edit!), `applying "${fix.title}" failed`);
    const remaining = await diagnosticsWhere(uri, (list) => !list.some((d) => codeOf(d) === BELOW_MINIMUM), `the ${BELOW_MINIMUM} diagnostic to go away`);
    assert.deepEqual(remaining.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    // The CLI agrees about the fixed text.
    assert.ok(await editor.document.save(), 'could not save the fixture copy');
    assert.deepEqual((await analyzeWithCli(uri.fsPath)).findings.filter((f) => f.code === BELOW_MINIMUM), []);
  });
});
