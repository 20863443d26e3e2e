/** Language status item: model, total prompt tokens, and which tokenizer made the estimate. */
import * as vscode from 'vscode';
import { formatCount } from '../core/labels';
import { SELECTOR, type AnalysisService } from './analysisService';

export class PromptLanguageStatus implements vscode.Disposable {
  private readonly item = vscode.languages.createLanguageStatusItem('promptCache.tokens', SELECTOR);
  private readonly subscription: vscode.Disposable;

  constructor(analyses: AnalysisService) {
    this.item.name = 'Prompt Cache: tokens';
    this.item.text = 'Prompt Cache';
    this.subscription = analyses.onDidAnalyze((result) => {
      if (vscode.window.activeTextEditor?.document.uri.toString() !== result.uri.toString()) return;
      const { analysis } = result;
      this.item.text = `${analysis.modelId || 'no model'} · ≈ ${formatCount(analysis.totalTokens)} tokens`;
      this.item.detail = analysis.tokenizerLabel;
      this.item.severity = analysis.model?.status === 'caching' ? vscode.LanguageStatusSeverity.Information : vscode.LanguageStatusSeverity.Warning;
    });
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
