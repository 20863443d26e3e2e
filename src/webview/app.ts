/**
 * The panel app: holds the state, turns host messages into renders and user actions into
 * messages for the host. Rendering rebuilds the sections from the state; the two hot paths
 * (streamed text and the one-second countdown tick) update their text nodes in place.
 */
import type { UsageRecord } from '../shared/usageRecord';
import { isHostToAppMessage, type AppToHostMessage, type PanelInitialState, type PanelUiState } from '../shared/protocol';
import { h, icon } from './dom';
import { formatTimestamp } from './format';
import { shortModelName } from '../shared/modelNames';
import { newestFirst } from './runMetrics';
import {
  applyMessage, hostNow, initialState, models, selectedRecord, toggleCompare, uiState, visibleRecords, type AppState,
} from './state';
import { costChart, inputSplitChart } from './views/charts';
import { compareView } from './views/compare';
import { comparisonView, type ComparisonHandlers } from './views/comparison';
import { cellKey, DEFAULT_SORT, nextSort } from './comparisonSort';
import { historyTable, historyToolbar, type HistoryHandlers } from './views/history';
import { ribbon } from './views/ribbon';
import { summaryView } from './views/summary';
import { usageCard } from './views/usageCard';
import { failedRunCard, payoffNote } from './views/runNotes';
import { countedRuns, isFailedRun } from '../shared/runOutcome';
import { tickWarmth, warmthList } from './views/warmth';

/** The slice of `acquireVsCodeApi()` the app uses; tests supply their own. */
export interface HostApi {
  postMessage(message: AppToHostMessage): void;
  getState(): PanelUiState | undefined;
  setState(state: PanelUiState): void;
}

export class App {
  private state: AppState;

  constructor(private readonly root: HTMLElement, private readonly host: HostApi, initial: PanelInitialState | undefined) {
    this.state = initialState(initial, host.getState(), Date.now());
  }

  start(): void {
    window.addEventListener('message', (event: MessageEvent<unknown>) => this.receive(event.data));
    this.render();
    // The host waits for this before it posts anything, so no message is lost to a page
    // that is still loading.
    this.host.postMessage({ type: 'ready' });
    setInterval(() => this.tick(), 1000);
  }

  private receive(data: unknown): void {
    if (!isHostToAppMessage(data)) return;
    const before = this.state;
    this.state = applyMessage(this.state, data, Date.now());
    if (data.type === 'runDelta' && this.appendLiveText(before, data.text)) return;
    this.saveUi();
    this.render();
  }

  private update(change: (state: AppState) => AppState): void {
    this.state = change(this.state);
    this.saveUi();
    this.render();
  }

  private saveUi(): void {
    this.host.setState(uiState(this.state));
  }

  private tick(): void {
    const section = this.root.querySelector('#warmth');
    if (!section || !tickWarmth(section, this.state.records, hostNow(this.state, Date.now()))) this.render();
  }

  /** Streams text into the existing output node; false when there is none yet. */
  private appendLiveText(before: AppState, text: string): boolean {
    if (this.state === before) return true;
    const output = this.root.querySelector('[data-live-output]');
    if (!output) return false;
    output.appendChild(document.createTextNode(text));
    return true;
  }

  private readonly historyHandlers: HistoryHandlers = {
    select: (runId) => this.update((s) => ({ ...s, selectedRunId: runId })),
    toggleCompare: (runId) => this.update((s) => toggleCompare(s, runId)),
    filter: (model) => this.update((s) => ({ ...s, modelFilter: model })),
    export: (format) => this.host.postMessage({ type: 'export', format }),
  };

  /** The diff action for a run with an earlier run of the same file to compare against. */
  private compareWithPrevious(record: UsageRecord): (() => void) | undefined {
    const earlier = this.state.records.filter((r) => r.startedAt < record.startedAt && r.fingerprint).sort((a, b) => b.startedAt.localeCompare(a.startedAt))[0];
    return earlier ? () => this.host.postMessage({ type: 'compareRequests', runIds: [earlier.id, record.id] }) : undefined;
  }

  private readonly comparisonHandlers: ComparisonHandlers = {
    sort: (key) => this.update((s) => ({ ...s, comparisonSort: nextSort(s.comparisonSort ?? DEFAULT_SORT, key) })),
    apply: (row) => {
      if (row.strategy === 'as written') return;
      this.host.postMessage({ type: 'applyComparison', model: row.model, strategy: row.strategy, ttl: row.ttl });
    },
    toggleLive: (key) => this.update((s) => ({ ...s, liveCells: s.liveCells.includes(key) ? s.liveCells.filter((k) => k !== key) : [...s.liveCells, key] })),
    runLive: () => {
      const rows = this.state.comparison?.rows ?? [];
      const cells = rows.filter((r) => r.strategy !== 'as written' && this.state.liveCells.includes(cellKey(r)))
        .map((r) => ({ model: r.model, strategy: r.strategy as Exclude<typeof r.strategy, 'as written'>, ttl: r.ttl }));
      if (cells.length) this.host.postMessage({ type: 'compareLive', cells });
    },
  };

