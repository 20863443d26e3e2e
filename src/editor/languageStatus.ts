/** Language status item: model, total prompt tokens, and which tokenizer made the estimate. */
import * as vscode from 'vscode';
import { formatTokens } from '../shared/numberFormat';
import { SELECTOR, type AnalysisResult, type AnalysisService } from './analysisService';

export class PromptLanguageStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('promptCache.tokens', SELECTOR);
  private readonly subscriptions: vscode.Disposable[];

  constructor(analyses: AnalysisService) {
    this.item.name = 'Prompt Cache: tokens';
    this.item.text = 'Prompt Cache';
    this.subscriptions = [
      analyses.onDidAnalyze((result) => this.show(result)),
      // Switching between two files already analyzed fires no analysis: ask for the active one.
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (editor && analyses.isPrompt(editor.document)) void analyses.get(editor.document).then((result) => this.show(result), () => undefined);
      }),
    ];
  }

  private show(result: AnalysisResult): void {
    if (vscode.window.activeTextEditor?.document.uri.toString() !== result.uri.toString()) return;
    const { analysis } = result;
    this.item.text = `${analysis.modelId || 'no model'} · ≈ ${formatTokens(analysis.totalTokens)} tokens`;
    this.item.detail = analysis.tokenizerLabel;
    this.item.severity = analysis.model?.status === 'caching' ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
