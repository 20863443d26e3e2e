/** Run actions as lenses on the frontmatter's first line. */
import * as vscode from 'vscode';
import { isPartialFile } from '../../core/analyzer';
import { readSettings } from '../settings';

export class RunLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly watch = vscode.workspace.onDidChangeConfiguration((e) => {
    if (e.affectsConfiguration('promptCache.codeLens')) this.changed.fire();
  });

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    // A partial is included by other prompts and never runs on its own.
    if (isPartialFile(document.uri.path)) return [];
    const mode = readSettings(document.uri).codeLens;
    if (mode === 'off') return [];
    const top = new vscode.Range(0, 0, 0, 0);
    const lenses = [
      new vscode.CodeLens(top, { title: '$(play)\u00a0Run', command: 'promptCache.runPrompt', arguments: [document.uri], tooltip: 'Run this prompt against Bedrock' }),
      new vscode.CodeLens(top, { title: 'Run ×2 (cold, then warm)', command: 'promptCache.runPromptNTimes', arguments: [document.uri, 2], tooltip: 'Run twice: the first call writes the cache, the second reads it' }),
      new vscode.CodeLens(top, { title: 'Count tokens exactly', command: 'promptCache.countTokensExact', arguments: [document.uri], tooltip: 'Ask Bedrock CountTokens for exact prefix sizes' }),
      new vscode.CodeLens(top, { title: 'Usage', command: 'promptCache.showUsagePanel' }),
    ];
    return mode === 'compact' ? lenses.slice(0, 1) : lenses;
  }

  dispose(): void {
    this.watch.dispose();
    this.changed.dispose();
  }
}
