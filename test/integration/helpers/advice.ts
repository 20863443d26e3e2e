// Reads the cache-point suggestion lenses ("+ cache point here — caches N tokens, saves ≈ $X per
// reuse") through the same command the editor uses.
import * as vscode from 'vscode';

export interface SuggestionLens {
  /** 0-based editor line the lens sits on: the line the cache point would be inserted before. */
  line: number;
  tokens: number;
  /** The saving as shown, and how many decimals it was shown with. */
  savingUSD: number;
  savingDecimals: number;
  command: vscode.Command;
}

const SUGGESTION = /^\+ cache point here — caches ([\d,]+) tokens?, saves ≈ \$(\d+)\.(\d+)(?: more)? per reuse$/;

export async function suggestionLenses(uri: vscode.Uri): Promise<SuggestionLens[]> {
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  const result: SuggestionLens[] = [];
  for (const lens of lenses ?? []) {
    const match = SUGGESTION.exec(lens.command?.title ?? '');
    if (!match || !lens.command) continue;
    result.push({
      line: lens.range.start.line,
      tokens: Number(match[1].replace(/,/g, '')),
      savingUSD: Number(`${match[2]}.${match[3]}`),
      savingDecimals: match[3].length,
      command: lens.command,
    });
  }
  return result.sort((a, b) => a.line - b.line);
}

/** `text` with a `{{cachePoint}}` line inserted before each of the 1-based `lines` (as the CLI numbers them). */
export function withMarkersBefore(text: string, lines: number[]): string {
  const result = text.split('\n');
  for (const line of [...lines].sort((a, b) => b - a)) result.splice(line - 1, 0, '{{cachePoint}}');
  return result.join('\n');
}
