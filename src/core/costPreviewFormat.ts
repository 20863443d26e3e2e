/**
 * The cost preview as text: a Markdown block for hovers and a plain table for the CLI. Both show
 * the price date, because prices change and the figures are only as good as the table.
 */
import { formatTokens, formatUsd } from '../shared/numberFormat';
import type { CostPreview, CostScenario } from './costPreview';

function ttlName(s: CostScenario): string {
  const name = s.label === '5m' ? '5 min' : s.label === '1h' ? '1 hour' : 'as written';
  return s.estimate ? `${name} (est.)` : name;
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
  return {
    header: ['', ...columns.map(ttlName)],
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
