/** The usage card of one run: what Bedrock counted, what it cost and what the cache saved. */
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';
import { formatMs, formatPercent, formatTimestamp, formatTokens, formatUSD } from '../format';
import { modelOf, runMetrics } from '../runMetrics';

function row(field: string, label: string, value: string, hint?: string): HTMLElement[] {
  return [
    h('dt', {}, label),
    h('dd', { attrs: { 'data-field': field, title: hint } }, value),
  ];
}

/** The one wording, kept apart from Bedrock prompt caching everywhere. */
export const REPLAY_TEXT = 'Replayed from the response cache — no Bedrock call, $0';

function replayNote(record: UsageRecord): string {
  const saved = record.replay ? ` (the original call cost ${formatUSD(record.replay.savedUSD)} and took ${formatMs(record.replay.savedMs)}; stored ${formatTimestamp(record.replay.storedAt)})` : '';
  return `${REPLAY_TEXT}${saved}`;
}

export function usageCard(record: UsageRecord, heading = 'Run'): HTMLElement {
  const { usage } = record;
  const m = runMetrics(record);
  const split = usage.cacheWrite5mTokens !== undefined || usage.cacheWrite1hTokens !== undefined;
  const rows: HTMLElement[] = [
    ...row('inputTokens', 'Input (uncached)', formatTokens(usage.inputTokens)),
    ...row('cacheReadInputTokens', 'Cache read', formatTokens(usage.cacheReadInputTokens)),
    ...(split
      ? [
          ...row('cacheWrite5mTokens', 'Cache write 5m', formatTokens(usage.cacheWrite5mTokens ?? 0)),
          ...row('cacheWrite1hTokens', 'Cache write 1h', formatTokens(usage.cacheWrite1hTokens ?? 0)),
        ]
      : row('cacheWriteInputTokens', 'Cache write', formatTokens(usage.cacheWriteInputTokens))),
    ...row('outputTokens', 'Output', formatTokens(usage.outputTokens)),
    ...row('totalInputTokens', 'Total input', formatTokens(usage.totalInputTokens), 'uncached + cache read + cache write'),
    ...row('hitRatio', 'Cache hit ratio', formatPercent(m.hitRatio), 'cache read ÷ total input'),
    ...row('costUSD', 'Cost', formatUSD(record.costUSD), `prices of ${record.priceDate}`),
    ...row('costWithoutCacheUSD', 'Without caching', formatUSD(record.costWithoutCacheUSD)),
    ...row('savingUSD', 'Saving', `${formatUSD(m.savingUSD)} (${formatPercent(m.savingRatio)})`),
    ...row('priceDate', 'Prices of', record.priceDate),
    ...row('latencyMs', 'Latency', formatMs(record.latencyMs)),
    ...row('timeToFirstTokenMs', 'Time to first token', formatMs(record.timeToFirstTokenMs)),
    ...row('stopReason', 'Stop reason', record.stopReason ?? '—'),
  ];
  if (record.replayed) rows.unshift(...row('replayed', 'Response cache', replayNote(record), 'The same request was answered before; its stored answer was played back.'));
  const saving = m.savingUSD > 0 ? 'saving' : m.savingUSD < 0 ? 'extra' : 'even';
  return h('article', { class: `card ${saving}${record.complete ? '' : ' incomplete'}`, attrs: { 'data-run-id': record.id, 'aria-label': `${heading}: ${modelOf(record)} at ${formatTimestamp(record.startedAt)}` } },
    h('header', { class: 'card-head' },
      h('h3', {}, heading),
      h('span', { class: 'muted', attrs: { 'data-field': 'model' } }, modelOf(record)),
      h('span', { class: 'muted' }, formatTimestamp(record.startedAt)),
      !record.complete && h('span', { class: 'badge warning', attrs: { 'data-field': 'incomplete' } }, icon('warning'), ' Incomplete'),
      record.replayed && h('span', { class: 'badge', attrs: { 'data-field': 'replayedBadge', title: REPLAY_TEXT } }, icon('history'), ' Replayed'),
    ),
    record.error ? h('p', { class: 'error' }, icon('error'), h('span', { attrs: { 'data-field': 'error' } }, record.error)) : null,
    h('dl', { class: 'figures' }, ...rows),
  );
}
