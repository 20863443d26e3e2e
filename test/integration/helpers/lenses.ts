// Reads the token lenses the extension shows, through the same command the editor uses.
import * as vscode from 'vscode';

export interface TokenLens {
  /** 0-based editor line the lens sits on. */
  line: number;
  tokens: number;
  prefix: number;
  title: string;
}

/** "≈ 1,234 tokens · prefix 5,678", "tools · ≈ 262 tokens · prefix 262" (extra notes may follow). */
const TOKEN_LENS = /^(?:tools · )?≈\s*([\d,]+) tokens?\b.*?\bprefix ([\d,]+)/;

const toNumber = (text: string) => Number(text.replace(/,/g, ''));

export async function tokenLenses(uri: vscode.Uri): Promise<TokenLens[]> {
  // Ask the provider to resolve titles too (the second argument), as the editor would.
  const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100);
  const result: TokenLens[] = [];
  for (const lens of lenses ?? []) {
    const title = lens.command?.title ?? '';
    const match = TOKEN_LENS.exec(title);
    if (match) result.push({ line: lens.range.start.line, tokens: toNumber(match[1]), prefix: toNumber(match[2]), title });
  }
  return result.sort((a, b) => a.line - b.line);
}
