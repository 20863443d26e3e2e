/**
 * The latest run of each prompt, for the cache-point lenses and hovers ("last run: read ✓", or why
 * it missed). Filled from the history on first ask and kept current by every new run.
 */
import * as vscode from 'vscode';
import type { UsageRecord } from '../../shared/usageRecord';
import type { RunService } from './runService';

export class LastRuns implements vscode.Disposable {
  private readonly latest = new Map<string, UsageRecord | undefined>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly runs: RunService) {
    this.subscription = runs.onDidRecord((record) => {
      if (record.replayed) return;
      this.latest.set(record.file, record);
      this.changed.fire();
    });
  }

  /** The latest run of the document's file, if known now; a first ask loads the history and fires a change. */
  for(document: vscode.TextDocument): UsageRecord | undefined {
    const file = this.runs.relativeFile(document.uri);
    if (!this.latest.has(file)) {
      this.latest.set(file, undefined);
      void this.runs.recordsFor(file).then((records) => {
        const last = [...records].filter((r) => !r.replayed).sort((a, b) => a.startedAt.localeCompare(b.startedAt)).at(-1);
        if (last && !this.latest.get(file)) { this.latest.set(file, last); this.changed.fire(); }
      });
    }
    return this.latest.get(file);
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
