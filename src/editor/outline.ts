/** Role sections and blocks as document symbols (outline, breadcrumbs). */
import * as vscode from 'vscode';
import { blockTitle } from '../core/labels';
import { blockName } from '../shared/blockNames';
import { formatTokens } from '../shared/numberFormat';
import type { AnalysisService } from './analysisService';
import { toRange } from './convert';

export class OutlineProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly analyses: AnalysisService) {}

  async provideDocumentSymbols(document: vscode.TextDocument): Promise<vscode.DocumentSymbol[]> {
    const { analysis } = await this.analyses.get(document);
    const sections: vscode.DocumentSymbol[] = [];
    let current: vscode.DocumentSymbol | undefined;
    let currentKey = '';
    for (const block of analysis.blocks) {
      const key = `${block.field}:${block.messageIndex ?? ''}`;
      const range = toRange(block.range);
      if (!current || key !== currentKey) {
        current = new vscode.DocumentSymbol(blockName({ field: block.field, messageIndex: block.messageIndex, role: block.role }), '', block.field === 'tools' ? vscode.SymbolKind.Interface
          : block.field === 'system' ? vscode.SymbolKind.Namespace : vscode.SymbolKind.Module, range, range);
        currentKey = key;
        sections.push(current);
      }
      current.range = current.range.union(range);
      const child = new vscode.DocumentSymbol(blockTitle(block), `≈ ${formatTokens(block.tokens)} tokens`, vscode.SymbolKind.String, range, range);
      current.children.push(child);
    }
    for (const point of analysis.cachePoints) {
      const range = toRange(point.range);
      const symbol = new vscode.DocumentSymbol('cachePoint', `prefix ${formatTokens(point.prefixTokens)}`, vscode.SymbolKind.Event, range, range);
      const parent = sections.find((s) => s.range.contains(range)) ?? sections.at(-1);
      if (parent) { parent.children.push(symbol); parent.children.sort((a, b) => a.range.start.compareTo(b.range.start)); }
      else sections.push(symbol);
    }
    return sections;
  }
}
