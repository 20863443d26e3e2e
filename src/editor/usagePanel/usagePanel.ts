/**
 * One usage panel: a `WebviewPanel` bound to a `PanelController`. The page is rebuilt from the
 * history whenever VS Code reloads it (no `retainContextWhenHidden`), so the panel costs no
 * memory while hidden.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { ExportFormat } from '../../shared/protocol';
import type { UsageRecord } from '../../shared/usageRecord';
import { serializeHistory } from '../../core/historyExport';
import { PanelController, type PanelHooks } from './panelController';
import type { ComparisonView } from '../../shared/comparisonView';
import { renderPanelHtml } from './panelHtml';
import type { UsageSource } from './usageSource';

export const USAGE_PANEL_VIEW_TYPE = 'promptCache.usagePanel';
export const USAGE_PANEL_TITLE = 'Prompt Cache: Usage';

export interface UsagePanelOptions {
  onError?(error: unknown): void;
  applyComparison?: PanelHooks['applyComparison'];
  compareLive?: PanelHooks['compareLive'];
}

/** Options for both new and restored panels: scripts on, command links off, only media/ readable. */
export function usagePanelWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media')] };
}

export class UsagePanel implements vscode.Disposable {
  private readonly controller: PanelController;
  private readonly disposables: vscode.Disposable[] = [];
  private disposed = false;
  private readonly didDispose = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.didDispose.event;

  /** Opens a new panel beside the editor. */
  static async create(extensionUri: vscode.Uri, source: UsageSource, file: string, options: UsagePanelOptions = {}): Promise<UsagePanel> {
    const panel = vscode.window.createWebviewPanel(USAGE_PANEL_VIEW_TYPE, USAGE_PANEL_TITLE,
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, usagePanelWebviewOptions(extensionUri));
    return UsagePanel.attach(panel, extensionUri, source, file, options);
  }

  /** Takes over a panel VS Code restored after a reload (from the serializer). */
  static async attach(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, source: UsageSource, file: string, options: UsagePanelOptions = {}): Promise<UsagePanel> {
    panel.webview.options = usagePanelWebviewOptions(extensionUri);
    const usagePanel = new UsagePanel(panel, extensionUri, source, file, options);
    await usagePanel.renderHtml();
    return usagePanel;
  }

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly extensionUri: vscode.Uri,
    private readonly source: UsageSource,
    file: string,
    private readonly options: UsagePanelOptions,
  ) {
    this.controller = new PanelController(panel.webview, source, file, {
      exportHistory: (exportFile, format, records) => this.exportHistory(exportFile, format, records),
      onError: options.onError,
      applyComparison: options.applyComparison,
      compareLive: options.compareLive,
    });
    this.disposables.push(
      this.controller,
      panel.webview.onDidReceiveMessage((message: unknown) => this.controller.handle(message)),
      panel.onDidDispose(() => this.dispose()),
      this.didDispose,
    );
  }

  get file(): string {
    return this.controller.file;
  }

  /** Shows the comparison tab for the panel's file (with what is running, if anything). */
  async showComparison(view: ComparisonView, status?: string): Promise<void> {
    if (!this.disposed) await this.controller.showComparison(view, status);
  }

  reveal(): void {
    if (!this.disposed) this.panel.reveal(undefined, true);
  }

  /** Follows the active .prompt file. */
  async setFile(file: string): Promise<void> {
    if (!this.disposed) await this.controller.setFile(file);
  }

  private async renderHtml(): Promise<void> {
    const webview = this.panel.webview;
    const media = (...path: string[]): string => webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', ...path)).toString();
    const file = this.controller.file;
    const records = file ? [...await this.source.recordsFor(file)] : [];
    if (this.disposed) return;
    webview.html = renderPanelHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: media('build', 'usagePanel.js'),
      styleUri: media('usagePanel.css'),
      codiconUri: media('build', 'codicons', 'codicon.css'),
      initialState: { file, records, now: Date.now() },
    });
  }

  private async exportHistory(file: string, format: ExportFormat, records: readonly UsageRecord[]): Promise<void> {
    const base = (file.split('/').pop() ?? 'prompt').replace(/\.prompt$/, '');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}-usage.${format}`) : undefined,
      filters: format === 'csv' ? { CSV: ['csv'] } : { JSON: ['json'] },
      title: `Export usage history of ${file}`,
    });
    if (!target) return;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(serializeHistory(records, format)));
    void vscode.window.showInformationMessage(`Exported ${records.length} run${records.length === 1 ? '' : 's'} to ${vscode.workspace.asRelativePath(target)}.`);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.didDispose.fire();
    for (const disposable of this.disposables.splice(0)) disposable.dispose();
    this.panel.dispose();
  }
}
