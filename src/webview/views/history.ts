/**
 * Every run of the file, newest first: a model filter, a row per run with a button that shows
 * it in the card and a checkbox that picks it for the side-by-side comparison. Built for a
 * side-by-side panel (~600 px): short stamps and model names with the full ones in tooltips, and
 * the token columns marked `minor` so the stylesheet drops them when the panel is narrow.
 */
import type { ExportFormat } from '../../shared/protocol';
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';
import { formatTokens, formatUsd } from '../../shared/numberFormat';
import { formatShortTimestamp, formatTimestamp } from '../format';
import { modelOf, runMetrics } from '../runMetrics';
import { shortModelName } from '../../shared/modelNames';
import { isFailedRun } from '../../shared/runOutcome';

export interface HistoryHandlers {
  select(runId: string): void;
  toggleCompare(runId: string): void;
  filter(model: string): void;
  export(format: ExportFormat): void;
}

export interface HistoryView {
  records: readonly UsageRecord[];
  models: readonly string[];
  modelFilter: string;
  selectedRunId?: string;
  compareRunIds: readonly string[];
  /** A run is under way (its row appears when it finishes). */
  running?: boolean;
}

/** `us.anthropic.claude-sonnet-4-…` → `claude-sonnet-4 (us)`; a router run names both. */
function shortModelOf(r: UsageRecord): string {
  return r.invokedModel ? `${shortModelName(r.model)} → ${shortModelName(r.invokedModel)}` : shortModelName(r.model);
}

function statusOf(r: UsageRecord): string {
  if (isFailedRun(r)) return 'failed';
  if (!r.complete) return 'incomplete';
  if (r.error) return 'error';
  return r.replayed ? `replayed (${r.stopReason ?? 'done'})` : (r.stopReason ?? 'done');
}

export function historyToolbar(view: HistoryView, on: HistoryHandlers): HTMLElement {
  const select = h('select', { attrs: { id: 'model-filter', 'data-focus-key': 'model-filter' }, on: { change: () => on.filter(select.value) } },
    h('option', { attrs: { value: '' } }, 'All models'),
    ...view.models.map((model) => h('option', { attrs: { value: model, title: model } }, shortModelName(model))));
  select.value = view.modelFilter;
  select.title = view.modelFilter || 'All models';
  return h('div', { class: 'toolbar' },
    h('label', { attrs: { for: 'model-filter' } }, 'Model'), select,
    h('span', { class: 'spacer' }),
    h('button', { class: 'secondary', attrs: { type: 'button', 'data-export': 'csv', 'data-focus-key': 'export-csv' }, on: { click: () => on.export('csv') } }, icon('export'), ' Export CSV'),
    h('button', { class: 'secondary', attrs: { type: 'button', 'data-export': 'json', 'data-focus-key': 'export-json' }, on: { click: () => on.export('json') } }, icon('json'), ' Export JSON'),
  );
}

export function historyTable(view: HistoryView, on: HistoryHandlers): HTMLElement {
  if (view.records.length === 0) {
    return h('p', { class: 'muted', attrs: { 'data-field': 'historyEmpty' } }, view.running
      ? 'The first run of this file is under way; it is listed here when it finishes.'
      : 'No runs yet. Run the prompt (▶ in the editor title, or Ctrl+Alt+R) to see its usage here.');
  }
  const col = (label: string, minor = false, title?: string) => h('th', { class: minor ? 'minor' : undefined, attrs: { scope: 'col', title } }, label);
  return h('table', { class: 'history', attrs: { 'aria-label': 'Run history, newest first' } },
    h('thead', {}, h('tr', {},
      h('th', { class: 'check', attrs: { scope: 'col', title: 'Tick two runs to compare them' } }, h('span', { class: 'codicon codicon-diff', attrs: { 'aria-label': 'Compare' } })),
      col('Started', false, 'Start time, UTC'), col('Model'),
      col('Input', true, 'Total input tokens'), col('Read', true, 'Cache read tokens'), col('Write', true, 'Cache write tokens'),
      col('Output', true, 'Output tokens'), col('Cost'), col('Saving'), col('Status'))),
    h('tbody', {}, ...view.records.map((r) => {
      const selected = r.id === view.selectedRunId;
      const failed = isFailedRun(r);
      const started = formatTimestamp(r.startedAt);
      const compare = h('input', {
        attrs: { type: 'checkbox', 'aria-label': `Compare run of ${started}`, 'data-compare': r.id, 'data-focus-key': `compare-${r.id}` },
        on: { change: () => on.toggleCompare(r.id) },
      });
      compare.checked = view.compareRunIds.includes(r.id);
      return h('tr', { class: selected ? 'selected' : '', attrs: { 'data-run-id': r.id } },
        h('td', { class: 'check' }, compare),
        h('td', { class: 'stamp' }, h('button', {
          class: 'link', attrs: { type: 'button', title: `${started} UTC`, 'aria-pressed': selected, 'data-select': r.id, 'data-focus-key': `select-${r.id}`, 'aria-label': `Show run of ${started}` },
          on: { click: () => on.select(r.id) },
        }, formatShortTimestamp(r.startedAt))),
        h('td', { class: 'model', attrs: { title: modelOf(r), 'data-field': 'model' } }, shortModelOf(r)),
        ...(failed
          ? [h('td', { class: 'num minor', attrs: { colspan: 4 } }, '—'), h('td', { class: 'num' }, '—'), h('td', { class: 'num' }, '—')]
          : [
              h('td', { class: 'num minor' }, formatTokens(r.usage.totalInputTokens)),
              h('td', { class: 'num minor' }, formatTokens(r.usage.cacheReadInputTokens)),
              h('td', { class: 'num minor' }, formatTokens(r.usage.cacheWriteInputTokens)),
              h('td', { class: 'num minor' }, formatTokens(r.usage.outputTokens)),
              h('td', { class: 'num' }, formatUsd(r.costUSD)),
              h('td', { class: 'num' }, formatUsd(runMetrics(r).savingUSD)),
            ]),
        h('td', { class: `status${failed ? ' failed' : ''}`, attrs: { title: r.error ?? (r.replayed ? 'Replayed from the response cache — no Bedrock call, $0' : undefined), ...(r.replayed ? { 'data-field': 'replayed' } : {}) } }, statusOf(r)));
    })));
}