  render(): void {
    const focusKey = (document.activeElement as HTMLElement | null)?.dataset?.focusKey;
    const s = this.state;
    const shown = visibleRecords(s);
    const selected = selectedRecord(s);
    const compared = s.compareRunIds.map((id) => s.records.find((r) => r.id === id)).filter((r) => r !== undefined);
    const view = { records: shown, models: models(s), modelFilter: s.modelFilter, selectedRunId: selected?.id, compareRunIds: s.compareRunIds, running: s.live?.running };
    const heading = s.selectedRunId ? 'Selected run' : 'Latest run';
    const retry = (): void => this.host.postMessage({ type: 'retry' });

    const sections: Array<HTMLElement | null> = [
      h('header', { class: 'panel-head' },
        h('h1', {}, 'Prompt Cache: Usage'),
        s.file
          ? h('p', { class: 'muted ellipsis', attrs: { 'data-field': 'file', title: s.file } }, s.file)
          : h('p', { class: 'muted', attrs: { 'data-field': 'file' } }, 'No .prompt file is open. ',
              h('button', { class: 'link', attrs: { type: 'button', 'data-action': 'pickFile', 'data-focus-key': 'pickFile' }, on: { click: () => this.host.postMessage({ type: 'pickFile' }) } }, 'Open one…')),
        h('section', { attrs: { id: 'warmth', 'aria-label': 'Cache warmth', 'aria-live': 'off' } }, warmthList(countedRuns(s.records), hostNow(s, Date.now())))),
      s.comparison ? comparisonView(s.comparison, s.comparisonSort ?? DEFAULT_SORT, s.liveCells, s.comparisonStatus, this.comparisonHandlers) : null,
      s.live ? this.liveSection() : null,
      selected
        ? h('section', { attrs: { id: 'run', 'aria-labelledby': 'run-title' } },
            h('h2', { attrs: { id: 'run-title' } }, heading),
            ...(isFailedRun(selected)
              // A refused run has no figures and no ribbon to paint: its error and a Retry say it all.
              ? [failedRunCard(selected, heading, retry)]
              : [
                  usageCard(selected, heading, this.compareWithPrevious(selected)),
                  payoffNote(selected),
                  h('h3', {}, 'Prefix ribbon'),
                  ribbon(selected, (startLine) => this.host.postMessage({ type: 'revealBlock', startLine })),
                ]))
        : null,
      compared.length === 2
        ? h('section', { attrs: { id: 'compare', 'aria-labelledby': 'compare-title' } }, h('h2', { attrs: { id: 'compare-title' } }, 'Compare'), compareView(compared[0], compared[1], (older, newer) => this.host.postMessage({ type: 'compareRequests', runIds: [older, newer] })))
        : null,
      h('section', { attrs: { id: 'history', 'aria-labelledby': 'history-title' } },
        h('h2', { attrs: { id: 'history-title' } }, 'History'),
        historyToolbar(view, this.historyHandlers),
        compared.length < 2 && s.records.length > 1 ? h('p', { class: 'muted hint' }, 'Tick two runs to compare them side by side.') : null,
        historyTable(view, this.historyHandlers)),
      countedRuns(shown).length > 0
        ? h('section', { attrs: { id: 'charts', 'aria-labelledby': 'charts-title' } },
            h('h2', { attrs: { id: 'charts-title' } }, 'Charts'),
            h('div', { class: 'charts' }, inputSplitChart(newestFirst(countedRuns(shown)).reverse()), costChart(newestFirst(countedRuns(shown)).reverse())))
        : null,
      h('section', { attrs: { id: 'summary', 'aria-labelledby': 'summary-title' } },
        h('h2', { attrs: { id: 'summary-title' } }, 'Efficiency'),
        summaryView(shown)),
    ];
    this.root.replaceChildren(...sections.filter((section) => section !== null));
    if (focusKey) this.root.querySelector<HTMLElement>(`[data-focus-key="${CSS.escape(focusKey)}"]`)?.focus();
  }

  private liveSection(): HTMLElement {
    const live = this.state.live!;
    return h('section', { attrs: { id: 'live', 'aria-labelledby': 'live-title' } },
      h('h2', { attrs: { id: 'live-title' } }, live.running ? 'Running' : 'Last run output'),
      h('div', { class: 'toolbar' },
        h('span', { class: 'muted ellipsis', attrs: { 'data-field': 'liveModel', title: live.model } }, `${shortModelName(live.model)} · started ${formatTimestamp(live.startedAt)}`),
        h('span', { class: 'spacer' }),
        live.running
          ? h('button', {
              attrs: { type: 'button', 'data-action': 'cancel', 'data-focus-key': 'cancel' },
              on: { click: () => this.host.postMessage({ type: 'cancel', runId: live.runId }) },
            }, icon('debug-stop'), ' Stop')
          : null),
      // A run that left a record shows its error on the card below; saying it twice is noise.
      live.error && !this.state.records.some((r) => r.id === live.runId)
        ? h('p', { class: 'error' }, icon('error'), h('span', { attrs: { 'data-field': 'liveError' } }, live.error))
        : null,
      // Model output is untrusted: it only ever becomes Text nodes. A run that ended with no
      // output (refused) leaves no empty box behind.
      !live.running && !live.text ? null : h('pre', { class: 'output', attrs: { 'data-live-output': '', 'aria-live': 'polite', tabindex: 0, 'aria-label': 'Model output' } }, live.text));
  }
}
