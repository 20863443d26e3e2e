/**
 * The VS Code shell around `RunOrchestrator`: it turns documents into run requests, asks and shows
 * through dialogs, notifications and progress, keeps the history file, maps history keys back to
 * files, holds the API key in secret storage, and is the usage panel's data source.
 */
import * as vscode from 'vscode';
import { basename, join } from 'node:path';
import { HistoryFile } from '../../node/historyFile';
import { RequestSnapshots } from '../../node/requestSnapshots';
import { RequestDiff } from './requestDiff';
import { sourcesFor } from '../../node/promptPreparation';
import type { UsageRecord } from '../../shared/usageRecord';
import type { AnalysisService } from '../analysisService';
import type { Log } from '../log';
import { readSettings } from '../settings';
import type { RunProgress, UsageSource } from '../usagePanel/usageSource';
import { fileKey, workspaceRoots } from '../promptDocuments';
import { loadAws } from './awsLoader';
import { confirmFirstRun } from './runConfirm';
import { RunInputs } from './runInputs';
import { RunOrchestrator, type RunUi } from './runOrchestrator';
import { requireTrust } from './trust';
import { responseCacheCredentials } from './responseCacheCommands';
import type { BedrockClientFactory, BedrockFailure } from '../../aws/index';

export const API_KEY_SECRET = 'promptCache.bedrockApiKey';

/** A history key back to a file, for keys from an earlier session (folder name first in multi-root). */
function uriOfKey(key: string): vscode.Uri | undefined {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length > 1) {
    const folder = folders.find((f) => key.startsWith(`${f.name}/`));
    return folder ? vscode.Uri.joinPath(folder.uri, key.slice(folder.name.length + 1)) : undefined;
  }
  return folders[0] ? vscode.Uri.joinPath(folders[0].uri, key) : vscode.Uri.file(key);
}

export interface RunHooks {
  showPanel(file: string): Promise<unknown>;
  showFailure(failure: BedrockFailure, document: vscode.TextDocument, profile?: string): Promise<void>;
  credentialsFailed(failed: boolean): void;
}

export class RunService implements UsageSource, vscode.Disposable {
  private readonly recorded = new vscode.EventEmitter<UsageRecord>();
  private readonly progress = new vscode.EventEmitter<RunProgress>();
  readonly onDidRecord = this.recorded.event;
  readonly onDidRunProgress = this.progress.event;
  private readonly runState = new vscode.EventEmitter<void>();
  /** A run of some file ended (its `started` progress says when one begins). */
  readonly onDidRunStateChange = this.runState.event;
  readonly inputs = new RunInputs();
  private readonly orchestrator: RunOrchestrator;
  private history?: HistoryFile;
  private readonly uris = new Map<string, vscode.Uri>();
  private requestSnapshots?: RequestSnapshots;
  private diff?: RequestDiff;

  constructor(private readonly context: vscode.ExtensionContext, private readonly analyses: AnalysisService, private readonly log: Log, private readonly hooks: RunHooks) {
    this.orchestrator = new RunOrchestrator({
      aws: loadAws, log, history: () => this.historyFile(), apiKey: () => this.apiKey(), snapshots: this.snapshots(),
      onRecord: (record) => this.recorded.fire(record), onProgress: (p) => this.progress.fire(p),
      responseCacheCredentials: () => responseCacheCredentials(this.context, this.log),
    });
  }

  /** History key of a file; remembered so the panel's "reveal block" finds the file again. */
  relativeFile(uri: vscode.Uri): string {
    const key = fileKey(uri);
    this.uris.set(key, uri);
    return key;
  }

  /** The file a history key belongs to (as remembered, else from the workspace folders). */
  uriOf(file: string): vscode.Uri | undefined {
    return this.uris.get(file) ?? uriOfKey(file);
  }

  /** A record made outside a run of this service (a live comparison): the panel and status bar hear of it. */
  notifyRecorded(record: UsageRecord): void {
    this.recorded.fire(record);
  }

  isRunning(file: string): boolean {
    return this.orchestrator.isRunning(file);
  }

  anyRunning(): boolean {
    return this.orchestrator.anyRunning();
  }

  resetClients(): void {
    this.orchestrator.resetClients();
  }

  /** The session's one Bedrock client factory, shared by runs and exact counts. */
  clientFactory(): Promise<BedrockClientFactory> {
    return this.orchestrator.clientFactory();
  }

  /** Each run's request as sent, next to the history, for *Compare Requests*. */
  snapshots(): RequestSnapshots {
    this.requestSnapshots ??= new RequestSnapshots(join((this.context.storageUri ?? this.context.globalStorageUri).fsPath, 'requests'));
    return this.requestSnapshots;
  }

  /** Diffs two runs' requests; without IDs, the file's last two runs. */
  async compareRequests(file: string, runIds?: [string, string]): Promise<boolean> {
    const records = [...await this.recordsFor(file)].sort((a, b) => a.startedAt.localeCompare(b.startedAt));
    const pair = runIds ? runIds.map((id) => records.find((r) => r.id === id)) : records.slice(-2);
    if (pair.length < 2 || !pair[0] || !pair[1]) {
      void vscode.window.showInformationMessage(`Prompt Cache: ${basename(file)} needs two runs to compare their requests.`);
      return false;
    }
    this.diff ??= new RequestDiff(() => this.snapshots());
    return this.diff.open(pair[0], pair[1]);
  }

