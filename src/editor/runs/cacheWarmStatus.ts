/** Status bar item "cache warm 3:41" for the active file, from its history; "cold" at zero. */
import * as vscode from 'vscode';
import { cacheWarmth, soonestExpiry, warmthLabel } from '../../shared/cacheWarmth';
import type { UsageRecord } from '../../shared/usageRecord';
import type { RunService } from './runService';

export class CacheWarmStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('promptCache.cacheWarm', vscode.StatusBarAlignment.Right, 99);
  private records: readonly UsageRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly subscriptions: vscode.Disposable[];

  constructor(private readonly runs: RunService) {
    this.item.name = 'Prompt Cache: cache warmth';
    this.item.command = 'promptCache.showUsagePanel';
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      runs.onDidRecord(() => void this.refresh()),
    ];
    void this.refresh();
  }

  private async refresh(): Promise<void> {
    const document = vscode.window.activeTextEditor?.document;
    if (!document || document.languageId !== 'dotprompt') { this.stop(); this.item.hide(); return; }
    const records = await this.runs.recordsFor(this.runs.relativeFile(document.uri));
    // A slow read for the previous editor must not overwrite the current one's.
    if (vscode.window.activeTextEditor?.document !== document) return;
    this.records = records;
    this.tick();
  }

  private tick(): void {
    if (this.records.length === 0) { this.stop(); this.item.hide(); return; }
    const soonest = soonestExpiry(cacheWarmth(this.records, Date.now()));
    this.item.text = `$(${soonest ? 'flame' : 'circle-slash'}) ${warmthLabel(soonest)}`;
    this.item.tooltip = 'Time left on the cache points written or read by this file\'s last runs (the TTL slides with every hit).';
    this.item.show();
    // Tick only while something is warm; a cold cache needs no timer.
    if (soonest && !this.timer) this.timer = setInterval(() => this.tick(), 1000);
    if (!soonest) this.stop();
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.stop();
    for (const s of this.subscriptions) s.dispose();
    this.item.dispose();
  }
}
