/**
 * The one root object: it creates every feature and owns every registration, so deactivation
 * disposes everything (the pattern of rust-analyzer's ctx and the markdown extension).
 */
import * as vscode from 'vscode';
import { AnalysisService, SELECTOR, type AnalysisResult } from './analysisService';
import { PromptDiagnostics } from './diagnostics';
import { PromptHoverProvider } from './hovers';
import { PromptLanguageStatus } from './languageStatus';
import { createLog, type Log } from './log';
import { OutlineProvider } from './outline';
import { affectsConnection, affectsSettings } from './settings';
import { TokenLensProvider } from './tokenLenses';
import { cacheCommands } from './cacheCommands';
import { pickModel } from './modelPicker';
import { ContextKeys } from './contextKeys';
import { newCachedPrompt } from './newPromptCommand';
import { EmulatorSession } from './runs/emulatorSession';
import { CachePointQuickFixes } from './quickFixes';
import { LockLensProvider, updateLockCommand } from './lockLenses';
import { convertGenkitPrompt, GenkitQuickFixes } from './genkitActions';
import { PromptFolding } from './folding';
import { formatCostMarkdown, formatCostSummary } from '../core/costPreviewFormat';
import { RunService } from './runs/runService';
import { ExactCounts } from './runs/exactCounts';
import { LastRuns } from './runs/lastRuns';
import { ConnectionStatus } from './runs/connectionStatus';
import { CacheWarmStatus } from './runs/cacheWarmStatus';
import { failureHandler, runCommands } from './runs/runCommands';
import { responseCacheCommands } from './runs/responseCacheCommands';
import { RunLensProvider } from './runs/runLenses';
import { UsagePanelHost } from './usagePanel/usagePanelHost';
import { CompareCommands } from './compare/compareCommands';
import { redactText } from '../aws/redact';
import { DisposableStore } from './disposables';

/** What activate() returns: used by the integration tests to wait for analyses. */
export interface PromptCacheApi {
  analysisFor(uri: vscode.Uri): Promise<AnalysisResult>;
  /** The run service (the usage panel's data source), for tests that run against the emulator. */
  runs: RunService;
  panelHost(): UsagePanelHost;
}

export class PromptCacheExtension implements vscode.Disposable {
  readonly log: Log;
  readonly analyses: AnalysisService;
  readonly runs: RunService;
  /** Disposed last-registered first, and every one of them even when some throw. */
  private readonly disposables = new DisposableStore();
  /** Registers the panel serializer at activation, so a reload restores an open panel. */
  readonly panelHost: UsagePanelHost;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = this.register(createLog());
    this.analyses = this.register(new AnalysisService(this.log));
    const connection = this.register(new ConnectionStatus());
    this.runs = this.register(new RunService(context, this.analyses, this.log, {
      showPanel: (file) => this.showPanel(file),
      showFailure: failureHandler(this),
      credentialsFailed: (failed) => connection.setFailed(failed),
    }));
    const compare = new CompareCommands({ runs: this.runs, showPanel: (file) => this.panelHost.show(file), log: this.log });
    this.panelHost = this.register(new UsagePanelHost(context.extensionUri, this.runs, {
      onError: (error) => this.log.error('Usage panel', error),
      applyComparison: (file, cell) => compare.apply(file, cell).catch((error) => this.showCommandError('Apply comparison', error)),
      compareLive: (file, cells) => compare.runLive(file, cells).catch((error) => this.showCommandError('Compare live', error)),
    }));
    for (const [id, run] of Object.entries(compare.commands())) this.registerCommand(id, run);
    const exact = this.register(new ExactCounts(this.analyses, this.runs, this.log));
    const lastRuns = this.register(new LastRuns(this.runs));
    const lenses = this.register(new TokenLensProvider(this.analyses, exact, lastRuns));
    this.register(vscode.languages.registerCodeLensProvider(SELECTOR, this.register(new RunLensProvider())));
    this.register(new ContextKeys(this.analyses, this.runs));
    this.register(new CacheWarmStatus(this.runs));
    this.register(vscode.window.onDidChangeActiveTextEditor((editor) => {
      connection.update();
      if (editor?.document.languageId === 'dotprompt') void this.panelHost.followFile(this.runs.relativeFile(editor.document.uri));
    }));
    for (const [id, run] of Object.entries(runCommands({ context, analyses: this.analyses, runs: this.runs, exact, log: this.log, connection, showPanel: (file) => this.showPanel(file) }))) {
      this.registerCommand(id, run);
    }

