/**
 * The usage panel's host-side logic without the VS Code API: the `ready` handshake, what to send
 * for which event, and what each message from the page does. `UsagePanel` binds it to a real
 * webview; tests bind it to a recording port.
 */
import type { ComparisonView } from '../../shared/comparisonView';
import { parseAppToHostMessage, type ComparisonCell, type ExportFormat, type HostToAppMessage } from '../../shared/protocol';
import type { UsageRecord } from '../../shared/usageRecord';
import type { Disposable, RunProgress, UsageSource } from './usageSource';

export interface PanelPort {
  /** `webview.postMessage`; may throw or resolve false once the panel is gone. */
  postMessage(message: HostToAppMessage): PromiseLike<boolean> | boolean;
}

export interface PanelHooks {
  exportHistory(file: string, format: ExportFormat, records: readonly UsageRecord[]): PromiseLike<unknown> | unknown;
  now?(): number;
  /** "Apply" in the comparison: write the cell's model, strategy and TTL into the file. */
  applyComparison?(file: string, cell: ComparisonCell): PromiseLike<unknown> | unknown;
  /** Run these comparison cells live. */
  compareLive?(file: string, cells: ComparisonCell[]): PromiseLike<unknown> | unknown;
  /** Where failures of message handling go (the extension's log). */
  onError?(error: unknown): void;
}

interface LiveRun { runId: string; model: string; startedAt: string; text: string }

export class PanelController implements Disposable {
  private ready = false;
  private disposed = false;
  private live: LiveRun | undefined;
  private comparison: { view: ComparisonView; status?: string } | undefined;
  private readonly subscriptions: Disposable[] = [];

  constructor(private readonly port: PanelPort, private readonly source: UsageSource, private currentFile: string, private readonly hooks: PanelHooks) {
    this.subscriptions.push(source.onDidRecord((record) => this.recorded(record)));
    if (source.onDidRunProgress) this.subscriptions.push(source.onDidRunProgress((progress) => this.progress(progress)));
  }

  get file(): string {
    return this.currentFile;
  }

  private now(): number {
    return this.hooks.now?.() ?? Date.now();
  }

  /** Shows another file's usage (the active editor changed). */
  async setFile(file: string): Promise<void> {
    if (file === this.currentFile) return;
    this.currentFile = file;
    this.live = undefined;
    if (this.ready) await this.sendInit();
  }

  /** Everything the page posts goes through here; anything malformed is ignored. */
  async handle(raw: unknown): Promise<void> {
    const message = parseAppToHostMessage(raw);
    if (!message || this.disposed) return;
    try {
      switch (message.type) {
        case 'ready':
          // Sent again each time VS Code reloads a hidden panel's page.
          this.ready = true;
          await this.sendInit();
          return;
        case 'cancel':
          this.source.cancelRun(this.currentFile, message.runId);
          return;
        case 'revealBlock':
          await this.source.revealBlock(this.currentFile, message.startLine);
          return;
        case 'retry':
          if (this.currentFile) await this.source.rerun?.(this.currentFile);
          return;
        case 'pickFile':
          await this.source.pickFile?.();
          return;
        case 'export':
          await this.hooks.exportHistory(this.currentFile, message.format, await this.source.recordsFor(this.currentFile));
          return;
        case 'compareRequests':
          await this.source.compareRequests?.(this.currentFile, message.runIds);
          return;
        case 'applyComparison':
          await this.hooks.applyComparison?.(this.currentFile, { model: message.model, strategy: message.strategy, ttl: message.ttl });
          return;
        case 'compareLive':
          await this.hooks.compareLive?.(this.currentFile, message.cells);
          return;
        default: {
          const unhandled: never = message;
          throw new Error(`Unhandled panel message ${JSON.stringify(unhandled)}`);
        }
      }
    } catch (error) {
      this.hooks.onError?.(error);
    }
  }

  /** Shows a comparison for the panel's file (kept, so a reloaded page gets it again). */
  async showComparison(view: ComparisonView, status?: string): Promise<void> {
    if (view.file !== this.currentFile) return;
    this.comparison = { view, status };
    await this.post({ type: 'comparison', view, status });
  }

  private async sendInit(): Promise<void> {
    const file = this.currentFile;
    const records = [...await this.source.recordsFor(file)];
    if (file !== this.currentFile) return; // the file changed while the history loaded
    await this.post({ type: 'init', file, records, now: this.now() });
    if (this.comparison?.view.file === file) await this.post({ type: 'comparison', ...this.comparison });
    // A run that started before the page was ready still streams into it.
    if (this.live) {
      await this.post({ type: 'runStarted', runId: this.live.runId, file, model: this.live.model, startedAt: this.live.startedAt, now: this.now() });
      if (this.live.text) await this.post({ type: 'runDelta', runId: this.live.runId, text: this.live.text });
    }
  }

  private recorded(record: UsageRecord): void {
    if (record.file !== this.currentFile) return;
    if (this.live?.runId === record.id) this.live = undefined;
    void this.post({ type: 'runFinished', record, now: this.now() });
  }

  private progress(progress: RunProgress): void {
    if (progress.file !== this.currentFile) return;
    switch (progress.kind) {
      case 'started':
        this.live = { runId: progress.runId, model: progress.model, startedAt: progress.startedAt, text: '' };
        void this.post({ type: 'runStarted', runId: progress.runId, file: progress.file, model: progress.model, startedAt: progress.startedAt, now: this.now() });
        return;
      case 'delta':
        if (this.live?.runId === progress.runId) this.live.text += progress.text;
        void this.post({ type: 'runDelta', runId: progress.runId, text: progress.text });
        return;
      case 'failed':
        if (this.live?.runId === progress.runId) this.live = undefined;
        void this.post({ type: 'runFailed', runId: progress.runId, message: progress.message, now: this.now() });
        return;
      default: {
        const unhandled: never = progress;
        throw new Error(`Unhandled run progress ${JSON.stringify(unhandled)}`);
      }
    }
  }

  /** Drops messages before `ready` (the page would miss them) and after dispose (VS Code throws). */
  private async post(message: HostToAppMessage): Promise<boolean> {
    if (!this.ready || this.disposed) return false;
    try {
      return await this.port.postMessage(message);
    } catch (error) {
      if (!this.disposed) this.hooks.onError?.(error);
      return false;
    }
  }

  dispose(): void {
    this.disposed = true;
    this.ready = false;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
  }
}