  /** The history needs no AWS code: the status bar and the panel read it without loading the SDK. */
  async historyFile(): Promise<HistoryFile> {
    if (this.history) return this.history;
    const folder = this.context.storageUri ?? this.context.globalStorageUri;
    this.history = new HistoryFile(join(folder.fsPath, 'history.json'), {
      // Read on every append, so a changed setting applies without a reload.
      get limit() { return readSettings().historyLimit; },
      warn: (message) => { this.log.warn(message); void vscode.window.showWarningMessage(`Prompt Cache: ${message}`); },
    });
    return this.history;
  }

  async recordsFor(file: string): Promise<readonly UsageRecord[]> {
    try {
      return await (await this.historyFile()).recordsFor(file);
    } catch (error) {
      this.log.error('Reading the run history failed', error);
      return [];
    }
  }

  cancelRun(file: string): void {
    this.orchestrator.cancel(file);
  }

  async revealBlock(file: string, startLine: number): Promise<void> {
    const uri = this.uris.get(file) ?? uriOfKey(file);
    if (!uri) return;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const position = new vscode.Position(startLine, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  async rerun(file: string): Promise<void> {
    const uri = this.uris.get(file) ?? uriOfKey(file);
    if (!uri) return;
    await this.run(await vscode.workspace.openTextDocument(uri));
  }

  async pickFile(): Promise<void> {
    const files = await vscode.workspace.findFiles('**/*.prompt', '**/node_modules/**', 200);
    const picked = await vscode.window.showQuickPick(files.map((uri) => ({ label: vscode.workspace.asRelativePath(uri), uri })), {
      title: 'Show usage of a .prompt file', placeHolder: files.length ? 'Pick a .prompt file' : 'No .prompt files in this workspace',
    });
    if (picked) await vscode.window.showTextDocument(picked.uri);
  }

  /** Set when the session can start the local emulator: its runs carry the emulator's token. */
  emulator?: { tokenFor(endpoint: string): string | undefined };

  async apiKey(): Promise<string | undefined> {
    const emulatorToken = this.emulator?.tokenFor(readSettings().endpoint);
    if (emulatorToken) return emulatorToken;
    return (await this.context.secrets.get(API_KEY_SECRET)) || undefined;
  }

  /** Runs the document `times` times in a row (the first writes the cache, the next ones read it). */
  async run(document: vscode.TextDocument, times = 1, fresh = false): Promise<UsageRecord[]> {
    if (!await requireTrust('Running prompts')) return [];
    const file = this.relativeFile(document.uri);
    // The text and its analysis are taken together: the user may keep typing while dialogs are open.
    const text = document.getText();
    const version = document.version;
    const settings = readSettings(document.uri);
    const roots = workspaceRoots(document);
    const { analysis, advice, version: analyzed } = await this.analyses.get(document);
    try {
      return await this.orchestrator.run({
        file, path: document.uri.fsPath, text, analysis, advice, analysisIsCurrent: analyzed === version,
        sources: sourcesFor({ file: document.uri.fsPath, workspaceRoots: roots, partialsPath: settings.partialsPath, declared: settings.declared, projectTrusted: settings.trusted }),
        workspaceRoots: roots, settings, times, fresh,
      }, this.ui(document));
    } finally {
      this.runState.fire();
    }
  }

  private ui(document: vscode.TextDocument): RunUi {
    return {
      askInputs: (file, missing, stable, resolveFile) => this.inputs.ask(file, missing, stable, resolveFile),
      rememberedInputs: (file) => this.inputs.remembered(file),
      forgetInputs: (file) => this.inputs.forget(file),
      confirmFirstRun: (info) => confirmFirstRun({ ...info, document }),
      askAfterRefusal: async (model, region) => {
        const choice = await vscode.window.showWarningMessage(
          `Prompt Cache: ${model} in ${region} refused cache points earlier in this session. Send this run without them?`,
          'Send Without Cache Points', 'Send As Written');
        return choice === 'Send As Written' ? 'asWritten' : choice ? 'without' : undefined;
      },
      askRetryWithoutCache: async (message) => {
        const choice = await vscode.window.showWarningMessage(`Prompt Cache: ${message}`, 'Retry Without Cache Points');
        return choice === 'Retry Without Cache Points';
      },
      alreadyRunning: (file) => {
        void vscode.window.showInformationMessage(`Prompt Cache: ${basename(file)} is already running.`, 'Cancel That Run').then((choice) => {
          if (choice) this.cancelRun(file);
        });
      },
      withProgress: async (title, cancel, task) => vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
        const cancellation = token.onCancellationRequested(() => cancel.abort());
        cancel.signal.addEventListener('abort', () => cancellation.dispose(), { once: true });
        return task((message) => progress.report({ message }));
      }),
      showPanel: (file) => this.hooks.showPanel(file),
      showFailure: (failure, profile) => void this.hooks.showFailure(failure, document, profile),
      showError: (message) => void vscode.window.showErrorMessage(`Prompt Cache: ${message}`),
      showWarning: (message) => void vscode.window.showWarningMessage(`Prompt Cache: ${message}`),
      credentialsFailed: (failed) => this.hooks.credentialsFailed(failed),
    };
  }

  dispose(): void {
    this.orchestrator.dispose();
    this.diff?.dispose();
    this.recorded.dispose();
    this.progress.dispose();
    this.runState.dispose();
  }
}
