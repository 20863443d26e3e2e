/** Publishes each analysis' findings as diagnostics; drops them when the document closes. */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import { toDiagnostic } from './convert';

export class PromptDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('prompt-cache');
  private readonly disposables: vscode.Disposable[];

  constructor(analyses: AnalysisService) {
    this.disposables = [
      this.collection,
      analyses.onDidAnalyze((result) => {
        const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === result.uri.toString());
        // A result for an older version is replaced by the next one; publishing it would flicker.
        if (!document || document.version !== result.version) return;
        this.collection.set(result.uri, result.advice.findings.map(toDiagnostic));
      }),
      vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)),
    ];
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}
