/** Quick fixes for cache-point diagnostics; the core decides the edits, this only converts them. */
import * as vscode from 'vscode';
import { quickFixesFor } from '../core/cachePointRules';
import type { AnalysisService } from './analysisService';
import { toWorkspaceEdit } from './cacheCommands';
import { modelValueRange, profileIds } from '../core/modelEdits';

export class CachePointQuickFixes implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly analyses: AnalysisService) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const ours = context.diagnostics.filter((d) => d.source === 'prompt-cache');
    if (ours.length === 0) return [];
    const text = document.getText();
    const result = await this.analyses.get(document);
    if (result.version !== document.version) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of ours) {
      const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
      const modelActions = this.modelFixes(code, document, text, diagnostic, result.analysis.model?.baseId);
      if (modelActions) {
        actions.push(...modelActions);
        continue;
      }
      const finding = result.advice.findings.find((f) => f.code === code && f.range.start.line === diagnostic.range.start.line
        && f.range.start.character === diagnostic.range.start.character);
      if (!finding) continue;
      for (const fix of quickFixesFor(finding, result.analysis, text, result.settings)) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document.uri, fix.edits);
        action.diagnostics = [diagnostic];
        action.isPreferred = fix.isPreferred;
        actions.push(action);
      }
    }
    return actions;
  }

  /** The `model:` line's findings: profile IDs for a bare base ID, the model picker otherwise. */
  private modelFixes(code: string, document: vscode.TextDocument, text: string, diagnostic: vscode.Diagnostic, baseId?: string): vscode.CodeAction[] | undefined {
    const onModelLine = diagnostic.range.start.line === (modelValueRange(text)?.start.line ?? diagnostic.range.start.line);
    if (code === 'model-needs-profile' && baseId && onModelLine) {
      const range = modelValueRange(text);
      if (!range) return [];
      return profileIds(baseId).map((id, i) => {
        const action = new vscode.CodeAction(`Use ${id}`, vscode.CodeActionKind.QuickFix);
        action.edit = toWorkspaceEdit(document.uri, [{ range, newText: id }]);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        return action;
      });
    }
    // On the model line only: the same codes on cache points get their own removal fixes.
    if ((code === 'model-missing' || code === 'model-unknown') && (code === 'model-missing' || onModelLine) && !this.onCachePoint(text, diagnostic)) {
      const action = new vscode.CodeAction('Choose a model from the catalog…', vscode.CodeActionKind.QuickFix);
      action.command = { command: 'promptCache.pickModel', title: 'Choose Model', arguments: [document.uri] };
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      return [action];
    }
    return undefined;
  }

  private onCachePoint(text: string, diagnostic: vscode.Diagnostic): boolean {
    return /\{\{\s*cachePoint\b|^\s*cache\.tools\s*:/.test(text.split(/\r?\n/)[diagnostic.range.start.line] ?? '');
  }
}
