/**
 * The "Models, strategies and TTLs" section: the comparison as a table sortable by any column,
 * each row with its notes and an Apply button (writes the model, strategy and TTL into the
 * frontmatter), tick boxes to pick cells for a live run, and the cost-against-traffic chart.
 */
import type { ComparisonRow, ComparisonView } from '../../shared/comparisonView';
import { formatDuration, formatPercent, formatUsd } from '../../shared/numberFormat';
import { cellKey, sortRows, type ComparisonSort } from '../comparisonSort';
import { h, icon } from '../dom';
import { costCurveChart } from './charts';

export interface ComparisonHandlers {
  sort(key: string): void;
  apply(row: ComparisonRow): void;
  toggleLive(key: string): void;
  runLive(): void;
}

const COLUMNS: Array<[string, string, boolean]> = [
  ['model', 'Model', false], ['strategy', 'Strategy', false], ['ttl', 'TTL', false], ['points', 'Points', true],
  ['hitRatio', 'Hit ratio', true], ['costUSD', 'Cost', true], ['costPerCallUSD', 'Per call', true], ['savingVsNoneUSD', 'Saving vs none', true],
  ['measuredCostUSD', 'Measured', true], ['ttftMsMedian', 'First token', true],
];

function intervalText(seconds: number): string {
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(2)} h`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(2)} min`;
  return `${+seconds.toFixed(1)} s`;
}

export function comparisonView(view: ComparisonView, sort: ComparisonSort, liveCells: readonly string[], status: string | undefined, on: ComparisonHandlers): HTMLElement {
  const rows = sortRows(view.rows, sort);
  const bestKey = view.best ? cellKey(view.best) : '';
  const header = h('tr', {}, h('th', { attrs: { scope: 'col' } }, h('span', { class: 'visually-hidden' }, 'Run live')),
    ...COLUMNS.map(([key, label]) => h('th', {
      attrs: { scope: 'col', 'aria-sort': sort.key === key ? (sort.descending ? 'descending' : 'ascending') : undefined, 'data-sort-key': key },
    }, h('button', { attrs: { type: 'button', 'data-focus-key': `sort-${key}` }, on: { click: () => on.sort(key) } }, label))),
    h('th', { attrs: { scope: 'col' } }, 'Apply'));
  const body = rows.flatMap((row) => {
    const key = cellKey(row);
    const measured = row.measured;
    const cells = [
      row.modelName || row.model, row.strategy, row.ttl ?? '—', row.cachePointLines.length ? row.cachePointLines.join(', ') : '—',
      formatPercent(row.hitRatio ?? undefined), row.costUSD === null ? '—' : formatUsd(row.costUSD),
      row.costPerCallUSD === null ? '—' : formatUsd(row.costPerCallUSD), row.savingVsNoneUSD === null ? '—' : formatUsd(row.savingVsNoneUSD, { signed: true }),
      measured ? `${formatUsd(measured.costUSD)} (${measured.runs} runs, ${formatPercent(measured.hitRatio)} hit)` : '—',
      measured ? formatDuration(measured.ttftMsMedian ?? undefined) : '—',
    ];
    const applicable = row.strategy !== 'as written';
    const tr = h('tr', { class: key === bestKey ? 'best' : undefined, attrs: { 'data-cell': key } },
      h('td', {}, applicable ? h('input', {
        attrs: { type: 'checkbox', 'aria-label': `Run ${row.model} ${row.strategy} ${row.ttl ?? ''} live`, checked: liveCells.includes(key), 'data-focus-key': `live-${key}` },
        on: { change: () => on.toggleLive(key) },
      }) : null),
      ...cells.map((text, i) => h('td', { class: COLUMNS[i][2] ? 'num' : undefined, attrs: { 'data-field': COLUMNS[i][0] } }, text)),
      h('td', {}, applicable ? h('button', {
        attrs: { type: 'button', 'data-action': 'apply', 'data-focus-key': `apply-${key}`, title: 'Write this model, strategy and TTL into the frontmatter' },
        on: { click: () => on.apply(row) },
      }, 'Apply') : null));
    const notes = [...row.notes, ...(measured?.invokedModels?.length ? [`Routed to ${measured.invokedModels.join(', ')}.`] : [])];
    return notes.length ? [tr, h('tr', { class: 'notes' }, h('td', {}), h('td', { attrs: { colspan: COLUMNS.length + 1 } }, notes.join(' ')))] : [tr];
  });
  const best = view.best;
  return h('section', { class: 'comparison', attrs: { id: 'comparison', 'aria-labelledby': 'comparison-title' } },
    h('h2', { attrs: { id: 'comparison-title' } }, 'Models, strategies and TTLs'),
    h('p', { class: 'muted' }, `${view.calls} calls, one every ${intervalText(view.intervalSeconds)}. `,
      best ? (best.strategy === 'none'
        ? `Cheapest: ${best.model} without cache points — no cache point pays for its writes at this traffic.`
        : `Cheapest: ${best.model}, ${best.strategy}, ${best.ttl}.`) : ''),
    h('div', { class: 'toolbar' },
      h('button', {
        attrs: { type: 'button', 'data-action': 'compare-live', disabled: liveCells.length === 0 || status !== undefined, 'data-focus-key': 'compare-live' },
        on: { click: () => on.runLive() },
      }, icon('play'), ` Run ${liveCells.length || ''} selected live`),
      status ? h('span', { class: 'muted', attrs: { 'data-field': 'comparisonStatus', 'aria-live': 'polite' } }, status) : null),
    h('table', { attrs: { 'data-table': 'comparison' } }, h('thead', {}, header), h('tbody', {}, ...body)),
    view.curves.length ? h('div', { class: 'charts' }, costCurveChart(view.chartModel, view.curves, view.breakEvens)) : null);
}
