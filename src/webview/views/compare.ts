/** Two runs side by side, with the differences that matter for caching spelled out. */
import type { UsageRecord } from '../../shared/usageRecord';
import { h } from '../dom';
import { formatMs, formatPercent, formatTokens, formatUSD } from '../format';
import { runMetrics } from '../runMetrics';
import { usageCard } from './usageCard';

function signed(value: string, delta: number): string {
  return delta > 0 ? `+${value}` : delta < 0 ? `−${value.replace(/^−/, '')}` : value;
}

export function compareView(a: UsageRecord, b: UsageRecord): HTMLElement {
  // The older run is "A" so the differences read as "what changed since".
  const [first, second] = Date.parse(a.startedAt) <= Date.parse(b.startedAt) ? [a, b] : [b, a];
  const costDelta = second.costUSD - first.costUSD;
  const readDelta = second.usage.cacheReadInputTokens - first.usage.cacheReadInputTokens;
  const ratioDelta = runMetrics(second).hitRatio - runMetrics(first).hitRatio;
  const latencyDelta = second.latencyMs !== undefined && first.latencyMs !== undefined ? second.latencyMs - first.latencyMs : undefined;
  const item = (field: string, label: string, value: string): HTMLElement[] => [h('dt', {}, label), h('dd', { attrs: { 'data-field': field } }, value)];
  return h('section', { class: 'compare', attrs: { 'aria-label': 'Comparison of two runs' } },
    h('div', { class: 'compare-cards' }, usageCard(first, 'Run A'), usageCard(second, 'Run B')),
    h('dl', { class: 'figures deltas', attrs: { 'aria-label': 'Run B minus run A' } },
      ...item('costDelta', 'Cost B − A', signed(formatUSD(Math.abs(costDelta)), costDelta)),
      ...item('cacheReadDelta', 'Cache read B − A', signed(formatTokens(Math.abs(readDelta)), readDelta)),
      ...item('hitRatioDelta', 'Hit ratio B − A', signed(formatPercent(Math.abs(ratioDelta)), ratioDelta)),
      ...item('latencyDelta', 'Latency B − A', latencyDelta === undefined ? '—' : signed(formatMs(Math.abs(latencyDelta)), latencyDelta)),
    ));
}
