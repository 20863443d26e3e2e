/** Quick fixes for cache-point diagnostics; the core decides the edits, this only converts them. */
import * as vscode from 'vscode';
import { quickFixesFor } from '../core/cachePointRules';
import type { AnalysisService } from './analysisService';
import { toWorkspaceEdit } from './cacheCommands';

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
      const finding = result.advice.findings.find((f) => f.code === diagnostic.code && f.range.start.line === diagnostic.range.start.line
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
}
