import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activate, closeAllEditors, openFixture } from './helpers/extension';
import { codeOf, diagnosticsWhere } from './helpers/wait';

/** malformed.prompt has a nested mapping in a compact mapping on line 3 (0-based 2). */
const BAD_LINE = 2;
/** The stable code documented in the README, which quick fixes and docs link to. */
const YAML_INVALID = 'yaml-invalid';

suite('diagnostics', () => {
  suiteSetup(activate);
  teardown(closeAllEditors);

  test('invalid frontmatter YAML is an error on its line, gone once the line is fixed', async () => {
    const editor = await openFixture('malformed.prompt');
    const uri = editor.document.uri;

    const found = await diagnosticsWhere(uri, (list) => list.some((d) => codeOf(d) === YAML_INVALID), 'a yaml-invalid diagnostic');
    const yamlErrors = found.filter((d) => codeOf(d) === YAML_INVALID);
    assert.equal(yamlErrors.length, 1, JSON.stringify(yamlErrors));
    assert.equal(yamlErrors[0].severity, vscode.DiagnosticSeverity.Error);
    assert.equal(yamlErrors[0].range.start.line, BAD_LINE, `reported on line ${yamlErrors[0].range.start.line + 1}`);

    const applied = await editor.edit((builder) =>
      builder.replace(editor.document.lineAt(BAD_LINE).range, 'config: {temperature: 0.2}'));
    assert.ok(applied, 'the edit was not applied');
    const remaining = await diagnosticsWhere(uri, (list) => !list.some((d) => codeOf(d) === YAML_INVALID), 'the YAML error to go away');
    // The model line is readable again, so the file has no error left at all.
    assert.deepEqual(remaining.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).map((d) => d.message), []);
    // Keep the fix (in the run's copy of the workspace) so no stale error lingers in later views.
    assert.ok(await editor.document.save(), 'could not save the fixed copy');
  });
});
