/** Two runs side by side, with the differences that matter for caching spelled out. */
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';
import { formatDuration, formatPercent, formatTokens, formatUsd } from '../../shared/numberFormat';
import { runMetrics } from '../runMetrics';
import { usageCard } from './usageCard';

/** @param onCompareRequests asks the host for a diff of the two requests (older first), when both were fingerprinted. */
export function compareView(a: UsageRecord, b: UsageRecord, onCompareRequests?: (olderId: string, newerId: string) => void): HTMLElement {
  // The older run is "A" so the differences read as "what changed since".
  const [first, second] = Date.parse(a.startedAt) <= Date.parse(b.startedAt) ? [a, b] : [b, a];
  const costDelta = second.costUSD - first.costUSD;
  const readDelta = second.usage.cacheReadInputTokens - first.usage.cacheReadInputTokens;
  const [ratioA, ratioB] = [runMetrics(first).hitRatio, runMetrics(second).hitRatio];
  const ratioDelta = ratioA === undefined || ratioB === undefined ? undefined : ratioB - ratioA;
  const latencyDelta = second.latencyMs !== undefined && first.latencyMs !== undefined ? second.latencyMs - first.latencyMs : undefined;
  const item = (field: string, label: string, value: string): HTMLElement[] => [h('dt', {}, label), h('dd', { attrs: { 'data-field': field } }, value)];
  return h('section', { class: 'compare', attrs: { 'aria-label': 'Comparison of two runs' } },
    h('div', { class: 'compare-cards' }, usageCard(first, 'Run A'), usageCard(second, 'Run B')),
    h('dl', { class: 'figures deltas', attrs: { 'aria-label': 'Run B minus run A' } },
      ...item('costDelta', 'Cost B − A', formatUsd(costDelta, { signed: true })),
      ...item('cacheReadDelta', 'Cache read B − A', formatTokens(readDelta, { signed: true })),
      ...item('hitRatioDelta', 'Hit ratio B − A', formatPercent(ratioDelta, { signed: true })),
      ...item('latencyDelta', 'Latency B − A', formatDuration(latencyDelta, { signed: true })),
    ),
    onCompareRequests && first.fingerprint && second.fingerprint
      ? h('button', { class: 'link', attrs: { type: 'button', 'data-action': 'compareRequestsAB', title: 'Open a diff of run A\'s and run B\'s requests as sent' }, on: { click: () => onCompareRequests(first.id, second.id) } },
          icon('diff'), ' Compare the two requests')
      : null);
}
