/**
 * The messages between the usage panel host (extension side) and its webview app. Both sides
 * import this one file, so a message added here is type-checked at every sender and receiver.
 * Every message is plain JSON: it crosses `postMessage`.
 */
import type { ComparisonStrategy, ComparisonView } from './comparisonView';
import type { CacheTtl, UsageRecord } from './usageRecord';

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

/** The comparison of models, strategies and TTLs for the panel's file (the Compare command). */
export interface ComparisonMessage {
  type: 'comparison';
  view: ComparisonView;
  /** Set while live cells run: what is running. */
  status?: string;
}

export type HostToAppMessage =
  | ComparisonMessage
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

/** Open a diff of two runs' requests as sent (the earlier run first). */
export interface CompareRequestsMessage { type: 'compareRequests'; runIds: [string, string] }

/** One cell of the comparison: a model, a strategy and a TTL (null for `none`). */
export interface ComparisonCell {
  model: string;
  strategy: ComparisonStrategy;
  ttl: CacheTtl | null;
}

/** Write this cell's model, strategy and TTL into the file's frontmatter (one undo step). */
export interface ApplyComparisonMessage extends ComparisonCell { type: 'applyComparison' }

/** Run these cells live (cold, then warm) as one experiment. */
export interface CompareLiveMessage { type: 'compareLive'; cells: ComparisonCell[] }

/** Run the panel's file again (the Retry of a failed run). */
export interface RetryMessage { type: 'retry' }

/** The panel shows no file: let the user pick a .prompt file to open. */
export interface PickFileMessage { type: 'pickFile' }

// Selecting a run in the history is the page's own business (it shows that run's card), so it
// sends the host nothing.
export type AppToHostMessage = ReadyMessage | CancelMessage | RevealBlockMessage | ExportMessage | CompareRequestsMessage | ApplyComparisonMessage | CompareLiveMessage | RetryMessage | PickFileMessage;

// ── shared state ───────────────────────────────────────────────────────────────────────────

/** What the host embeds in the page so the first paint needs no round trip. */
export interface PanelInitialState {
  file: string;
  records: UsageRecord[];
  now: EpochMs;
  comparison?: ComparisonView;
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
  /** The comparison table's sort column and direction. */
  comparisonSort?: { key: string; descending: boolean };
}

const HOST_TO_APP: ReadonlySet<string> = new Set<HostToAppMessage['type']>(['comparison', 'init', 'runStarted', 'runDelta', 'runFinished', 'runFailed']);

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
    case 'compareRequests':
      return Array.isArray(m.runIds) && m.runIds.length === 2 && m.runIds.every((id) => typeof id === 'string' && id.length > 0 && id.length <= 100)
        ? { type: 'compareRequests', runIds: [m.runIds[0] as string, m.runIds[1] as string] } : undefined;
    case 'applyComparison':
      return isCell(m) ? { type: 'applyComparison', model: m.model, strategy: m.strategy, ttl: m.ttl } : undefined;
    case 'compareLive': {
      if (!Array.isArray(m.cells) || m.cells.length === 0 || m.cells.length > 64 || !m.cells.every(isCell)) return undefined;
      return { type: 'compareLive', cells: (m.cells as ComparisonCell[]).map((c) => ({ model: c.model, strategy: c.strategy, ttl: c.ttl })) };
    }
    case 'retry':
      return { type: 'retry' };
    case 'pickFile':
      return { type: 'pickFile' };
    default:
      return undefined;
  }
}

const CELL_STRATEGIES: readonly string[] = ['none', 'conservative', 'aggressive', 'custom'];

function isCell(value: unknown): value is ComparisonCell {
  if (typeof value !== 'object' || value === null) return false;
  const c = value as Record<string, unknown>;
  return typeof c.model === 'string' && c.model.length > 0 && c.model.length <= 300 && CELL_STRATEGIES.includes(c.strategy as string)
    && (c.strategy === 'none' ? c.ttl === null : c.ttl === '5m' || c.ttl === '1h');
}
