/**
 * *Compare Requests*: a diff editor of two runs' requests as they were sent (secrets redacted, media
 * as content hashes), read-only, from the snapshots each run keeps. Opened from a usage card, or from
 * the palette for the active prompt's last two runs.
 */
import * as vscode from 'vscode';
import type { RequestSnapshots } from '../../node/requestSnapshots';
import type { UsageRecord } from '../../shared/usageRecord';

export const REQUEST_SCHEME = 'prompt-cache-request';

export class RequestDiff implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly registration: vscode.Disposable;

  constructor(private readonly snapshots: () => RequestSnapshots) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(REQUEST_SCHEME, this);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const runId = uri.path.replace(/^\//, '').replace(/\.json$/, '');
    return (await this.snapshots().load(runId)) ?? `// The request of run ${runId} was not kept (runs made before requests were kept, or from the command line).`;
  }

  /** Opens the diff of `older` → `newer`; says so when either request was not kept. */
  async open(older: UsageRecord, newer: UsageRecord): Promise<boolean> {
    const missing: UsageRecord[] = [];
    for (const record of [older, newer]) if (!(await this.snapshots().load(record.id))) missing.push(record);
    if (missing.length > 0) {
      void vscode.window.showInformationMessage(`Prompt Cache: the request of the run at ${missing.map((r) => new Date(r.startedAt).toLocaleString()).join(' and ')} was not kept, so there is nothing to compare.`);
      return false;
    }
    const uri = (r: UsageRecord) => vscode.Uri.from({ scheme: REQUEST_SCHEME, path: `/${r.id}.json` });
    const when = (r: UsageRecord) => new Date(r.startedAt).toLocaleTimeString();
    await vscode.commands.executeCommand('vscode.diff', uri(older), uri(newer), `Request ${when(older)} ↔ ${when(newer)} (${newer.file})`, { preview: true });
    return true;
  }

  dispose(): void {
    this.registration.dispose();
  }
}
