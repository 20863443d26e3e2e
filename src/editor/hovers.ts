/** Hovers on blocks, cache points and the `model:` key. */
import * as vscode from 'vscode';
import { blockHover, cachePointHover, modelHover } from '../core/hoverText';
import type { AnalysisService } from './analysisService';
import { lastRunPointText } from '../shared/cacheCheckText';
import type { UsageRecord } from '../shared/usageRecord';
import { toRange } from './convert';

/** What the `model:` hover adds around the model's own facts: a one-line lead and the details below. */
export interface ModelHoverExtra { lead?: string; details?: string }

export class PromptHoverProvider implements vscode.HoverProvider {
  constructor(private readonly analyses: AnalysisService, private readonly extraModelHover?: (r: Awaited<ReturnType<AnalysisService['get']>>) => ModelHoverExtra | undefined,
    private readonly lastRun?: (document: vscode.TextDocument) => UsageRecord | undefined) {}

  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const result = await this.analyses.get(document);
    const { analysis } = result;
    if (analysis.frontmatterEndLine > 0 && position.line < analysis.frontmatterEndLine) {
      const text = document.lineAt(position.line).text;
      if (/^model\s*:/.test(text)) {
        // The cost summary leads: a 250 px hover must not need two page-downs to reach it.
        const extra = this.extraModelHover?.(result);
        const parts = [extra?.lead, modelHover(analysis.model, analysis.modelId), extra?.details].filter(Boolean);
        return new vscode.Hover(markdown(parts.join('\n\n---\n\n')), document.lineAt(position.line).range);
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
