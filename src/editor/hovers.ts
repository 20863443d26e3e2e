/** Hovers on blocks, cache points and the `model:` key. */
import * as vscode from 'vscode';
import { blockHover, cachePointHover, modelHover } from '../core/hoverText';
import type { AnalysisService } from './analysisService';
import { lastRunPointText } from '../shared/cacheCheckText';
import type { UsageRecord } from '../shared/usageRecord';
import { toRange } from './convert';

export class PromptHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: AnalysisService, private readonly extraModelHover?: (r: Awaited<ReturnType<AnalysisService['get']>>) => string | undefined,
    private readonly lastRun?: (document: vscode.TextDocument) => UsageRecord | undefined) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const result = await this.analyses.get(document);
    const { analysis } = result;
    if (analysis.frontmatterEndLine > 0 && position.line < analysis.frontmatterEndLine) {
      const text = document.lineAt(position.line).text;
      if (/^model\s*:/.test(text)) {
        const extra = this.extraModelHover?.(result);
        return new vscode.Hover(markdown(modelHover(analysis.model, analysis.modelId) + (extra ? `\n\n${extra}` : '')), document.lineAt(position.line).range);
      }
    }
    for (const point of analysis.cachePoints) {
      const range = toRange(point.range);
      if (range.contains(position)) {
        const last = this.lastRun?.(document);
        const said = last && lastRunPointText(last, range.start.line);
        // The reason quotes variable values from a run: shown as text, never as Markdown.
        const lastText = said ? `\n\n**${escapeMarkdown(said)}** (${escapeMarkdown(new Date(last.startedAt).toLocaleString())})` : '';
        return new vscode.Hover(markdown(cachePointHover(analysis, point, result.settings.defaultTtl) + lastText), range);
      }
    }
    for (const block of analysis.blocks) {
      const range = toRange(block.range);
      if (range.contains(position) || (block.kind === 'tools' && range.start.line === position.line)) {
        return new vscode.Hover(markdown(blockHover(analysis, block)), range);
      }
    }
    return undefined;
  }
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!<>|~]/g, (c) => `\\${c}`);
}

function markdown(text: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(text);
  // Model IDs and variable names come from the file: never let them run commands or HTML.
  md.isTrusted = false;
  md.supportHtml = false;
  return md;
}
