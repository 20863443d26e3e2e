/**
 * Owns the (single) usage panel: opens or reveals it, points it at the active .prompt file and
 * restores it after a window reload through a `WebviewPanelSerializer`. The extension's root
 * object creates one and disposes it.
 */
import * as vscode from 'vscode';
import type { PanelUiState } from '../../shared/protocol';
import { USAGE_PANEL_VIEW_TYPE, UsagePanel, type UsagePanelOptions } from './usagePanel';
import type { UsageSource } from './usageSource';

export class UsagePanelHost implements vscode.Disposable, vscode.WebviewPanelSerializer<PanelUiState> {
  private panel: UsagePanel | undefined;
  private creating: Promise<UsagePanel> | undefined;
  private readonly registration: vscode.Disposable;

  constructor(private readonly extensionUri: vscode.Uri, private readonly source: UsageSource, private readonly options: UsagePanelOptions = {}) {
    this.registration = vscode.window.registerWebviewPanelSerializer(USAGE_PANEL_VIEW_TYPE, this);
  }

  get current(): UsagePanel | undefined {
    return this.panel;
  }

  /** Opens the panel for `file`, or reveals the open one and switches it to `file`. */
  async show(file: string): Promise<UsagePanel> {
    // A panel still being created (it loads the history first) is the one to reuse: two quick
    // calls must not open two panels.
    if (!this.panel && this.creating) await this.creating.catch(() => undefined);
    if (this.panel) {
      await this.panel.setFile(file);
      this.panel.reveal();
      return this.panel;
    }
    this.creating = UsagePanel.create(this.extensionUri, this.source, file, this.options).then((panel) => this.adopt(panel));
    try {
      return await this.creating;
    } finally {
      this.creating = undefined;
    }
  }

  /** The active editor moved to another .prompt file: an open panel follows it. */
  async followFile(file: string): Promise<void> {
    await this.panel?.setFile(file);
  }

  /** VS Code restores a panel from the UI state the page saved with `setState`. */
  async deserializeWebviewPanel(webviewPanel: vscode.WebviewPanel, state: PanelUiState | undefined): Promise<void> {
    if (this.panel) {
      // Only one usage panel at a time; a second restored one would show the same thing.
      webviewPanel.dispose();
      return;
    }
    const file = typeof state?.file === 'string' ? state.file : '';
    this.adopt(await UsagePanel.attach(webviewPanel, this.extensionUri, this.source, file, this.options));
  }

  private adopt(panel: UsagePanel): UsagePanel {
    this.panel = panel;
    panel.onDidDispose(() => { if (this.panel === panel) this.panel = undefined; });
    return panel;
  }

  dispose(): void {
    this.registration.dispose();
    this.panel?.dispose();
    this.panel = undefined;
  }
}
