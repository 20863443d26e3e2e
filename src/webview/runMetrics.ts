/**
 * Figures derived from one record or a list of records. Dollars come only from the record's own
 * cost fields (priced when the run was recorded); the panel never re-prices a run.
 */
import { isFailedRun } from '../shared/runOutcome';
import { bedrockRuns, type UsageRecord } from '../shared/usageRecord';

export interface RunMetrics {
  /** cacheReadInputTokens ÷ totalInputTokens; undefined for a run without input (shown as "—"). */
  hitRatio?: number;
  /** costWithoutCacheUSD − costUSD: negative when a cache write cost more than it saved. */
  savingUSD: number;
  /** savingUSD ÷ costWithoutCacheUSD; undefined when that is 0 (shown as "—"). */
  savingRatio?: number;
}

export function runMetrics(record: UsageRecord): RunMetrics {
  // A replay made no Bedrock call: no prompt-cache hit and no prompt-cache saving to show.
  if (record.replayed) return { hitRatio: 0, savingUSD: 0, savingRatio: 0 };
  const { totalInputTokens, cacheReadInputTokens } = record.usage;
  const savingUSD = record.costWithoutCacheUSD - record.costUSD;
  return {
    hitRatio: totalInputTokens > 0 ? cacheReadInputTokens / totalInputTokens : undefined,
    savingUSD,
    savingRatio: record.costWithoutCacheUSD > 0 ? savingUSD / record.costWithoutCacheUSD : undefined,
  };
}

export interface EfficiencySummary {
  /** Runs counted in the figures: failed runs (refused, nothing counted) are not. */
  runs: number;
  /** Runs left out because Bedrock refused them. */
  failed: number;
  /** Cache-read tokens over all input tokens of all runs; undefined without input (no runs), shown as "—". */
  hitRatio?: number;
  /** Input tokens served from the cache instead of being processed again. */
  tokensFromCache: number;
  tokensWritten: number;
  savedUSD: number;
  costUSD: number;
  /** Mean latency of complete runs that read from the cache, and of those that did not (undefined: none). */
  avgLatencyHitMs?: number;
  avgLatencyMissMs?: number;
}

function mean(values: number[]): number | undefined {
  return values.length ? values.reduce((a, b) => a + b, 0) / values.length : undefined;
}

/** Bedrock prompt-cache efficiency: response cache replays are left out (see responseCacheSummary). */
export function efficiencySummary(all: readonly UsageRecord[]): EfficiencySummary {
  const records = bedrockRuns(all);
  let read = 0;
  let total = 0;
  let written = 0;
  let saved = 0;
  let cost = 0;
  const hit: number[] = [];
  const miss: number[] = [];
  let failed = 0;
  for (const r of records) {
    if (isFailedRun(r)) {
      failed++;
      continue;
    }
    read += r.usage.cacheReadInputTokens;
    total += r.usage.totalInputTokens;
    written += r.usage.cacheWriteInputTokens;
    saved += r.costWithoutCacheUSD - r.costUSD;
    cost += r.costUSD;
    // A broken or cancelled run's latency measures the break, not the model.
    if (r.latencyMs !== undefined && r.complete) (r.usage.cacheReadInputTokens > 0 ? hit : miss).push(r.latencyMs);
  }
  return {
    runs: records.length - failed,
    failed,
    hitRatio: total > 0 ? read / total : undefined,
    tokensFromCache: read,
    tokensWritten: written,
    savedUSD: saved,
    costUSD: cost,
    avgLatencyHitMs: mean(hit),
    avgLatencyMissMs: mean(miss),
  };
}

/** Running total of savings, oldest run first (the order a chart reads left to right). */
export function cumulativeSavings(oldestFirst: readonly UsageRecord[]): number[] {
  let sum = 0;
  return oldestFirst.map((r) => (sum += r.costWithoutCacheUSD - r.costUSD));
}

/** Newest first, by start time; ties keep their order. */
export function newestFirst(records: readonly UsageRecord[]): UsageRecord[] {
  return [...records].sort((a, b) => Date.parse(b.startedAt) - Date.parse(a.startedAt));
}

export function modelOf(record: UsageRecord): string {
  return record.invokedModel ? `${record.model} → ${record.invokedModel}` : record.model;
}

export interface ResponseCacheSummary {
  replays: number;
  /** What the replayed calls cost when they were made. */
  savedUSD: number;
  savedMs: number;
}

/** The response cache's share of a file's runs: how many were replayed and what that saved. */
export function responseCacheSummary(records: readonly UsageRecord[]): ResponseCacheSummary {
  let replays = 0;
  let savedUSD = 0;
  let savedMs = 0;
  for (const r of records) {
    if (!r.replayed) continue;
    replays++;
    savedUSD += r.replay?.savedUSD ?? 0;
    savedMs += r.replay?.savedMs ?? 0;
  }
  return { replays, savedUSD, savedMs };
}
