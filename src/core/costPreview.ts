/**
 * What a prompt will cost before it runs: the first call (it writes the cache), each later call
 * within the TTL (it reads), the break-even number of reuses, and the same prompt without any
 * cache point; for 5 minutes and 1 hour where the model has both. Uses the file's own cache
 * points, or the planner's suggestions when the file has none. Input tokens only, unless the
 * caller passes an output size: output costs the same with or without caching.
 */
import { formatTokens } from '../shared/numberFormat';
import type { CacheTtl } from '../shared/usageRecord';
import type { Analysis } from './analysis';
import { callCostUSD, costWithoutCache, isWrite1hEstimate, type CallTokens } from './costModel';
import { planCachePoints, type Suggestion } from './cachePlanner';
import type { PriceRow } from './modelCatalog';
import type { CacheSettings } from './promptConfig';
import { fieldAllowed, pointPos, stablePrefix } from './planner/boundaries';


export interface CostScenario {
  /** 'as written' uses each point's own TTL; '5m' / '1h' put every point on that TTL. */
  label: 'as written' | '5m' | '1h';
  first: CallTokens;
  later: CallTokens;
  firstCallUSD: number;
  laterCallUSD: number;
  /** Later calls needed before caching has paid for its first write; null when it never does. */
  breakEvenReuses: number | null;
  /** Saving over the first call plus `expectedReuses` later calls. */
  sequenceSavingUSD: number;
  /** The 1-hour write price is an estimate (Bedrock does not publish it). */
  estimate: boolean;
}

export interface CostPreview {
  modelName: string;
  priceDate?: string;
  /** Whose cache points the figures use. */
  source: 'file' | 'suggested' | 'none';
  pointCount: number;
  inputTokens: number;
  /** How the input tokens were counted, when it was an estimate (e.g. "estimate: cl100k × 1.15 for Claude"). */
  countEstimate?: string;
  outputTokens: number;
  expectedReuses: number;
  withoutCacheUSD?: number;
  main?: CostScenario;
  byTtl: CostScenario[];
  /** Why figures are missing or partial. */
  notes: string[];
}

interface PricedPoint {
  prefixTokens: number;
  ttl: CacheTtl;
  /** Inside the stable prefix: the same on every call, so later calls can read it. */
  reusable: boolean;
}

