/** Folding for role sections, block helpers, comments and the frontmatter (from the analysis). */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';

export class PromptFolding implements vscode.FoldingRangeProvider {
  constructor(private readonly analyses: AnalysisService) {}

  async provideFoldingRanges(document: vscode.TextDocument): Promise<vscode.FoldingRange[]> {
    const { analysis } = await this.analyses.get(document);
    return (analysis.folds ?? []).map((f) => new vscode.FoldingRange(f.start, f.end,
      f.kind === 'comment' ? vscode.FoldingRangeKind.Comment : f.kind === 'region' ? vscode.FoldingRangeKind.Region : undefined));
  }
}
