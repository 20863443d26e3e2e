/**
 * Context keys that gate commands with nothing to do: *Cancel Run* shows only while a run is
 * under way, *Remove All Cache Points* only when the active prompt has one. (Invoked anyway, e.g.
 * from a keybinding, each says so instead of doing nothing silently.)
 */
import * as vscode from 'vscode';
import type { AnalysisService } from './analysisService';
import type { RunService } from './runs/runService';

export const RUNNING_KEY = 'promptCache.running';
export const HAS_CACHE_POINTS_KEY = 'promptCache.hasCachePoints';

export class ContextKeys implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[];

  constructor(analyses: AnalysisService, runs: RunService) {
    const activeHasPoints = async (): Promise<void> => {
      const document = vscode.window.activeTextEditor?.document;
      const has = document?.languageId === 'dotprompt' && (await analyses.get(document)).analysis.cachePoints.length > 0;
      await vscode.commands.executeCommand('setContext', HAS_CACHE_POINTS_KEY, has);
    };
    this.subscriptions = [
      analyses.onDidAnalyze((result) => {
        if (result.uri.toString() === vscode.window.activeTextEditor?.document.uri.toString()) {
          void vscode.commands.executeCommand('setContext', HAS_CACHE_POINTS_KEY, result.analysis.cachePoints.length > 0);
        }
      }),
      vscode.window.onDidChangeActiveTextEditor(() => void activeHasPoints()),
      runs.onDidRunProgress((p) => {
        if (p.kind === 'started') void vscode.commands.executeCommand('setContext', RUNNING_KEY, true);
      }),
      runs.onDidRunStateChange(() => void vscode.commands.executeCommand('setContext', RUNNING_KEY, runs.anyRunning())),
    ];
    void activeHasPoints();
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
  }
}
