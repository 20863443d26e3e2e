/**
 * The cost preview as text: a Markdown block for hovers and a plain table for the CLI. Both show
 * the price date, because prices change and the figures are only as good as the table.
 */
import { formatTokens, formatUsd } from '../shared/numberFormat';
import type { CostPreview, CostScenario } from './costPreview';

function ttlName(s: CostScenario, writtenTtl?: '5m' | '1h'): string {
  const name = s.label === '5m' ? '5 min' : s.label === '1h' ? '1 hour' : 'as written';
  const asWritten = s.label === writtenTtl ? ' (as written)' : '';
  return `${name}${asWritten}${s.estimate ? ' (est.)' : ''}`;
}

/** The one TTL the file's points use, when they all use the same one (the column that is "as written"). */
function writtenTtlOf(preview: CostPreview): '5m' | '1h' | undefined {
  const first = preview.main?.first;
  if (!first) return undefined;
  if (first.cacheWrite1hTokens > 0 && first.cacheWrite5mTokens === 0) return '1h';
  if (first.cacheWrite5mTokens > 0 && first.cacheWrite1hTokens === 0) return '5m';
  return undefined;
}

/** Calls over which the one-line summary states the saving: a round number people can scale. */
export const SUMMARY_CALLS = 100;

/**
 * The cost preview in one line, for the top of the `model:` hover: first call, each later call,
 * break-even and the saving over SUMMARY_CALLS calls within the TTL, for the file as written.
 * Undefined when there is nothing to price.
 */
export function formatCostSummary(preview: CostPreview): string | undefined {
  const s = preview.main;
  if (!s || preview.withoutCacheUSD === undefined) {
    return preview.withoutCacheUSD !== undefined ? `**Cost** · each call ${formatUsd(preview.withoutCacheUSD)} (no cache point)` : undefined;
  }
  const ttl = writtenTtlOf(preview);
  const as = ttl ? `${ttl === '1h' ? '1-hour' : '5-minute'} TTL as written` : 'as written';
  const saving = SUMMARY_CALLS * preview.withoutCacheUSD - (s.firstCallUSD + (SUMMARY_CALLS - 1) * s.laterCallUSD);
  const est = s.estimate ? ' (est.)' : '';
  return `**Cost** (${as}${est}): first call ${formatUsd(s.firstCallUSD)} · each later call ${formatUsd(s.laterCallUSD)} · pays off ${breakEvenText(s)} · ` +
    `${saving >= 0 ? 'saves' : 'costs'} ${formatUsd(Math.abs(saving))} ${saving >= 0 ? 'per' : 'more per'} ${SUMMARY_CALLS} calls`;
}

/** Why a column is marked "(est.)": Bedrock does not publish a 1-hour write price. */
const ESTIMATE_NOTE = '(est.): Bedrock does not publish the 1-hour cache write price; it is estimated at 2× input, Anthropic\'s own rate.';

function breakEvenText(s: CostScenario): string {
  if (s.breakEvenReuses === null) return 'never';
  if (s.breakEvenReuses === 0) return 'from the first call';
  return `after ${s.breakEvenReuses} reuse${s.breakEvenReuses === 1 ? '' : 's'}`;
}

function writes(s: CostScenario, call: 'first' | 'later'): number {
  return s[call].cacheWrite5mTokens + s[call].cacheWrite1hTokens;
}

interface Table {
  header: string[];
  rows: string[][];
}

function table(preview: CostPreview): Table | undefined {
  const columns = preview.byTtl.length > 0 ? preview.byTtl : preview.main ? [preview.main] : [];
  if (columns.length === 0) return undefined;
  const n = preview.expectedReuses;
  const first = columns[0];
  const written = writtenTtlOf(preview);
  return {
    header: ['', ...columns.map((c) => ttlName(c, written))],
    rows: [
      [`first call (writes ${formatTokens(writes(first, 'first'))})`, ...columns.map((s) => formatUsd(s.firstCallUSD))],
      [`each later call within the TTL (reads ${formatTokens(first.later.cacheReadInputTokens)}${writes(first, 'later') ? `, writes ${formatTokens(writes(first, 'later'))}` : ''})`,
        ...columns.map((s) => formatUsd(s.laterCallUSD))],
      ['without cache points, per call', ...columns.map(() => formatUsd(preview.withoutCacheUSD ?? 0))],
      ['break-even', ...columns.map(breakEvenText)],
      [`saved over ${n + 1} calls`, ...columns.map((s) => formatUsd(s.sequenceSavingUSD))],
    ],
  };
}

function heading(preview: CostPreview): string {
  const source = preview.source === 'file' ? `your ${preview.pointCount} cache point${preview.pointCount === 1 ? '' : 's'}`
    : preview.source === 'suggested' ? `the ${preview.pointCount} suggested cache point${preview.pointCount === 1 ? '' : 's'}` : 'no cache point';
  const date = preview.priceDate ? `prices of ${preview.priceDate}` : 'no price date';
  const output = preview.outputTokens > 0 ? `${formatTokens(preview.outputTokens)} output tokens` : 'input tokens only';
  // Local counts are calibrated estimates: say so next to the number they feed.
  const input = preview.countEstimate ? `≈ ${formatTokens(preview.inputTokens)} input tokens (${preview.countEstimate})` : `${formatTokens(preview.inputTokens)} input tokens`;
  return `${preview.modelName}, ${input}, with ${source} (${date}, ${output})`;
}

export function formatCostMarkdown(preview: CostPreview): string {
  const lines = [`**Cost preview** — ${escapeMd(heading(preview))}`, ''];
  const t = table(preview);
  if (t) {
    lines.push(`| ${t.header.map(escapeMd).join(' | ')} |`, `| ${t.header.map(() => '---').join(' | ')} |`);
    for (const row of t.rows) lines.push(`| ${row.map(escapeMd).join(' | ')} |`);
  } else if (preview.withoutCacheUSD !== undefined) {
    lines.push(`Each call: ${formatUsd(preview.withoutCacheUSD)}`);
  }
  for (const note of notes(preview)) lines.push('', `_${escapeMd(note)}_`);
  return lines.join('\n');
}

export function formatCostTable(preview: CostPreview): string {
  const lines = [`Cost preview: ${heading(preview)}`];
  const t = table(preview);
  if (t) {
    const all = [t.header, ...t.rows];
    const widths = t.header.map((_, i) => Math.max(...all.map((r) => r[i].length)));
    for (const row of all) lines.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd());
  } else if (preview.withoutCacheUSD !== undefined) {
    lines.push(`each call: ${formatUsd(preview.withoutCacheUSD)}`);
  }
  for (const note of notes(preview)) lines.push(`note: ${note}`);
  return lines.join('\n');
}

function notes(preview: CostPreview): string[] {
  const estimated = [preview.main, ...preview.byTtl].some((s) => s?.estimate);
  return estimated ? [...preview.notes, ESTIMATE_NOTE] : preview.notes;
}

/** Model names and notes are plain text: keep Markdown from reading them as markup. */
function escapeMd(text: string): string {
  return text.replace(/([\\`*_[\]|<>])/g, '\\$1');
}
