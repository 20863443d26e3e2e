/**
 * Per-run charts in plain SVG, each followed by the same numbers as a table so the figures are
 * reachable without seeing the chart. Colours come from CSS classes bound to theme variables
 * (SVG presentation attributes cannot read CSS variables).
 */
import type { BreakEven, CostCurve } from '../../shared/comparisonView';
import type { UsageRecord } from '../../shared/usageRecord';
import { h, s } from '../dom';
import { formatTokens, formatUsd } from '../../shared/numberFormat';
import { formatTimestamp } from '../format';
import { cumulativeSavings } from '../runMetrics';

const HEIGHT = 120;
const GAP = 6;
/** Narrow histories still get a chart wide enough to read; long ones scroll. */
const MIN_WIDTH = 260;
const MAX_BAR = 36;
/** Charts show the most recent runs; the history table lists them all. */
export const CHART_RUNS = 40;

function figure(id: string, title: string, description: string, svg: SVGSVGElement, key: HTMLElement, table: HTMLTableElement): HTMLElement {
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-labelledby', `${id}-title ${id}-desc`);
  svg.prepend(s('title', { id: `${id}-title` }, title), s('desc', { id: `${id}-desc` }, description));
  return h('figure', { class: 'chart', attrs: { 'data-chart': id } },
    h('figcaption', {}, title),
    svg,
    key,
    h('details', { class: 'data-table' }, h('summary', {}, `${title} as a table`), table));
}

interface Layout { slot: number; bar: number; x(i: number): number }

function layout(count: number): Layout {
  const slot = Math.max(18 + GAP, (MIN_WIDTH - GAP) / Math.max(1, count));
  const bar = Math.min(slot - GAP, MAX_BAR);
  return { slot, bar, x: (i) => GAP + i * slot + (slot - GAP - bar) / 2 };
}

function frame(count: number, baseline = HEIGHT): SVGSVGElement {
  const width = Math.max(MIN_WIDTH, count * layout(count).slot + GAP);
  return s('svg', { viewBox: `0 0 ${width} ${HEIGHT}`, width, height: HEIGHT, class: 'chart-svg', focusable: 'false' },
    s('line', { x1: 0, x2: width, y1: baseline - 0.5, y2: baseline - 0.5, class: 'axis' }));
}

function legend(items: Array<[string, string]>): HTMLElement {
  return h('ul', { class: 'legend', attrs: { 'aria-hidden': 'true' } },
    ...items.map(([cls, text]) => h('li', {}, h('span', { class: `swatch ${cls}` }), text)));
}

/** Stacked bars: uncached, cache read and cache write input tokens of each run. */
export function inputSplitChart(oldestFirst: readonly UsageRecord[]): HTMLElement {
  const runs = oldestFirst.slice(-CHART_RUNS);
  const max = Math.max(1, ...runs.map((r) => r.usage.totalInputTokens));
  const svg = frame(runs.length);
  const { bar, x: xOf } = layout(runs.length);
  runs.forEach((r, i) => {
    const x = xOf(i);
    let y = HEIGHT;
    const parts: Array<[string, number, string]> = [
      ['uncached', r.usage.inputTokens, 'uncached'],
      ['read', r.usage.cacheReadInputTokens, 'cache read'],
      ['written', r.usage.cacheWriteInputTokens, 'cache write'],
    ];
    for (const [cls, tokens, name] of parts) {
      const height = (tokens / max) * (HEIGHT - 4);
      y -= height;
      if (height > 0) svg.appendChild(s('rect', { x, y, width: bar, height, class: `bar state-${cls}`, 'data-run-id': r.id }, s('title', {}, `${formatTimestamp(r.startedAt)} ${name}: ${formatTokens(tokens)}`)));
    }
  });
  const table = h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Uncached'), h('th', {}, 'Cache read'), h('th', {}, 'Cache write'))),
    h('tbody', {}, ...runs.map((r) => h('tr', {},
      h('td', {}, formatTimestamp(r.startedAt)), h('td', { class: 'num' }, formatTokens(r.usage.inputTokens)),
      h('td', { class: 'num' }, formatTokens(r.usage.cacheReadInputTokens)), h('td', { class: 'num' }, formatTokens(r.usage.cacheWriteInputTokens))))));
  const key = legend([['state-uncached', 'uncached'], ['state-read', 'cache read'], ['state-written', 'cache write']]);
  return figure('input-split', 'Input split per run', `Stacked input tokens of the last ${runs.length} runs, oldest first: uncached, cache read, cache write.`, svg, key, table);
}

