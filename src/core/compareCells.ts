/**
 * One cell of a comparison as something that can be sent: the prompt's text with the cell's
 * strategy applied (its suggested cache points inserted at the cell's TTL), the model ID a call
 * uses, and what a measured cell adds to its row.
 */
import type { CacheTtl } from '../shared/usageRecord';
import type { Analysis } from './analysis';
import { planCachePoints } from './cachePlanner';
import type { CompareStrategy } from './compareProjection';
import type { ModelRow } from './modelCatalog';
import type { CacheSettings } from './promptConfig';
import type { TextEdit } from './planner/cachePointFixes';
import { markerText } from './planner/ttlChoice';
import { applyEdits, insertionEdit } from './suggestionEdits';

export interface CellText {
  text: string;
  /** Send without any cache point (the `none` cell). */
  withoutCachePoints: boolean;
}

/** The text a cell sends: `none` sends the file as is but without cache points. */
export function cellText(text: string, analysis: Analysis, strategy: CompareStrategy, ttl: CacheTtl | null, settings: CacheSettings): CellText {
  if (strategy === 'none') return { text, withoutCachePoints: true };
  const wanted = ttl ?? '5m';
  const suggestions = planCachePoints(analysis, { ...settings, strategy, defaultTtl: wanted });
  // The projection prices every point at the cell's TTL, so the file's own markers are sent at it too.
  const retimed: TextEdit[] = analysis.cachePoints
    .filter((p) => p.field !== 'tools' && (p.ttl ?? '5m') !== wanted)
    .map((p) => ({ range: p.range, newText: markerText(wanted) }));
  const edits = [...retimed, ...suggestions.map(insertionEdit)];
  return { text: edits.length ? applyEdits(text, edits) : text, withoutCachePoints: false };
}

/**
 * The ID a live call names: a model that needs an inference profile gets the geography of the
 * file's own model (or `us`), so `compare` can run catalog IDs the way `run` would.
 */
export function requestModelId(row: ModelRow, fileProfilePrefix?: string): string {
  return row.requiresProfile ? `${fileProfilePrefix ?? 'us'}.${row.id}` : row.id;
}

export interface Measured {
  runs: number;
  costUSD: number;
  /** Cache read ÷ all input, over the cell's runs. */
  hitRatio: number;
  /** null when no run reported a first token. */
  ttftMsMedian: number | null;
}

export interface MeasuredRun {
  costUSD: number;
  usage: { cacheReadInputTokens: number; totalInputTokens: number };
  timeToFirstTokenMs?: number;
}

export function summarizeRuns(runs: readonly MeasuredRun[]): Measured {
  const read = runs.reduce((s, r) => s + r.usage.cacheReadInputTokens, 0);
  const total = runs.reduce((s, r) => s + r.usage.totalInputTokens, 0);
  const ttfts = runs.map((r) => r.timeToFirstTokenMs).filter((t): t is number => t !== undefined).sort((a, b) => a - b);
  const mid = Math.floor(ttfts.length / 2);
  return {
    runs: runs.length,
    costUSD: runs.reduce((s, r) => s + r.costUSD, 0),
    hitRatio: total > 0 ? read / total : 0,
    ttftMsMedian: ttfts.length === 0 ? null : ttfts.length % 2 ? ttfts[mid] : (ttfts[mid - 1] + ttfts[mid]) / 2,
  };
}
