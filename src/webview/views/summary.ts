/**
 * The efficiency summary over the runs shown (after the model filter). Bedrock prompt-cache
 * figures count only runs that reached Bedrock; response cache replays get their own lines, and
 * failed runs are counted apart, never in the figures.
 */
import type { UsageRecord } from '../../shared/usageRecord';
import { h } from '../dom';
import { NO_VALUE, formatDuration, formatPercent, formatTokens, formatUsd } from '../../shared/numberFormat';
import { efficiencySummary, responseCacheSummary } from '../runMetrics';

export function summaryView(records: readonly UsageRecord[]): HTMLElement {
  const sum = efficiencySummary(records);
  const replays = responseCacheSummary(records);
  const item = (field: string, label: string, value: string): HTMLElement[] => [h('dt', {}, label), h('dd', { attrs: { 'data-field': field } }, value)];
  return h('dl', { class: 'figures summary' },
    ...item('runs', 'Runs', sum.failed > 0 ? `${sum.runs} (${sum.failed} failed, not counted)` : String(sum.runs)),
    ...item('hitRatio', 'Hit ratio over runs', formatPercent(sum.hitRatio)),
    ...item('tokensFromCache', 'Tokens read from cache', formatTokens(sum.tokensFromCache)),
    ...item('tokensWritten', 'Tokens written to cache', formatTokens(sum.tokensWritten)),
    ...item('costUSD', 'Spent', sum.runs > 0 ? formatUsd(sum.costUSD) : NO_VALUE),
    ...item('savedUSD', 'Saved by caching', sum.runs > 0 ? formatUsd(sum.savedUSD) : NO_VALUE),
    ...item('avgLatencyHitMs', 'Average latency, cache hit', formatDuration(sum.avgLatencyHitMs)),
    ...item('avgLatencyMissMs', 'Average latency, no hit', formatDuration(sum.avgLatencyMissMs)),
    ...(replays.replays > 0 ? [
      ...item('replays', 'Replayed from the response cache (no Bedrock call)', String(replays.replays)),
      ...item('replaySavedUSD', 'Saved by the response cache', `${formatUsd(replays.savedUSD)}, ${formatDuration(replays.savedMs)}`),
    ] : []),
  );
}
