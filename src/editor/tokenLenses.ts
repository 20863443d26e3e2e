/** Token lenses above every block and every cache point. */
import * as vscode from 'vscode';
import { cachePointLensTitle, estimatingLensTitle, insertAllLensTitle, suggestionLensTitle, tokenLensTitle } from '../core/labels';
import { lastRunPointText } from '../shared/cacheCheckText';
import type { UsageRecord } from '../shared/usageRecord';
import type { Analysis } from '../core/analysis';
import type { InsertArgs } from './cacheCommands';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';
import { readSettings } from './settings';

/** Exact prefix sizes from CountTokens for the document's current version, when known. */
export interface ExactSource {
  onDidChange: vscode.Event<unknown>;
  for(document: vscode.TextDocument): { prefixByLine: Map<number, number>; prefixByPoint: Map<number, number> } | undefined;
}

/** The latest run of a prompt, for the state of each cache point after a run. */
export interface LastRunSource {
  onDidChange: vscode.Event<unknown>;
  for(document: vscode.TextDocument): UsageRecord | undefined;
}

export class TokenLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly analyses: AnalysisService, private readonly exact?: ExactSource, private readonly lastRuns?: LastRunSource) {
    this.subscriptions = [analyses.onDidAnalyze(() => this.changed.fire()), analyses.onDidEstimate(() => this.changed.fire())];
    if (exact) this.subscriptions.push(exact.onDidChange(() => this.changed.fire()));
    if (lastRuns) this.subscriptions.push(lastRuns.onDidChange(() => this.changed.fire()));
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    const { analysis, advice, version } = await this.analyses.latest(document);
    const mode = readSettings(document.uri).codeLens;
    if (mode === 'off') return [];
    if (analysis.estimating) return estimatingLenses(analysis);
    const lenses: vscode.CodeLens[] = [];
    const exact = this.exact?.for(document);
    const last = this.lastRuns?.for(document);
    const modelLine = analysis.keyLines?.model;
    if (analysis.mappedFrom && modelLine !== undefined) {
      // The file keeps its own model; say which Bedrock model the counts, runs and prices use.
      lenses.push(new vscode.CodeLens(new vscode.Range(modelLine, 0, modelLine, 0), {
        title: `as ${analysis.modelId} (model mapping)`, tooltip: `${analysis.mappedFrom} is analyzed, run and priced as ${analysis.modelId}.`, command: '',
      }));
    }
    // Compact: no lens per block; the cache points and suggestions carry the numbers that matter.
    for (const block of mode === 'compact' ? [] : analysis.blocks) {
      const line = toRange(block.range).start.line;
      const exactPrefix = exact?.prefixByLine.get(line);
      const title = tokenLensTitle(block, exactPrefix);
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: '' }));
    }
    for (const point of analysis.cachePoints) {
      const line = toRange(point.range).start.line;
      const exactPrefix = exact?.prefixByPoint.get(point.index);
      const title = exactPrefix !== undefined
        ? cachePointLensTitle(analysis, { ...point, prefixTokens: exactPrefix, rawPrefixTokens: exactPrefix }) + ' (exact)'
        : cachePointLensTitle(analysis, point);
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: '' }));
      const said = last && lastRunPointText(last, line);
      if (said) lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title: `$(history) ${said}`, tooltip: 'Open the usage panel', command: 'promptCache.showUsagePanel' }));
    }
    for (const suggestion of advice.suggestions) {
      const args: InsertArgs = { uri: document.uri.toString(), line: suggestion.line, insertText: suggestion.insertText, version };
      lenses.push(new vscode.CodeLens(new vscode.Range(suggestion.line, 0, suggestion.line, 0), {
        title: suggestionLensTitle(suggestion),
        tooltip: suggestion.reason,
        command: 'promptCache.insertCachePoint',
        arguments: [args],
      }));
    }
    if (advice.suggestions.length > 1) {
      const line = advice.suggestions[0].line;
      lenses.push(new vscode.CodeLens(new vscode.Range(line, 0, line, 0), {
        title: insertAllLensTitle(advice.suggestions.length), command: 'promptCache.insertSuggestedCachePoints', arguments: [document.uri],
      }));
    }
    return lenses;
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** Lenses from a first-look estimate: sizes only, labelled as estimates; no verdicts, no suggestions. */
function estimatingLenses(analysis: Analysis): vscode.CodeLens[] {
  const at = (line: number, title: string) => new vscode.CodeLens(new vscode.Range(line, 0, line, 0), { title, command: '' });
  return [
    ...analysis.blocks.map((b) => at(toRange(b.range).start.line, estimatingLensTitle(b.tokens, b.prefixTokens, 'block'))),
    ...analysis.cachePoints.map((p) => at(toRange(p.range).start.line, estimatingLensTitle(p.prefixTokens, p.prefixTokens, 'cache point'))),
  ];
}