/** @param planned the planner's suggestions when the caller has them already (no second planning). */
export function costPreview(analysis: Analysis, settings: CacheSettings, outputTokens = 0, planned?: Suggestion[]): CostPreview {
  const row = analysis.model?.row;
  const prices = analysis.model?.prices ?? row?.prices;
  const preview: CostPreview = {
    modelName: row?.name ?? (analysis.modelId || 'no model'), priceDate: row?.priceDate, source: 'none', pointCount: 0,
    inputTokens: analysis.totalTokens, outputTokens, expectedReuses: settings.expectedReuses, byTtl: [], notes: [],
  };
  if (analysis.tokenizerLabel.startsWith('estimate')) preview.countEstimate = analysis.tokenizerLabel;
  if (!prices) {
    preview.notes.push(row ? `${row.name} has no price in the catalog.` : `${preview.modelName} is not in the model catalog, so there is no price.`);
    return preview;
  }
  const nothing: CallTokens = { inputTokens: analysis.totalTokens, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens };
  preview.withoutCacheUSD = costWithoutCache(prices, nothing);
  if (analysis.model?.status !== 'caching' || !row) {
    preview.notes.push(`${row?.name ?? preview.modelName} does not cache prompts: every call costs the same.`);
    return preview;
  }
  const prefix = stablePrefix(analysis, row);
  let points: PricedPoint[];
  if (analysis.cachePoints.length > 0) {
    preview.source = 'file';
    points = analysis.cachePoints
      .filter((p) => fieldAllowed(row, p.field))
      .map((p) => ({ prefixTokens: Math.max(0, p.prefixTokens - prefix.uncachedToolTokens), ttl: p.ttl ?? '5m', reusable: pointPos(analysis, p) <= prefix.endPos }));
  } else {
    const suggestions = planned ?? planCachePoints(analysis, settings);
    preview.source = suggestions.length ? 'suggested' : 'none';
    points = suggestions.map((s) => ({ prefixTokens: s.prefixTokens, ttl: s.ttl, reusable: true }));
  }
  preview.pointCount = points.length;
  // Below the minimum a point caches nothing: it neither writes nor reads.
  points = points.filter((p) => p.prefixTokens >= row.minTokens).sort((a, b) => a.prefixTokens - b.prefixTokens);
  // Nova caches at most ~20K tokens per request: a longer prefix is priced as capped.
  const cap = row.maxCachedTokens;
  if (cap !== undefined && points.some((p) => p.prefixTokens > cap)) {
    points = points.map((p) => ({ ...p, prefixTokens: Math.min(p.prefixTokens, cap) }));
    preview.notes.push(`${row.name} caches at most about ${formatTokens(cap)} tokens per request: the figures count no more than that as cached.`);
  }
  if (points.length === 0) {
    preview.notes.push(preview.source === 'none'
      ? 'No cache point fits this prompt: nothing stable reaches the model minimum.'
      : `No cache point reaches ${row.name}'s minimum of ${formatTokens(row.minTokens)} tokens: nothing is cached.`);
    return preview;
  }
  const reuses = settings.expectedReuses;
  preview.main = scenario('as written', points, analysis.totalTokens, outputTokens, prices, reuses);
  preview.byTtl.push(scenario('5m', points.map((p) => ({ ...p, ttl: '5m' })), analysis.totalTokens, outputTokens, prices, reuses));
  if (row.ttls.includes('1h')) {
    preview.byTtl.push(scenario('1h', points.map((p) => ({ ...p, ttl: '1h' })), analysis.totalTokens, outputTokens, prices, reuses));
  }
  if (points.some((p) => !p.reusable)) {
    preview.notes.push('Some points come after changing content: they are written on every call and never read.');
  }
  return preview;
}

/** Tokens of one call: `hit` is the cached prefix read (0 on the first call). */
function callTokens(points: PricedPoint[], hit: number, total: number, outputTokens: number): CallTokens {
  const tokens: CallTokens = { inputTokens: 0, cacheReadInputTokens: hit, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens };
  let previous = hit;
  for (const p of points) {
    if (p.prefixTokens <= previous) continue;
    // Each segment is written at the TTL of the point that closes it.
    if (p.ttl === '1h') tokens.cacheWrite1hTokens += p.prefixTokens - previous;
    else tokens.cacheWrite5mTokens += p.prefixTokens - previous;
    previous = p.prefixTokens;
  }
  tokens.inputTokens = Math.max(0, total - previous);
  return tokens;
}

function scenario(label: CostScenario['label'], points: PricedPoint[], total: number, outputTokens: number, prices: PriceRow, reuses: number): CostScenario {
  const reusable = points.filter((p) => p.reusable);
  const hit = reusable.length ? reusable[reusable.length - 1].prefixTokens : 0;
  const first = callTokens(points, 0, total, outputTokens);
  const later = callTokens(points, hit, total, outputTokens);
  const firstCallUSD = callCostUSD(prices, first);
  const laterCallUSD = callCostUSD(prices, later);
  const without = costWithoutCache(prices, first);
  return {
    label, first, later, firstCallUSD, laterCallUSD,
    breakEvenReuses: breakEven(firstCallUSD, laterCallUSD, without),
    sequenceSavingUSD: without * (reuses + 1) - (firstCallUSD + laterCallUSD * reuses),
    estimate: points.some((p) => p.ttl === '1h') && isWrite1hEstimate(prices),
  };
}

/** Smallest n with first + n × later ≤ (n + 1) × without. */
export function breakEven(first: number, later: number, without: number): number | null {
  if (first <= without + 1e-15) return 0;
  if (later >= without) return null;
  return Math.ceil((first - without) / (without - later) - 1e-9);
}
