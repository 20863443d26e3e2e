/**
 * Turns the usage Bedrock reports for one call into the figures a UsageRecord holds: totals we
 * compute ourselves (Bedrock's `inputTokens` is only the uncached part and `totalTokens` may leave
 * cache tokens out), writes split by TTL, which of the file's cache points were read or written,
 * and the cost with and without caching, through the shared cost model.
 */
import type { CacheTtl, CachePointOutcome, UsageTokens } from '../shared/usageRecord';
import type { CachePayoff } from '../shared/cachePayoff';
import { callCostUSD, callTokensFromUsage, costWithoutCache, writePrice, type CallTokens } from './costModel';
import type { PriceRow } from './modelCatalog';

/** Bedrock's `usage` as it arrives (every field optional, as in the SDK's types). */
export interface BedrockUsage {
  inputTokens?: number;
  outputTokens?: number;
  totalTokens?: number;
  cacheReadInputTokens?: number;
  cacheWriteInputTokens?: number;
  cacheDetails?: { ttl?: string; inputTokens?: number }[];
}

/** One of the file's cache points, with the prefix it closes (exact when counted, else estimated). */
export interface PointPrefix {
  line: number;
  prefixTokens: number;
  /** TTL written in the file; undefined is Bedrock's 5-minute default. */
  ttl?: CacheTtl;
}

const n = (value: number | undefined) => (Number.isFinite(value) && value! > 0 ? Math.round(value!) : 0);

export function usageTokens(raw: BedrockUsage | undefined): UsageTokens {
  const inputTokens = n(raw?.inputTokens);
  const cacheReadInputTokens = n(raw?.cacheReadInputTokens);
  const cacheWriteInputTokens = n(raw?.cacheWriteInputTokens);
  const usage: UsageTokens = {
    inputTokens, outputTokens: n(raw?.outputTokens), cacheReadInputTokens, cacheWriteInputTokens,
    totalInputTokens: inputTokens + cacheReadInputTokens + cacheWriteInputTokens,
  };
  if (raw?.cacheDetails && raw.cacheDetails.length > 0) {
    usage.cacheWrite5mTokens = 0;
    usage.cacheWrite1hTokens = 0;
    for (const detail of raw.cacheDetails) {
      if (detail.ttl === '1h') usage.cacheWrite1hTokens += n(detail.inputTokens);
      else usage.cacheWrite5mTokens += n(detail.inputTokens);
    }
  }
  return usage;
}

/** How far apart an estimate and a reported count may be and still name the same point. */
const MATCH_TOLERANCE = 0.25;

function closeness(estimate: number, actual: number): number {
  return Math.abs(estimate - actual) / Math.max(estimate, actual, 1);
}

/**
 * Index of the last point a boundary of `tokens` covers, among points[from..]. Bedrock reads and
 * writes whole prefixes, so the boundary equals one point's real prefix: prefer the point whose
 * (estimated) prefix is nearest; when none is near, fall back to the points that fit below it.
 */
function boundaryIndex(points: readonly PointPrefix[], tokens: number, from: number): number {
  let best = -1;
  for (let i = from; i < points.length; i++) {
    if (best < 0 || closeness(points[i].prefixTokens, tokens) < closeness(points[best].prefixTokens, tokens)) best = i;
  }
  if (best >= 0 && closeness(points[best].prefixTokens, tokens) <= MATCH_TOLERANCE) return best;
  let fit = from - 1;
  for (let i = from; i < points.length; i++) if (points[i].prefixTokens <= tokens) fit = i;
  return fit;
}

/**
 * Which of the file's points this call read from, wrote, or left uncached. Reads may also come
 * from Bedrock's implicit caching, so a read is attributed to a point only by its size.
 */
