/**
 * The prefix lock in the editor: a lens on each cache point saying whether its rendered prefix is
 * unchanged since `prompt-cache.lock.json` or what re-warming it would cost, and the
 * *Update Prompt Cache Lock* command. Shown only in workspaces that keep a lock. The work is done
 * by the same node code as `prompt-cache lock` / `check`; this file only converts.
 */
import * as vscode from 'vscode';
import { Analyzer } from '../core/analyzer';
import { lockLensTitle, pointStatuses, type PointStatus } from '../core/lockComparison';
import { LOCK_FILE_NAME } from '../core/prefixLock';
import { currentEntry, findPrompts, lockKey, lockRoot, readLock, updateLock } from '../node/prefixLock';
import type { AnalysisService } from './analysisService';
import type { Log } from './log';

/** The lock's folder for a document: its workspace folder, else the CLI's rule. */
export function lockRootFor(uri: vscode.Uri): string | undefined {
  return vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath ?? lockRoot([uri.fsPath]);
}

export class LockLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscriptions: vscode.Disposable[];
  /** Statuses by document URI and version: rendering a prompt is not free. */
  private readonly memo = new Map<string, { version: number; lockStamp: number; statuses: Promise<PointStatus[]> }>();
  private lockStamp = 0;
  /** One analyzer for every lens: it holds the tokenizer and the per-block memo. */
  private readonly analyzer = new Analyzer();

  constructor(analyses: AnalysisService, private readonly log: Log) {
    const watcher = vscode.workspace.createFileSystemWatcher(`**/${LOCK_FILE_NAME}`);
    const lockChanged = () => { this.lockStamp++; this.changed.fire(); };
    this.subscriptions = [
      watcher, watcher.onDidChange(lockChanged), watcher.onDidCreate(lockChanged), watcher.onDidDelete(lockChanged),
      analyses.onDidAnalyze(() => this.changed.fire()),
      vscode.workspace.onDidCloseTextDocument((d) => this.memo.delete(d.uri.toString())),
    ];
  }

  refresh(): void {
    this.lockStamp++;
    this.changed.fire();
  }

  async provideCodeLenses(document: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (document.uri.scheme !== 'file') return [];
    const key = document.uri.toString();
    let entry = this.memo.get(key);
    if (!entry || entry.version !== document.version || entry.lockStamp !== this.lockStamp) {
      entry = { version: document.version, lockStamp: this.lockStamp, statuses: this.statuses(document) };
      this.memo.set(key, entry);
    }
    const statuses = await entry.statuses;
    return statuses.map((status) => {
      const range = new vscode.Range(status.line - 1, 0, status.line - 1, 0);
      const actionable = status.state !== 'unchanged';
      return new vscode.CodeLens(range, {
        title: lockLensTitle(status),
        tooltip: actionable ? 'Accept the change: update prompt-cache.lock.json' : 'The prefix this cache point closes matches prompt-cache.lock.json',
        command: actionable ? 'promptCache.updateLock' : '',
        arguments: actionable ? [document.uri] : undefined,
      });
    });
  }

  private async statuses(document: vscode.TextDocument): Promise<PointStatus[]> {
    const root = lockRootFor(document.uri);
    const file = root ? lockKey(root, document.uri.fsPath) : undefined;
    if (!root || !file) return [];
    try {
      const lock = readLock(root);
      if (!lock) return [];
      const current = await currentEntry(root, document.uri.fsPath, document.getText(), this.analyzer);
      return current ? pointStatuses(lock.prompts[file], current) : [];
    } catch (error) {
      // A prompt that does not render (a missing input, a bad lock) already has its diagnostics.
      this.log.trace(`Lock status of ${file}: ${(error as Error).message}`);
      return [];
    }
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    this.changed.dispose();
  }
}

/** *Update Prompt Cache Lock*: re-locks every prompt of the workspace folder (files as saved on disk). */
export async function updateLockCommand(uri: unknown, lenses: LockLensProvider): Promise<void> {
  const target = uri instanceof vscode.Uri ? uri : vscode.window.activeTextEditor?.document.uri ?? vscode.workspace.workspaceFolders?.[0]?.uri;
  if (!target) throw new Error('Open a folder or a .prompt file first.');
  const root = vscode.workspace.getWorkspaceFolder(target)?.uri.fsPath ?? lockRootFor(target);
  if (!root) throw new Error('This prompt lies outside any workspace folder: open its project folder to keep a lock.');
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && d.languageId === 'dotprompt' && lockKey(root, d.uri.fsPath));
  if (dirty.length > 0) {
    const choice = await vscode.window.showWarningMessage(`${dirty.length} prompt${dirty.length === 1 ? ' has' : 's have'} unsaved changes: the lock is written from the files on disk.`, 'Save All and Lock', 'Lock Saved Files');
    if (!choice) return;
    if (choice === 'Save All and Lock') await Promise.all(dirty.map((d) => d.save()));
  }
  const result = await updateLock(root, findPrompts([root]), () => true, true);
  lenses.refresh();
  const summary = `Prompt cache lock ${result.written ? 'updated' : 'already up to date'}: ${result.prompts} prompt${result.prompts === 1 ? '' : 's'}, ${result.cachePoints} cache point${result.cachePoints === 1 ? '' : 's'}.`;
  if (result.errors.length > 0) {
    void vscode.window.showWarningMessage(`${summary} Not locked: ${result.errors.map((e) => `${e.file} (${e.message})`).join('; ')}`);
  } else {
    void vscode.window.showInformationMessage(summary);
  }
}
