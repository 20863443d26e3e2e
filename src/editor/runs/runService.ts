/**
 * Runs .prompt files against Bedrock from the editor: asks for missing inputs, confirms the first
 * paid run of a file, streams into the usage panel, offers the retry without cache points, keeps
 * the history, and is the usage panel's data source.
 */
import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import type { BedrockClientFactory, BedrockFailure } from '../../aws/index';
import { HistoryFile } from '../../node/historyFile';
import { WorkspaceFiles } from '../../node/promptFiles';
import { formatUsd } from '../../shared/numberFormat';
import type { UsageRecord } from '../../shared/usageRecord';
import type { AnalysisService } from '../analysisService';
import type { Log } from '../log';
import { readSettings } from '../settings';
import type { RunProgress, UsageSource } from '../usagePanel/usageSource';
import { loadAws, type AwsModule } from './awsLoader';
import { confirmFirstRun } from './runConfirm';
import { RunInputs } from './runInputs';
import { readRunSettings, resolveRegion, type CacheUnsupportedPolicy } from './runSettings';
import { fileKey, workspaceRoots } from '../promptDocuments';
import { requireTrust } from './trust';

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
  private readonly running = new Map<string, AbortController>();
  readonly inputs = new RunInputs();
  /** model|region pairs that refused cache points in this session: the next run asks first. */
  private readonly refusedCaching = new Set<string>();
  private readonly confirmed = new Set<string>();
  private clients?: BedrockClientFactory;
  private history?: HistoryFile;
  private resetPending = false;
  private readonly uris = new Map<string, vscode.Uri>();

  constructor(private readonly context: vscode.ExtensionContext, private readonly analyses: AnalysisService, private readonly log: Log, private readonly hooks: RunHooks) {}

  /** History key of a file; remembered so the panel's "reveal block" finds the file again. */
  relativeFile(uri: vscode.Uri): string {
    const key = fileKey(uri);
    this.uris.set(key, uri);
    return key;
  }

  isRunning(file: string): boolean {
    return this.running.has(file);
  }

  async clientFactory(aws: AwsModule): Promise<BedrockClientFactory> {
    this.clients ??= new aws.BedrockClientFactory();
    return this.clients;
  }

  /**
   * Settings that decide the connection changed: drop every client. A run in progress keeps its
   * client (destroying it would cut the stream); the reset happens when the last run ends.
   */
  resetClients(): void {
    if (this.running.size > 0) { this.resetPending = true; return; }
    this.resetPending = false;
    this.clients?.clear();
  }

  /** The history needs no AWS code: the status bar and the panel read it without loading the SDK. */
  async historyFile(): Promise<HistoryFile> {
    if (this.history) return this.history;
    const folder = this.context.storageUri ?? this.context.globalStorageUri;
    this.history = new HistoryFile(join(folder.fsPath, 'history.json'), {
      // Read on every append, so a changed setting applies without a reload.
      get limit() { return readRunSettings().historyLimit; },
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
    this.running.get(file)?.abort();
  }

  async revealBlock(file: string, startLine: number): Promise<void> {
    const uri = this.uris.get(file) ?? uriOfKey(file);
    if (!uri) return;
    const editor = await vscode.window.showTextDocument(uri, { viewColumn: vscode.ViewColumn.One, preserveFocus: false });
    const position = new vscode.Position(startLine, 0);
    editor.selection = new vscode.Selection(position, position);
    editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  workspaceFiles(document: vscode.TextDocument): WorkspaceFiles {
    return new WorkspaceFiles(workspaceRoots(document));
  }

  async apiKey(): Promise<string | undefined> {
    return (await this.context.secrets.get(API_KEY_SECRET)) || undefined;
  }

  /** Runs the document `times` times in a row (the first writes the cache, the next ones read it). */
  async run(document: vscode.TextDocument, times = 1): Promise<UsageRecord[]> {
    if (!await requireTrust('Running prompts')) return [];
    const file = this.relativeFile(document.uri);
    if (this.running.has(file)) {
      void vscode.window.showInformationMessage(`Prompt Cache: ${basename(file)} is already running.`, 'Cancel That Run').then((choice) => {
        if (choice) this.cancelRun(file);
      });
      return [];
    }
    // The slot is taken before the first await (input boxes, dialogs), so a second click never
    // starts a second paid run of the same file.
    const controller = new AbortController();
    this.running.set(file, controller);
    try {
      return await this.runReserved(document, file, times, controller);
    } finally {
      this.running.delete(file);
      if (this.resetPending) this.resetClients();
    }
  }

  private async runReserved(document: vscode.TextDocument, file: string, times: number, controller: AbortController): Promise<UsageRecord[]> {
    const settings = readRunSettings(document.uri);
    const aws = await loadAws();
    // The text and its analysis are taken together: the user may keep typing while dialogs are open.
    const text = document.getText();
    const version = document.version;
    const { analysis, advice, version: analyzed } = await this.analyses.get(document);
    const files = this.workspaceFiles(document);
    let inputs = this.inputs.remembered(file);
    const missing = aws.missingInputs(analysis, inputs);
    if (missing.length > 0) {
      const asked = await this.inputs.ask(file, missing, analysis.config.stable, (p) => {
        const found = files.resolve(dirname(p), p);
        return found.found ? found.path : undefined;
      });
      if (!asked) return [];
      inputs = asked;
    }
    const region = resolveRegion(analysis.config.region, settings.region);
    const profile = analysis.config.profile || settings.profile || undefined;
    if (settings.confirmBeforeRun && !this.confirmed.has(file)) {
      if (!await confirmFirstRun({ document, analysis, advice, region, times, endpoint: settings.endpoint })) return [];
      this.confirmed.add(file);
    }
    const pairKey = `${analysis.modelId}|${region}`;
    let policy: CacheUnsupportedPolicy = settings.onCacheUnsupported;
    if (this.refusedCaching.has(pairKey) && policy === 'ask' && analysis.cachePoints.length > 0) {
      const choice = await vscode.window.showWarningMessage(
        `Prompt Cache: ${analysis.modelId} in ${region} refused cache points earlier in this session. Send this run without them?`,
        'Send Without Cache Points', 'Send As Written');
      if (!choice) return [];
      policy = choice === 'Send As Written' ? 'fail' : 'retryWithout';
    }
    const history = await this.historyFile();
    await this.hooks.showPanel(file).catch((error) => this.log.error('Opening the usage panel failed', error));
    let currentRun = '';
    try {
      return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `Running ${basename(file)}`, cancellable: true }, async (progress, token) => {
        const cancellation = token.onCancellationRequested(() => controller.abort());
        controller.signal.addEventListener('abort', () => cancellation.dispose(), { once: true });
        this.log.info(`Run ${file}: ${analysis.modelId} in ${region}${settings.endpoint ? ` via ${settings.endpoint}` : ''}, ×${times}`);
        const result = await aws.runPrompt({
          file: document.uri.fsPath, text, analysis: analyzed === version ? analysis : undefined, workspaceRoots: workspaceRoots(document),
          partialsPath: settings.partialsPath, inputs, defaultModel: settings.defaultModel, catalog: readSettings(document.uri).catalog,
          clients: await this.clientFactory(aws),
          client: { region, profile, endpoint: settings.endpoint || undefined, apiKey: await this.apiKey() },
          times, onCacheUnsupported: policy, signal: controller.signal, idleTimeoutMs: settings.requestTimeoutSeconds * 1000,
          relativeFile: file,
          ask: async (failure) => {
            this.refusedCaching.add(pairKey);
            const choice = await vscode.window.showWarningMessage(`Prompt Cache: ${failure.message}`, 'Retry Without Cache Points');
            return choice === 'Retry Without Cache Points';
          },
          onRunStart: ({ index, id, model, startedAt }) => {
            currentRun = id;
            if (times > 1) progress.report({ message: `run ${index + 1} of ${times}${index === 0 ? ' (cold)' : ' (warm)'}` });
            this.progress.fire({ kind: 'started', runId: id, file, model, startedAt });
          },
          onDelta: (text) => this.progress.fire({ kind: 'delta', runId: currentRun, file, text }),
          // The panel gets the record even when saving it fails (HistoryFile warns about that).
          historyStore: { append: async (record) => { try { await history.append(record); } finally { this.recorded.fire(record); } } },
        });
        if (result.retriedWithoutCachePoints) this.refusedCaching.add(pairKey);
        if (result.failure) {
          this.log.error(`Run ${file} failed: ${result.failure.cause}`);
          this.progress.fire({ kind: 'failed', runId: currentRun, file, message: result.failure.message });
          this.hooks.credentialsFailed(/^credentials|^sso/.test(result.failure.kind));
          void this.hooks.showFailure(result.failure, document, profile);
        } else {
          this.hooks.credentialsFailed(false);
          const last = result.records.at(-1);
          if (last) this.log.info(`Run ${file} done: input ${last.usage.inputTokens}, read ${last.usage.cacheReadInputTokens}, write ${last.usage.cacheWriteInputTokens}, output ${last.usage.outputTokens}, ${formatUsd(last.costUSD)}`);
        }
        return result.records;
      });
    } catch (error) {
      if (error instanceof aws.PromptInputError) {
        if (error.missingInputs.length > 0) this.inputs.forget(file);
        void vscode.window.showErrorMessage(`Prompt Cache: ${error.message}`);
        return [];
      }
      throw new Error(aws.redactText((error as Error).message ?? String(error)));
    }
  }

  dispose(): void {
    for (const controller of this.running.values()) controller.abort();
    this.clients?.dispose();
    this.recorded.dispose();
    this.progress.dispose();
  }
}
