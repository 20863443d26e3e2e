/**
 * Every run of the file, newest first: a model filter, a row per run with a button that shows
 * it in the card and a checkbox that picks it for the side-by-side comparison.
 */
import type { ExportFormat } from '../../shared/protocol';
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';
import { formatTokens, formatUsd } from '../../shared/numberFormat';
import { formatTimestamp } from '../format';
import { modelOf, runMetrics } from '../runMetrics';

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
}

export function historyToolbar(view: HistoryView, on: HistoryHandlers): HTMLElement {
  const select = h('select', { attrs: { id: 'model-filter', 'data-focus-key': 'model-filter' }, on: { change: () => on.filter(select.value) } },
    h('option', { attrs: { value: '' } }, 'All models'),
    ...view.models.map((model) => h('option', { attrs: { value: model } }, model)));
  select.value = view.modelFilter;
  return h('div', { class: 'toolbar' },
    h('label', { attrs: { for: 'model-filter' } }, 'Model'), select,
    h('span', { class: 'spacer' }),
    h('button', { class: 'secondary', attrs: { type: 'button', 'data-export': 'csv', 'data-focus-key': 'export-csv' }, on: { click: () => on.export('csv') } }, icon('export'), ' Export CSV'),
    h('button', { class: 'secondary', attrs: { type: 'button', 'data-export': 'json', 'data-focus-key': 'export-json' }, on: { click: () => on.export('json') } }, icon('json'), ' Export JSON'),
  );
}

export function historyTable(view: HistoryView, on: HistoryHandlers): HTMLElement {
  if (view.records.length === 0) return h('p', { class: 'muted' }, 'No runs yet. Run the prompt to see its usage here.');
  return h('table', { class: 'history', attrs: { 'aria-label': 'Run history, newest first' } },
    h('thead', {}, h('tr', {},
      h('th', { attrs: { scope: 'col' } }, 'Compare'), h('th', { attrs: { scope: 'col' } }, 'Started (UTC)'), h('th', { attrs: { scope: 'col' } }, 'Model'),
      h('th', { attrs: { scope: 'col' } }, 'Total input'), h('th', { attrs: { scope: 'col' } }, 'Read'), h('th', { attrs: { scope: 'col' } }, 'Write'),
      h('th', { attrs: { scope: 'col' } }, 'Output'), h('th', { attrs: { scope: 'col' } }, 'Cost'), h('th', { attrs: { scope: 'col' } }, 'Saving'), h('th', { attrs: { scope: 'col' } }, 'Status'))),
    h('tbody', {}, ...view.records.map((r) => {
      const selected = r.id === view.selectedRunId;
      const started = formatTimestamp(r.startedAt);
      const compare = h('input', {
        attrs: { type: 'checkbox', 'aria-label': `Compare run of ${started}`, 'data-compare': r.id, 'data-focus-key': `compare-${r.id}` },
        on: { change: () => on.toggleCompare(r.id) },
      });
      compare.checked = view.compareRunIds.includes(r.id);
      return h('tr', { class: selected ? 'selected' : '', attrs: { 'data-run-id': r.id } },
        h('td', {}, compare),
        h('td', {}, h('button', {
          class: 'link', attrs: { type: 'button', 'aria-pressed': selected, 'data-select': r.id, 'data-focus-key': `select-${r.id}`, 'aria-label': `Show run of ${started}` },
          on: { click: () => on.select(r.id) },
        }, started)),
        h('td', {}, modelOf(r)),
        h('td', { class: 'num' }, formatTokens(r.usage.totalInputTokens)),
        h('td', { class: 'num' }, formatTokens(r.usage.cacheReadInputTokens)),
        h('td', { class: 'num' }, formatTokens(r.usage.cacheWriteInputTokens)),
        h('td', { class: 'num' }, formatTokens(r.usage.outputTokens)),
        h('td', { class: 'num' }, formatUsd(r.costUSD)),
        h('td', { class: 'num' }, formatUsd(runMetrics(r).savingUSD)),
        h('td', { attrs: r.replayed ? { 'data-field': 'replayed', title: 'Replayed from the response cache — no Bedrock call, $0' } : {} },
          !r.complete ? 'incomplete' : r.error ? 'error' : r.replayed ? `replayed (${r.stopReason ?? 'done'})` : (r.stopReason ?? 'done')));
    })));
}
