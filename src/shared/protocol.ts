/**
 * The messages between the usage panel host (extension side) and its webview app. Both sides
 * import this one file, so a message added here is type-checked at every sender and receiver.
 * Every message is plain JSON: it crosses `postMessage`.
 */
import type { UsageRecord } from './usageRecord';

/** Epoch milliseconds as the host saw them; the app ticks its countdowns from this. */
export type EpochMs = number;

export type ExportFormat = 'csv' | 'json';

// ── host → app ─────────────────────────────────────────────────────────────────────────────

/** Everything the panel shows for one file; sent after `ready` and whenever the file changes. */
export interface InitMessage {
  type: 'init';
  /** Workspace-relative path of the .prompt file. */
  file: string;
  records: UsageRecord[];
  now: EpochMs;
}

/** A run of the panel's file has been sent to Bedrock. */
export interface RunStartedMessage {
  type: 'runStarted';
  runId: string;
  file: string;
  model: string;
  startedAt: string;
  now: EpochMs;
}

/** More streamed output text of the live run (appended, never HTML). */
export interface RunDeltaMessage {
  type: 'runDelta';
  runId: string;
  text: string;
}

/** The live run ended (complete, cancelled or broken) and left this record. */
export interface RunFinishedMessage {
  type: 'runFinished';
  record: UsageRecord;
  now: EpochMs;
}

/** The live run failed before it produced a record (e.g. access denied). */
export interface RunFailedMessage {
  type: 'runFailed';
  runId: string;
  message: string;
  now: EpochMs;
}

export type HostToAppMessage =
  | InitMessage
  | RunStartedMessage
  | RunDeltaMessage
  | RunFinishedMessage
  | RunFailedMessage;

// ── app → host ─────────────────────────────────────────────────────────────────────────────

/** The app has its listeners in place; the host must not post before this. */
export interface ReadyMessage { type: 'ready' }

/** Stop the live run (the stop button). */
export interface CancelMessage { type: 'cancel'; runId?: string }

/** Show the block that starts at this line of the panel's file (0-based, as in the record). */
export interface RevealBlockMessage { type: 'revealBlock'; startLine: number }

/** Write the file's history to a file the user picks. */
export interface ExportMessage { type: 'export'; format: ExportFormat }

/** Run the panel's file again (the Retry of a failed run). */
export interface RetryMessage { type: 'retry' }

/** The panel shows no file: let the user pick a .prompt file to open. */
export interface PickFileMessage { type: 'pickFile' }

// Selecting a run in the history is the page's own business (it shows that run's card), so it
// sends the host nothing.
export type AppToHostMessage = ReadyMessage | CancelMessage | RevealBlockMessage | ExportMessage | RetryMessage | PickFileMessage;

// ── shared state ───────────────────────────────────────────────────────────────────────────

/** What the host embeds in the page so the first paint needs no round trip. */
export interface PanelInitialState {
  file: string;
  records: UsageRecord[];
  now: EpochMs;
}

/**
 * UI state the app keeps with `vscode.setState` (and the serializer reads back on restore):
 * selections and filters only, never records.
 */
export interface PanelUiState {
  file?: string;
  selectedRunId?: string;
  compareRunIds?: string[];
  modelFilter?: string;
}

const HOST_TO_APP: ReadonlySet<string> = new Set<HostToAppMessage['type']>(['init', 'runStarted', 'runDelta', 'runFinished', 'runFailed']);

/** Narrows an incoming `message` event's data; anything else (other extensions' noise) is dropped. */
export function isHostToAppMessage(value: unknown): value is HostToAppMessage {
  return typeof value === 'object' && value !== null && HOST_TO_APP.has((value as { type?: unknown }).type as string);
}

/** Validates what the webview posts: the host treats the page as untrusted input. */
export function parseAppToHostMessage(value: unknown): AppToHostMessage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'cancel':
      return typeof m.runId === 'string' ? { type: 'cancel', runId: m.runId } : { type: 'cancel' };
    case 'revealBlock':
      return Number.isInteger(m.startLine) && (m.startLine as number) >= 0 ? { type: 'revealBlock', startLine: m.startLine as number } : undefined;
    case 'export':
      return m.format === 'csv' || m.format === 'json' ? { type: 'export', format: m.format } : undefined;
    case 'retry':
      return { type: 'retry' };
    case 'pickFile':
      return { type: 'pickFile' };
    default:
      return undefined;
  }
}
