/**
 * What the usage panel needs from the rest of the extension. The run path and the history store
 * implement it; the panel never reaches into them directly.
 */
import type { UsageRecord } from '../../shared/usageRecord';

export interface Disposable { dispose(): unknown }

/** Matches `vscode.Event<T>` without importing vscode, so the controller stays testable in Node. */
export type Subscribe<T> = (listener: (event: T) => unknown) => Disposable;

/** Progress of a live run, for the panel's streamed output. */
export type RunProgress =
  | { kind: 'started'; runId: string; file: string; model: string; startedAt: string }
  | { kind: 'delta'; runId: string; file: string; text: string }
  | { kind: 'failed'; runId: string; file: string; message: string };

export interface UsageSource {
  /** Every recorded run of a workspace-relative .prompt path, any order. */
  recordsFor(file: string): Promise<readonly UsageRecord[]> | readonly UsageRecord[];
  /** A run finished (completely or not) and its record is stored. */
  onDidRecord: Subscribe<UsageRecord>;
  onDidRunProgress?: Subscribe<RunProgress>;
  /** The stop button. */
  cancelRun(file: string, runId?: string): void;
  /** A ribbon segment was activated: show the block starting at this 0-based line. */
  revealBlock(file: string, startLine: number): unknown;
  /** Diff two runs' requests as sent (the earlier first). */
  compareRequests?(file: string, runIds: [string, string]): unknown;
  /** The Retry of a failed run: run the file again. */
  rerun?(file: string): unknown;
  /** The panel has no file: offer the workspace's .prompt files. */
  pickFile?(): unknown;
}
