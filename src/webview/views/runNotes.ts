/**
 * What goes around the usage card for runs whose figures alone mislead: a failed run (refused by
 * Bedrock, nothing counted) gets its error and a Retry instead of a card of zeros; a run that
 * wrote the cache gets the write premium and the call from which the prompt pays off.
 */
import { payoffSentence, type CachePayoff } from '../../shared/cachePayoff';
import type { UsageRecord } from '../../shared/usageRecord';
import { h, icon } from '../dom';
import { formatTimestamp } from '../format';
import { modelOf } from '../runMetrics';

export function failedRunCard(record: UsageRecord, heading: string, retry: () => void): HTMLElement {
  return h('article', { class: 'card failed', attrs: { 'data-run-id': record.id, 'data-failed': '', 'aria-label': `${heading}: failed, ${modelOf(record)} at ${formatTimestamp(record.startedAt)}` } },
    h('header', { class: 'card-head' },
      h('h3', {}, heading),
      h('span', { class: 'badge error-badge' }, icon('error'), ' Failed'),
      h('span', { class: 'muted ellipsis', attrs: { 'data-field': 'model', title: modelOf(record) } }, modelOf(record)),
      h('span', { class: 'muted' }, formatTimestamp(record.startedAt))),
    h('p', { class: 'error' }, h('span', { attrs: { 'data-field': 'error' } }, record.error ?? 'The run failed.')),
    h('p', { class: 'muted' }, 'Bedrock counted no tokens, so this run costs nothing and is left out of the totals, averages and charts.'),
    h('div', { class: 'toolbar' },
      h('button', { attrs: { type: 'button', 'data-action': 'retry', 'data-focus-key': 'retry' }, on: { click: retry } }, icon('refresh'), ' Retry')));
}

function validPayoff(value: unknown): value is CachePayoff {
  const p = value as Partial<CachePayoff> | undefined;
  return !!p && (p.ttl === '5m' || p.ttl === '1h') && [p.writtenTokens, p.writePremiumUSD, p.readSavingUSD].every((n) => typeof n === 'number' && Number.isFinite(n));
}

/** The payoff sentence under the card of a run that wrote the cache; null for other runs. */
export function payoffNote(record: UsageRecord): HTMLElement | null {
  if (!validPayoff(record.payoff) || record.usage.cacheWriteInputTokens <= 0) return null;
  return h('p', { class: 'payoff', attrs: { 'data-field': 'payoff' } }, icon('info'), ' ', payoffSentence(record.payoff));
}
