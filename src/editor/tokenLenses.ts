/** Token lenses above every block and every cache point. */
import * as vscode from 'vscode';
import { cachePointLensTitle, formatCount, tokenLensTitle } from '../core/labels';
import { formatUsd } from '../core/planner/costPreviewFormat';
import type { InsertArgs } from './cacheCommands';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';

export class TokenLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly analyses: AnalysisService) {
    this.subscription = analyses.onDidAnalyze(() => this.changed.fire());
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { analysis, advice, version } = await this.analyses.get(document);
    const lenses: vscode.CodeLens[] = [];
    for (const block of analysis.blocks) {
      const line = toRange(block.range).start.line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: tokenLensTitle(block), command: '' }));
    }
    for (const point of analysis.cachePoints) {
      const line = toRange(point.range).start.line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: cachePointLensTitle(analysis, point), command: '' }));
    }
    for (const suggestion of advice.suggestions) {
      const args: InsertArgs = { uri: document.uri.toString(), line: suggestion.line, insertText: suggestion.insertText, version };
      lenses.push(new vscode.CodeLens(new vscode.Range(suggestion.line, 0, suggestion.line, 0), {
        title: `+ cache point here — caches ${formatCount(suggestion.prefixTokens)} tokens, saves ≈${formatUsd(suggestion.savingPerReuseUSD)} per reuse`,
        tooltip: suggestion.reason,
        command: 'promptCache.insertCachePoint',
        arguments: [args],
      }));
    }
    if (advice.suggestions.length > 1) {
      const line = advice.suggestions[0].line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: `insert all ${advice.suggestions.length} suggested cache points`, command: 'promptCache.insertSuggestedCachePoints', arguments: [document.uri],
      }));
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