/** Bars of each run's cost with a line of the savings accumulated so far. */
export function costChart(oldestFirst: readonly UsageRecord[]): HTMLElement {
  const runs = oldestFirst.slice(-CHART_RUNS);
  const cumulative = cumulativeSavings(oldestFirst).slice(-runs.length);
  const max = Math.max(1e-9, ...runs.map((r) => r.costUSD), ...cumulative.map(Math.abs));
  // A net loss so far (cache writes not yet paid back) puts the zero line in the middle.
  const negative = cumulative.some((c) => c < 0);
  const scale = (usd: number): number => ((usd / max) * (HEIGHT - 4)) / (negative ? 2 : 1);
  const baseline = negative ? HEIGHT / 2 : HEIGHT;
  const svg = frame(runs.length, baseline);
  const { bar, x: xOf } = layout(runs.length);
  runs.forEach((r, i) => {
    const x = xOf(i);
    const height = Math.max(0, scale(r.costUSD));
    svg.appendChild(s('rect', { x, y: baseline - height, width: bar, height, class: 'bar cost', 'data-run-id': r.id }, s('title', {}, `${formatTimestamp(r.startedAt)} cost ${formatUsd(r.costUSD)}`)));
  });
  if (runs.length > 0) {
    const points = cumulative.map((c, i) => `${xOf(i) + bar / 2},${baseline - scale(c)}`).join(' ');
    svg.appendChild(s('polyline', { points, class: 'savings-line' }));
  }
  const table = h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Run'), h('th', {}, 'Cost'), h('th', {}, 'Without caching'), h('th', {}, 'Saved so far'))),
    h('tbody', {}, ...runs.map((r, i) => h('tr', {},
      h('td', {}, formatTimestamp(r.startedAt)), h('td', { class: 'num' }, formatUsd(r.costUSD)),
      h('td', { class: 'num' }, formatUsd(r.costWithoutCacheUSD)), h('td', { class: 'num', attrs: { 'data-field': 'cumulativeSaving' } }, formatUsd(cumulative[i]))))));
  const key = legend([['cost', 'cost of the run'], ['savings', 'saved so far']]);
  return figure('cost', 'Cost per run and cumulative saving', `Cost of the last ${runs.length} runs as bars, oldest first, and the saving from caching accumulated over them as a line.`, svg, key, table);
}

const CURVE_WIDTH = 320;
const PAD = 4;

/**
 * Cost per call against calls per hour (log scale), one line per curve, with a dashed vertical
 * line at each break-even point (where one curve becomes cheaper than another).
 */
export function costCurveChart(model: string, curves: readonly CostCurve[], breakEvens: readonly BreakEven[]): HTMLElement {
  const rates = curves[0]?.points.map((p) => p.callsPerHour) ?? [];
  const low = Math.log(Math.min(...rates, 1));
  const high = Math.log(Math.max(...rates, 2));
  const max = Math.max(1e-12, ...curves.flatMap((c) => c.points.map((p) => p.costPerCallUSD)));
  const x = (rate: number) => PAD + ((Math.log(rate) - low) / (high - low)) * (CURVE_WIDTH - 2 * PAD);
  const y = (usd: number) => HEIGHT - PAD - (usd / max) * (HEIGHT - 2 * PAD - 10);
  const svg = s('svg', { viewBox: `0 0 ${CURVE_WIDTH} ${HEIGHT}`, width: CURVE_WIDTH, height: HEIGHT, class: 'chart-svg', focusable: 'false' },
    s('line', { x1: 0, x2: CURVE_WIDTH, y1: HEIGHT - 0.5, y2: HEIGHT - 0.5, class: 'axis' }));
  curves.forEach((curve, i) => {
    const points = curve.points.map((p) => `${x(p.callsPerHour).toFixed(1)},${y(p.costPerCallUSD).toFixed(1)}`).join(' ');
    svg.appendChild(s('polyline', { points, class: `curve curve-${i % 3}`, 'data-curve': curve.label }, s('title', {}, curve.label)));
  });
  for (const b of breakEvens) {
    const at = x(b.callsPerHour).toFixed(1);
    svg.appendChild(s('line', { x1: at, x2: at, y1: 0, y2: HEIGHT, class: 'break-even', 'data-break-even': b.callsPerHour },
      s('title', {}, `${b.cheaper} becomes cheaper than ${b.than} at ${formatRate(b.callsPerHour)} calls per hour`)));
  }
  const marked = [...new Set(breakEvens.map((b) => b.callsPerHour))];
  for (const rate of marked) svg.appendChild(s('text', { x: x(rate) + 2, y: 9, class: 'break-even-label' }, `${formatRate(rate)}/h`));
  const table = h('table', {},
    h('thead', {}, h('tr', {}, h('th', {}, 'Calls per hour'), ...curves.map((c) => h('th', {}, c.label)))),
    h('tbody', {}, ...rates.map((rate, r) => h('tr', {},
      h('td', { class: 'num' }, formatRate(rate)), ...curves.map((c) => h('td', { class: 'num' }, formatUsd(c.points[r].costPerCallUSD)))))));
  const key = legend([...curves.map((c, i): [string, string] => [`curve-${i % 3}`, c.label]), ['break-even', 'break-even']]);
  const evens = breakEvens.map((b) => `${b.cheaper} beats ${b.than} from ${formatRate(b.callsPerHour)} calls per hour`).join('; ');
  return figure('cost-curve', `Cost per call against calls per hour: ${model}`,
    `Cost per call of each caching choice as the traffic grows, log scale from ${formatRate(rates[0] ?? 0)} to ${formatRate(rates[rates.length - 1] ?? 0)} calls per hour. ${evens || 'No break-even point: the order never changes.'}`,
    svg, key, table);
}

function formatRate(rate: number): string {
  return rate >= 10 ? String(Math.round(rate)) : String(+rate.toPrecision(2));
}