export function cachePointOutcomes(points: readonly PointPrefix[], usage: UsageTokens): CachePointOutcome[] {
  const order = [...points].sort((a, b) => a.prefixTokens - b.prefixTokens);
  const readEnd = usage.cacheReadInputTokens > 0 ? boundaryIndex(order, usage.cacheReadInputTokens, 0) : -1;
  const writeEnd = usage.cacheWriteInputTokens > 0
    ? boundaryIndex(order, usage.cacheReadInputTokens + usage.cacheWriteInputTokens, readEnd + 1)
    : readEnd;
  return order.map((point, i) => ({
    line: point.line,
    prefixTokens: point.prefixTokens,
    ttl: point.ttl ?? '5m',
    status: i <= readEnd ? 'read' : i <= writeEnd ? 'written' : 'not-cached',
  }));
}

/**
 * Writes split by TTL. Bedrock's `cacheDetails` wins; streamed responses may lack it, and then
 * each written point's segment is charged at that point's TTL, scaled to the reported total.
 */
export function writeSplit(usage: UsageTokens, outcomes: readonly CachePointOutcome[]): { '5m': number; '1h': number } {
  if (usage.cacheWrite5mTokens !== undefined || usage.cacheWrite1hTokens !== undefined) {
    return { '5m': usage.cacheWrite5mTokens ?? 0, '1h': usage.cacheWrite1hTokens ?? 0 };
  }
  const total = usage.cacheWriteInputTokens;
  const written = outcomes.filter((o) => o.status === 'written');
  if (total === 0) return { '5m': 0, '1h': 0 };
  if (written.length === 0 || written.every((o) => o.ttl === written[0].ttl)) {
    const ttl = written[0]?.ttl ?? '5m';
    return { '5m': ttl === '5m' ? total : 0, '1h': ttl === '1h' ? total : 0 };
  }
  let previous = Math.max(0, ...outcomes.filter((o) => o.status === 'read').map((o) => o.prefixTokens));
  const raw = { '5m': 0, '1h': 0 };
  for (const point of written) {
    raw[point.ttl] += Math.max(0, point.prefixTokens - previous);
    previous = Math.max(previous, point.prefixTokens);
  }
  const sum = raw['5m'] + raw['1h'];
  if (sum === 0) return { '5m': total, '1h': 0 };
  const hour = Math.round((total * raw['1h']) / sum);
  return { '5m': total - hour, '1h': hour };
}

export function callTokens(usage: UsageTokens, outcomes: readonly CachePointOutcome[]): CallTokens {
  const split = writeSplit(usage, outcomes);
  return callTokensFromUsage({ ...usage, cacheWrite5mTokens: split['5m'], cacheWrite1hTokens: split['1h'] });
}

export interface RunCost {
  costUSD: number;
  costWithoutCacheUSD: number;
}

/** Cost of the call and of the same call uncached; 0 / 0 when the model has no price row. */
export function runCost(prices: PriceRow | undefined, usage: UsageTokens, outcomes: readonly CachePointOutcome[]): RunCost {
  if (!prices) return { costUSD: 0, costWithoutCacheUSD: 0 };
  const tokens = callTokens(usage, outcomes);
  return { costUSD: callCostUSD(prices, tokens), costWithoutCacheUSD: costWithoutCache(prices, tokens) };
}

/**
 * The write premium of this run's cache writes and what a later call reading them saves, with the
 * same prices as its cost; undefined when nothing was written or the model has no price row.
 */
export function cachePayoff(prices: PriceRow | undefined, usage: UsageTokens, outcomes: readonly CachePointOutcome[]): CachePayoff | undefined {
  if (!prices || usage.cacheWriteInputTokens <= 0) return undefined;
  const t = callTokens(usage, outcomes);
  const written = t.cacheWrite5mTokens + t.cacheWrite1hTokens;
  const premium = (t.cacheWrite5mTokens * (writePrice(prices, '5m') - prices.input) + t.cacheWrite1hTokens * (writePrice(prices, '1h') - prices.input)) / 1e6;
  return {
    writtenTokens: written,
    ttl: t.cacheWrite1hTokens > 0 ? '1h' : '5m',
    writePremiumUSD: premium,
    readSavingUSD: (written * (prices.input - prices.cacheRead)) / 1e6,
  };
}