    this.register(vscode.languages.registerCodeLensProvider(SELECTOR, lenses));
    const lockLenses = this.register(new LockLensProvider(this.analyses, this.log));
    this.register(vscode.languages.registerCodeLensProvider(SELECTOR, lockLenses));
    this.registerCommand('promptCache.updateLock', (uri) => updateLockCommand(uri, lockLenses));
    this.register(vscode.languages.registerHoverProvider(SELECTOR, new PromptHoverProvider(this.analyses, (r) => ({ lead: formatCostSummary(r.advice.cost), details: formatCostMarkdown(r.advice.cost) }), (d) => lastRuns.for(d))));
    this.register(vscode.languages.registerCodeActionsProvider(SELECTOR, new CachePointQuickFixes(this.analyses), { providedCodeActionKinds: CachePointQuickFixes.kinds }));
    this.register(vscode.languages.registerCodeActionsProvider(SELECTOR, new GenkitQuickFixes(this.analyses), { providedCodeActionKinds: GenkitQuickFixes.kinds }));
    this.register(vscode.languages.registerFoldingRangeProvider(SELECTOR, new PromptFolding(this.analyses)));
    this.register(vscode.languages.registerDocumentSymbolProvider(SELECTOR, new OutlineProvider(this.analyses), { label: 'Prompt blocks' }));
    this.register(new PromptDiagnostics(this.analyses));
    this.register(new PromptLanguageStatus(this.analyses));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsSettings(e)) this.analyses.refreshAll();
      if (affectsConnection(e)) { this.runs.resetClients(); connection.update(); }
    }));
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.analyses.refreshAll()));
    this.registerCommand('promptCache.showLog', () => this.log.channel.show());
    this.registerCommand('promptCache.convertGenkitPrompt', () => convertGenkitPrompt(this.analyses));
    this.registerCommand('promptCache.pickModel', (uri) => pickModel(uri));
    this.registerCommand('promptCache.newPrompt', () => newCachedPrompt());
    const emulator = this.register(new EmulatorSession(context.extensionUri));
    this.runs.emulator = emulator;
    this.registerCommand('promptCache.startEmulator', () => emulator.start());
    this.registerCommand('promptCache.stopEmulator', () => emulator.stop());
    for (const [id, run] of Object.entries(cacheCommands(this.analyses))) this.registerCommand(id, run);
    for (const [id, run] of Object.entries(responseCacheCommands(context, this.log))) this.registerCommand(id, run);
  }

  register<T extends vscode.Disposable>(disposable: T): T {
    return this.disposables.add(disposable);
  }

  /** What the panel's buttons start fails the way a command does: a user-safe message and a log entry. */
  private showCommandError(what: string, error: unknown): void {
    this.log.error(`${what} failed`, error);
    void vscode.window.showErrorMessage(`Prompt Cache: ${redactText(String((error as Error).message ?? error))}`);
  }

  /** Every command goes through one wrapper: one error handler, a user-safe message, a log entry. */
  registerCommand(id: string, run: (...args: unknown[]) => unknown): void {
    this.register(vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        return await run(...args);
      } catch (error) {
        this.log.error(`Command ${id} failed`, error);
        // Not awaited: a command ends when its work does, not when its notification is closed.
        void vscode.window.showErrorMessage(`Prompt Cache: ${redactText(String((error as Error).message ?? error))}`, 'Show Log').then((choice) => {
          if (choice === 'Show Log') this.log.channel.show();
        });
        return undefined;
      }
    }));
  }

  async showPanel(file?: string): Promise<unknown> {
    const target = file ?? (vscode.window.activeTextEditor?.document.languageId === 'dotprompt' ? this.runs.relativeFile(vscode.window.activeTextEditor.document.uri) : '');
    return this.panelHost.show(target);
  }

  api(): PromptCacheApi {
    return {
      analysisFor: async (uri) => this.analyses.get(await vscode.workspace.openTextDocument(uri)),
      runs: this.runs,
      panelHost: () => this.panelHost,
    };
  }

  /** Throws what the registrations threw (after disposing all of them); VS Code logs it at deactivation. */
  dispose(): void {
    this.disposables.dispose();
  }
}
