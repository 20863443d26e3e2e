/** Token lenses above every block and every cache point. */
import * as vscode from 'vscode';
import { cachePointLensTitle, tokenLensTitle } from '../core/labels';
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
    const { analysis } = await this.analyses.get(document);
    const lenses: vscode.CodeLens[] = [];
    for (const block of analysis.blocks) {
      const line = toRange(block.range).start.line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: tokenLensTitle(block), command: '' }));
    }
    for (const point of analysis.cachePoints) {
      const line = toRange(point.range).start.line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: cachePointLensTitle(analysis, point), command: '' }));
    }
    return lenses;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
