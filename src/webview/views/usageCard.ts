/** The usage card of one run: what Bedrock counted, what it cost and what the cache saved. */
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';
import { formatDuration, formatPercent, formatTokens, formatUsd } from '../../shared/numberFormat';
import { formatTimestamp } from '../format';
import { cacheCheckHeadline, reasonText } from '../../shared/cacheCheckText';
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
  const saved = record.replay ? ` (the original call cost ${formatUsd(record.replay.savedUSD)} and took ${formatDuration(record.replay.savedMs)}; stored ${formatTimestamp(record.replay.storedAt)})` : '';
  return `${REPLAY_TEXT}${saved}`;
}

/** Why this run read what it read: the verdict, each reason on its line, and a diff of the requests. */
function cacheCheckSection(record: UsageRecord, onCompare?: () => void): HTMLElement | null {
  const check = record.cacheCheck;
  if (!check) return null;
  const tone = check.verdict === 'miss' ? 'warning' : check.verdict === 'partial' ? 'partial' : 'ok';
  return h('section', { class: `cache-check ${tone}`, attrs: { 'data-field': 'cacheCheck', 'data-verdict': check.verdict } },
    h('p', { class: 'cache-check-head' }, icon(tone === 'ok' ? 'pass' : 'info'), ' ', h('span', { attrs: { 'data-field': 'cacheCheckHeadline' } }, cacheCheckHeadline(check))),
    check.reasons.length > 1
      ? h('ul', { class: 'cache-check-reasons' }, ...check.reasons.slice(1).map((r) => h('li', { attrs: { 'data-code': r.code } }, `[${r.code}] ${reasonText(r)}`)))
      : null,
    onCompare && check.verdict !== 'first' && check.verdict !== 'uncached'
      ? h('button', { class: 'link', attrs: { type: 'button', 'data-action': 'compareRequests', title: 'Open a diff of this request and the previous run\'s (secrets redacted, media as content hashes)' }, on: { click: onCompare } },
          icon('diff'), ' Compare requests with the previous run')
      : null,
  );
}

export function usageCard(record: UsageRecord, heading = 'Run', onCompare?: () => void): HTMLElement {
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
    ...row('costUSD', 'Cost', formatUsd(record.costUSD), `prices of ${record.priceDate}${(usage.cacheWrite1hTokens ?? 0) > 0
      ? '; the 1-hour cache write price is an estimate (2× input): Bedrock does not publish it' : ''}`),
    ...row('costWithoutCacheUSD', 'Without caching', formatUsd(record.costWithoutCacheUSD)),
    ...row('savingUSD', 'Saving', `${formatUsd(m.savingUSD)} (${formatPercent(m.savingRatio)})`),
    ...row('priceDate', 'Prices of', record.priceDate),
    ...row('latencyMs', 'Latency', formatDuration(record.latencyMs)),
    ...row('timeToFirstTokenMs', 'Time to first token', formatDuration(record.timeToFirstTokenMs)),
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
    cacheCheckSection(record, onCompare),
    h('dl', { class: 'figures' }, ...rows),
  );
}
