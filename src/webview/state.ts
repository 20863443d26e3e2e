/**
 * The app's state and how each host message changes it. Pure: no DOM, so the transitions are
 * plain functions of (state, message).
 */
import type { HostToAppMessage, PanelInitialState, PanelUiState } from '../shared/protocol';
import type { ComparisonView } from '../shared/comparisonView';
import type { UsageRecord } from '../shared/usageRecord';
import type { ComparisonSort } from './comparisonSort';
import { newestFirst } from './runMetrics';

export interface LiveRun {
  runId: string;
  model: string;
  startedAt: string;
  text: string;
  running: boolean;
  error?: string;
}

export interface AppState {
  file: string;
  /** Newest first. */
  records: UsageRecord[];
  /** host clock − page clock, so countdowns follow the host's `now` without trusting the page's. */
  clockSkewMs: number;
  live?: LiveRun;
  selectedRunId?: string;
  /** At most two runs, in the order they were ticked. */
  compareRunIds: string[];
  /** Empty: all models. */
  modelFilter: string;
  comparison?: ComparisonView;
  /** What the host says is running for the comparison (live cells). */
  comparisonStatus?: string;
  /** Unset until the user sorts the comparison (then kept with the UI state). */
  comparisonSort?: ComparisonSort;
  /** Keys of the comparison cells ticked for a live run. */
  liveCells: string[];
}

export function initialState(initial: PanelInitialState | undefined, ui: PanelUiState | undefined, pageNow: number): AppState {
  const sameFile = !initial || !ui?.file || ui.file === initial.file;
  return {
    file: initial?.file ?? ui?.file ?? '',
    records: newestFirst(initial?.records ?? []),
    clockSkewMs: initial ? initial.now - pageNow : 0,
    selectedRunId: sameFile ? ui?.selectedRunId : undefined,
    compareRunIds: sameFile ? (ui?.compareRunIds ?? []).slice(0, 2) : [],
    modelFilter: sameFile ? (ui?.modelFilter ?? '') : '',
    comparison: initial?.comparison,
    comparisonSort: ui?.comparisonSort,
    liveCells: [],
  };
}

export function uiState(state: AppState): PanelUiState {
  return { file: state.file, selectedRunId: state.selectedRunId, compareRunIds: state.compareRunIds, modelFilter: state.modelFilter, ...(state.comparisonSort ? { comparisonSort: state.comparisonSort } : {}) };
}

/** Drops selections that point at runs no longer in the history. */
function pruneSelections(state: AppState): AppState {
  const ids = new Set(state.records.map((r) => r.id));
  return {
    ...state,
    selectedRunId: state.selectedRunId && ids.has(state.selectedRunId) ? state.selectedRunId : undefined,
    compareRunIds: state.compareRunIds.filter((id) => ids.has(id)),
  };
}

export function applyMessage(state: AppState, message: HostToAppMessage, pageNow: number): AppState {
  switch (message.type) {
    case 'init': {
      const sameFile = message.file === state.file;
      return pruneSelections({
        ...state,
        file: message.file,
        records: newestFirst(message.records),
        clockSkewMs: message.now - pageNow,
        live: sameFile ? state.live : undefined,
        selectedRunId: sameFile ? state.selectedRunId : undefined,
        compareRunIds: sameFile ? state.compareRunIds : [],
        modelFilter: sameFile ? state.modelFilter : '',
        comparison: sameFile ? state.comparison : undefined,
        liveCells: sameFile ? state.liveCells : [],
      });
    }
    case 'comparison':
      if (message.view.file !== state.file) return state;
      return { ...state, comparison: message.view, comparisonStatus: message.status };
    case 'runStarted':
      if (message.file !== state.file) return state;
      return {
        ...state,
        clockSkewMs: message.now - pageNow,
        live: { runId: message.runId, model: message.model, startedAt: message.startedAt, text: '', running: true },
        // A new run takes the card: the user is watching it, not an older selection.
        selectedRunId: undefined,
      };
    case 'runDelta':
      if (!state.live || state.live.runId !== message.runId) return state;
      return { ...state, live: { ...state.live, text: state.live.text + message.text } };
    case 'runFinished': {
      const { record } = message;
      if (record.file !== state.file) return state;
      const records = newestFirst([record, ...state.records.filter((r) => r.id !== record.id)]);
      const live = state.live && state.live.runId === record.id
        ? { ...state.live, text: record.text, running: false, error: record.error }
        : state.live;
      return { ...state, records, live, clockSkewMs: message.now - pageNow, selectedRunId: undefined };
    }
    case 'runFailed':
      if (!state.live || state.live.runId !== message.runId) return state;
      return { ...state, clockSkewMs: message.now - pageNow, live: { ...state.live, running: false, error: message.message } };
    default: {
      const unknown: never = message;
      return unknown;
    }
  }
}

/** The host's notion of now, as of the page clock reading `pageNow`. */
export function hostNow(state: AppState, pageNow: number): number {
  return pageNow + state.clockSkewMs;
}

export function visibleRecords(state: AppState): UsageRecord[] {
  return state.modelFilter ? state.records.filter((r) => r.model === state.modelFilter || r.invokedModel === state.modelFilter) : state.records;
}

/** The run the card and ribbon show: the selection, else the newest run. */
export function selectedRecord(state: AppState): UsageRecord | undefined {
  return state.records.find((r) => r.id === state.selectedRunId) ?? state.records[0];
}

export function models(state: AppState): string[] {
  return [...new Set(state.records.flatMap((r) => (r.invokedModel ? [r.model, r.invokedModel] : [r.model])))].sort();
}

export function toggleCompare(state: AppState, runId: string): AppState {
  if (state.compareRunIds.includes(runId)) return { ...state, compareRunIds: state.compareRunIds.filter((id) => id !== runId) };
  // Keeps the most recent two ticks: ticking a third drops the oldest tick.
  return { ...state, compareRunIds: [...state.compareRunIds, runId].slice(-2) };
}
