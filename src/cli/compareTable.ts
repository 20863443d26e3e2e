/** `compare`'s text output: the rows as a table, cheapest first, their notes, and the best choice. */
import { formatDuration, formatPercent, formatUsd } from '../shared/numberFormat';
import { formatDuration as formatInterval } from '../core/trafficPattern';
import type { CompareJson } from './compareJson';

export function formatCompareTable(json: CompareJson): string {
  const live = json.rows.some((r) => r.measured);
  const header = ['#', 'model', 'strategy', 'ttl', 'points', 'hit', 'cost', 'per call', 'vs none'];
  if (live) header.push('measured', 'm. hit', 'ttft');
  const rows = json.rows.map((r, i) => {
    const cells = [
      String(i + 1), r.model, r.strategy, r.ttl ?? '—', r.cachePointLines.length ? r.cachePointLines.join(' ') : '—',
      r.hitRatio === null ? '—' : formatPercent(r.hitRatio), r.costUSD === null ? '—' : formatUsd(r.costUSD),
      r.costPerCallUSD === null ? '—' : formatUsd(r.costPerCallUSD), r.savingVsNoneUSD === null ? '—' : formatUsd(r.savingVsNoneUSD, { signed: true }),
    ];
    if (live) cells.push(r.measured ? formatUsd(r.measured.costUSD) : '—', r.measured ? formatPercent(r.measured.hitRatio) : '—', r.measured ? formatDuration(r.measured.ttftMsMedian ?? undefined) : '—');
    return cells;
  });
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c].length)));
  const left = new Set([1, 2, 3, 4]);
  const line = (row: string[]) => row.map((cell, c) => (left.has(c) ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ').trimEnd();
  const out = [
    `${json.file}: ${json.calls} calls, ${formatInterval(json.intervalSeconds)} apart${json.traffic === 'history' ? ' (median gap of the run history)' : ''}`,
    line(header), ...rows.map(line),
  ];
  json.rows.forEach((r, i) => {
    for (const note of r.notes) out.push(`${i + 1}. ${note}`);
    if (r.measured?.invokedModels?.length) out.push(`${i + 1}. routed to ${r.measured.invokedModels.join(', ')}`);
  });
  for (const s of json.skipped) out.push(`skipped ${s.model}: ${s.reason}`);
  if (json.best) {
    out.push(json.best.strategy === 'none'
      ? `best: ${json.best.model} without cache points — for this traffic no cache point pays for its writes.`
      : `best: ${json.best.model}, strategy ${json.best.strategy}, ttl ${json.best.ttl}`);
  }
  if (json.experiment) out.push(`experiment ${json.experiment} (records tagged in the history)`);
  return out.join('\n');
}
