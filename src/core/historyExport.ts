/**
 * A file's run history as CSV (one row per run, the figures a spreadsheet needs) or JSON (the
 * records as stored). RFC 4180 quoting; cells that a spreadsheet would run as a formula are
 * prefixed with a quote, since model names and errors come from outside.
 */
import type { ExportFormat } from '../shared/protocol';
import type { UsageRecord } from '../shared/usageRecord';

const COLUMNS: Array<[string, (r: UsageRecord) => string | number | boolean | undefined]> = [
  ['id', (r) => r.id],
  ['file', (r) => r.file],
  ['startedAt', (r) => r.startedAt],
  ['model', (r) => r.model],
  ['invokedModel', (r) => r.invokedModel],
  ['region', (r) => r.region],
  ['inputTokens', (r) => r.usage.inputTokens],
  ['cacheReadInputTokens', (r) => r.usage.cacheReadInputTokens],
  ['cacheWriteInputTokens', (r) => r.usage.cacheWriteInputTokens],
  ['cacheWrite5mTokens', (r) => r.usage.cacheWrite5mTokens],
  ['cacheWrite1hTokens', (r) => r.usage.cacheWrite1hTokens],
  ['outputTokens', (r) => r.usage.outputTokens],
  ['totalInputTokens', (r) => r.usage.totalInputTokens],
  ['costUSD', (r) => r.costUSD],
  ['costWithoutCacheUSD', (r) => r.costWithoutCacheUSD],
  ['savingUSD', (r) => r.costWithoutCacheUSD - r.costUSD],
  ['priceDate', (r) => r.priceDate],
  ['latencyMs', (r) => r.latencyMs],
  ['timeToFirstTokenMs', (r) => r.timeToFirstTokenMs],
  ['stopReason', (r) => r.stopReason],
  ['complete', (r) => r.complete],
  ['error', (r) => r.error],
  ['replayed', (r) => r.replayed === true],
  ['replaySavedUSD', (r) => r.replay?.savedUSD],
  ['experiment', (r) => r.experiment?.id],
  ['experimentCell', (r) => r.experiment?.cell],
];

function csvCell(value: string | number | boolean | undefined): string {
  if (value === undefined) return '';
  let text = String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function historyToCsv(records: readonly UsageRecord[]): string {
  const lines = [COLUMNS.map(([name]) => name).join(',')];
  for (const record of records) lines.push(COLUMNS.map(([, get]) => csvCell(get(record))).join(','));
  return lines.join('\r\n') + '\r\n';
}

export function historyToJson(records: readonly UsageRecord[]): string {
  return JSON.stringify(records, null, 2) + '\n';
}

export function serializeHistory(records: readonly UsageRecord[], format: ExportFormat): string {
  return format === 'csv' ? historyToCsv(records) : historyToJson(records);
}
