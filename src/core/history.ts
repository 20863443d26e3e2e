/**
 * The run history: every UsageRecord kept per .prompt file, newest last, capped so a file that is
 * run thousands of times does not grow the store without bound. Pure: reading and writing the
 * file is the Node layer's job (src/node/historyFile.ts).
 */
import type { UsageRecord } from '../shared/usageRecord';

export const HISTORY_VERSION = 1;
export const DEFAULT_HISTORY_LIMIT = 500;

export interface HistoryData {
  version: typeof HISTORY_VERSION;
  /** Workspace-relative .prompt path → its records, oldest first. */
  files: Record<string, UsageRecord[]>;
}

export type ParsedHistory =
  | { ok: true; data: HistoryData; /** Records that failed validation and were left out. */ dropped: number }
  | { ok: false; reason: string };

export function emptyHistory(): HistoryData {
  return { version: HISTORY_VERSION, files: {} };
}

/** Appends a record to its file's list and drops the oldest beyond `limit`. Returns a new value. */
export function appendRecord(data: HistoryData, record: UsageRecord, limit = DEFAULT_HISTORY_LIMIT): HistoryData {
  const cap = Math.max(1, Math.floor(limit));
  const list = [...(data.files[record.file] ?? []), record];
  return { ...data, files: { ...data.files, [record.file]: list.slice(Math.max(0, list.length - cap)) } };
}

/** Applies a new limit to every file, e.g. after the setting changed. */
export function capHistory(data: HistoryData, limit = DEFAULT_HISTORY_LIMIT): HistoryData {
  const cap = Math.max(1, Math.floor(limit));
  const files: Record<string, UsageRecord[]> = {};
  for (const [file, list] of Object.entries(data.files)) files[file] = list.slice(Math.max(0, list.length - cap));
  return { ...data, files };
}

export function recordsFor(data: HistoryData, file: string): UsageRecord[] {
  return data.files[file] ?? [];
}

export function clearFile(data: HistoryData, file: string): HistoryData {
  const files = { ...data.files };
  delete files[file];
  return { ...data, files };
}

export function serializeHistory(data: HistoryData): string {
  return JSON.stringify(data) + '\n';
}

const isNumber = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
const isString = (v: unknown) => typeof v === 'string';

/** Enough of a UsageRecord's shape that the panel can draw it without checking again. */
export function isUsageRecord(value: unknown): value is UsageRecord {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  const u = r.usage as Record<string, unknown> | undefined;
  return isString(r.id) && isString(r.file) && isString(r.startedAt) && isString(r.model) && isString(r.region)
    && typeof u === 'object' && u !== null
    && ['inputTokens', 'outputTokens', 'cacheReadInputTokens', 'cacheWriteInputTokens', 'totalInputTokens'].every((k) => isNumber(u[k]))
    && isNumber(r.costUSD) && isNumber(r.costWithoutCacheUSD) && typeof r.complete === 'boolean'
    && Array.isArray(r.cachePoints) && Array.isArray(r.blocks) && isString(r.text);
}

/**
 * Reads a history file's text. A file that is not a history at all is reported (the caller moves
 * it aside and starts afresh, so one bad byte never blocks runs); single bad records are dropped.
 */
export function parseHistory(text: string): ParsedHistory {
  if (text.trim() === '') return { ok: true, data: emptyHistory(), dropped: 0 };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { ok: false, reason: `not valid JSON (${(error as Error).message})` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return { ok: false, reason: 'not a JSON object' };
  const { version, files } = raw as { version?: unknown; files?: unknown };
  if (version !== HISTORY_VERSION) return { ok: false, reason: `unknown history version ${JSON.stringify(version)}` };
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return { ok: false, reason: '"files" is not an object' };
  const data = emptyHistory();
  let dropped = 0;
  for (const [file, list] of Object.entries(files as Record<string, unknown>)) {
    if (!Array.isArray(list)) return { ok: false, reason: `the entry for ${file} is not a list` };
    const good = list.filter(isUsageRecord);
    dropped += list.length - good.length;
    if (good.length > 0) data.files[file] = good;
  }
  return { ok: true, data, dropped };
}
