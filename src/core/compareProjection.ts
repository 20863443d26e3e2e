/**
 * The projected side of "compare models, strategies and TTLs": for one prompt, analysed once per
 * candidate model, and one traffic pattern, what each model × strategy × TTL costs over the
 * calls. The points are the file's own plus those the strategy places (the planner); the calls
 * are priced by the same simulated cache as the planner benchmark (cacheSimulation.ts), so a
 * write at the first call and after every expiry, reads otherwise, the model's minimum, Nova's
 * cap and the 1-hour write premium all come from one place.
 */
import { formatUsd } from '../shared/numberFormat';
import type { CacheTtl } from '../shared/usageRecord';
import type { Analysis } from './analysis';
import { planCachePoints } from './cachePlanner';
import { effectivePrefixes, SimulatedCache, TTL_SECONDS } from './cacheSimulation';
import { callCostUSD, costWithoutCache, isWrite1hEstimate, type CallTokens } from './costModel';
import type { PriceRow } from './modelCatalog';
import { fieldAllowed, pointPos, stablePrefix } from './planner/boundaries';
import type { CacheSettings, Strategy } from './promptConfig';
import { formatDuration, type TrafficPattern } from './trafficPattern';

export type CompareStrategy = 'none' | Strategy;
export const COMPARE_STRATEGIES: readonly CompareStrategy[] = ['none', 'conservative', 'aggressive', 'custom'];
export const COMPARE_TTLS: readonly CacheTtl[] = ['5m', '1h'];

export interface ProjectedRow {
  model: string;
  modelName: string;
  strategy: CompareStrategy;
  /** null for `none`. */
  ttl: CacheTtl | null;
  /** 1-based lines of the cache points this row uses (the file's and the strategy's). */
  cachePointLines: number[];
  /** Cached input read ÷ all input, over the calls (the usage panel's definition). */
  hitRatio: number;
  costUSD: number;
  costPerCallUSD: number;
  /** Positive when this row is cheaper than the same model without cache points. */
  savingVsNoneUSD: number;
  /** Time to first token, as far as caching decides it: every call, some or none read the prefix. */
  firstTokenLatency: 'cached' | 'partly cached' | 'uncached';
  notes: string[];
}

export interface CompareOptions {
  strategies: readonly CompareStrategy[];
  ttls: readonly CacheTtl[];
  settings: CacheSettings;
  /** Output tokens per call (same with or without caching; it matters across models). */
  outputTokens?: number;
}

interface Point {
  tokens: number;
  line: number;
  /** In the stable prefix: the same bytes on every call. */
  reusable: boolean;
}

/** Every row for one model: `none`, then each strategy × TTL the model allows. */
export function projectModel(analysis: Analysis, traffic: TrafficPattern, options: CompareOptions): ProjectedRow[] {
  const row = analysis.model?.row;
  const prices = analysis.model?.prices ?? row?.prices;
  if (!row || !prices) return [];
  const output = options.outputTokens ?? 0;
  const base = { model: row.id, modelName: row.name };
  const noneTokens: CallTokens = { inputTokens: analysis.totalTokens, cacheReadInputTokens: 0, cacheWrite5mTokens: 0, cacheWrite1hTokens: 0, outputTokens: output };
  const noneCost = costWithoutCache(prices, noneTokens) * traffic.calls;
  const rows: ProjectedRow[] = [];
  if (options.strategies.includes('none')) {
    rows.push({ ...base, strategy: 'none', ttl: null, cachePointLines: [], hitRatio: 0, costUSD: noneCost, costPerCallUSD: noneCost / traffic.calls, savingVsNoneUSD: 0, firstTokenLatency: 'uncached', notes: [] });
  }
  const cachesAtAll = analysis.model?.status === 'caching' && row.minTokens > 0;
  for (const strategy of options.strategies) {
    if (strategy === 'none' || !cachesAtAll) continue;
    for (const ttl of options.ttls) {
      if (!row.ttls.includes(ttl)) continue;
      const points = pointsFor(analysis, { ...options.settings, strategy, defaultTtl: ttl });
      const sim = simulate(points, analysis, traffic, ttl, prices, output);
      const costUSD = sim.cost;
      rows.push({
        ...base, strategy, ttl,
        cachePointLines: [...new Set(points.map((p) => p.line + 1))].sort((a, b) => a - b),
        hitRatio: sim.hitRatio,
        // Equal within float noise (Nova's write and input prices are the same) shows as no saving.
        costUSD, costPerCallUSD: costUSD / traffic.calls, savingVsNoneUSD: more(noneCost, costUSD) || more(costUSD, noneCost) ? noneCost - costUSD : 0,
        firstTokenLatency: sim.hitCalls === 0 ? 'uncached' : sim.hitCalls === traffic.calls ? 'cached' : 'partly cached',
        notes: notesFor(analysis, strategy, points, sim, traffic, ttl, prices, costUSD, noneCost),
      });
    }
  }
  return rows;
}

/** The file's points the model accepts, plus the strategy's suggestions, on the planner's axis. */
function pointsFor(analysis: Analysis, settings: CacheSettings): Point[] {
  const row = analysis.model!.row!;
  const prefix = stablePrefix(analysis, row);
  const own = analysis.cachePoints.filter((p) => fieldAllowed(row, p.field)).map((p) => ({
    tokens: Math.max(0, p.prefixTokens - prefix.uncachedToolTokens), line: p.range.start.line, reusable: pointPos(analysis, p) <= prefix.endPos,
  }));
  const planned = planCachePoints(analysis, settings).map((s) => ({ tokens: s.prefixTokens, line: s.line, reusable: true }));
  return [...own, ...planned];
}

interface Simulation {
  cost: number;
  hitRatio: number;
  /** Calls that read some cached prefix. */
  hitCalls: number;
  /** Points under the minimum (they cache nothing). */
  underMinimum: number;
  capped: boolean;
}

function simulate(points: Point[], analysis: Analysis, traffic: TrafficPattern, ttl: CacheTtl, prices: PriceRow, output: number): Simulation {
  const row = analysis.model!.row!;
  const placed = effectivePrefixes(points, row);
  const cache = new SimulatedCache();
  let now = 0;
  let cost = 0;
  let read = 0;
  let input = 0;
  let hitCalls = 0;
  traffic.gaps.forEach((gap, call) => {
    now += gap;
    // A point after changing content closes different bytes on every call: never read.
    const prefixes = placed.map((p) => ({ tokens: p.tokens, id: p.reusable ? `stable:${p.tokens}` : `call${call}:${p.tokens}` }));
    const tokens = cache.call(now, prefixes, analysis.totalTokens, ttl, output);
    cost += callCostUSD(prices, tokens);
    read += tokens.cacheReadInputTokens;
    input += tokens.inputTokens + tokens.cacheReadInputTokens + tokens.cacheWrite5mTokens + tokens.cacheWrite1hTokens;
    if (tokens.cacheReadInputTokens > 0) hitCalls++;
  });
  return {
    cost, hitRatio: input > 0 ? read / input : 0, hitCalls,
    underMinimum: points.filter((p) => p.tokens < row.minTokens).length,
    capped: row.maxCachedTokens !== undefined && points.some((p) => p.tokens > row.maxCachedTokens!),
  };
}

function notesFor(
  analysis: Analysis, strategy: Strategy, points: Point[], sim: Simulation, traffic: TrafficPattern, ttl: CacheTtl, prices: PriceRow, cost: number, none: number,
): string[] {
  const row = analysis.model!.row!;
  const notes: string[] = [];
  const minimum = row.minTokens.toLocaleString('en-US');
  if (points.length === 0 && strategy === 'custom' && !analysis.config.custom) notes.push('The file has no cache.custom rules, so the custom strategy places no point: the same as none.');
  else if (points.length === 0) notes.push(`No cache point: nothing stable reaches ${row.name}'s minimum of ${minimum} tokens, so this is the same as none.`);
  else if (sim.underMinimum === points.length) notes.push(`No cache point reaches ${row.name}'s minimum of ${minimum} tokens: nothing is cached.`);
  else if (sim.underMinimum > 0) notes.push(`${sim.underMinimum} point${sim.underMinimum > 1 ? 's are' : ' is'} under the minimum of ${minimum} tokens and cache${sim.underMinimum > 1 ? '' : 's'} nothing.`);
  if (sim.capped) notes.push(`${row.name} caches at most about ${row.maxCachedTokens!.toLocaleString('en-US')} tokens per request: no more than that is counted as cached.`);
  if (points.some((p) => !p.reusable)) notes.push('A point after changing content is written on every call and never read.');
  const placed = points.length > 0 && sim.underMinimum < points.length;
  if (placed && traffic.intervalSeconds > TTL_SECONDS[ttl] && sim.hitCalls === 0) {
    notes.push(`Calls come ${formatDuration(traffic.intervalSeconds)} apart, longer than the ${ttl} TTL: every call writes the cache and none reads it, ` +
      (more(cost, none) ? `so caching costs ${formatUsd(cost - none)} more than none. Do not add a cache point for this traffic.` : 'so caching costs the same as none and saves nothing.'));
  } else if (placed && more(cost, none)) {
    notes.push(`Costs ${formatUsd(cost - none)} more than none: too few reads to pay for the writes.`);
  }
  if (ttl === '1h' && placed && isWrite1hEstimate(prices)) notes.push('The 1-hour write price is an estimate (2× input): Bedrock does not publish it.');
  const otherTtl = analysis.cachePoints.filter((p) => (p.ttl ?? '5m') !== ttl).length;
  if (otherTtl > 0) notes.push(`${otherTtl} of the file's points ${otherTtl > 1 ? 'are' : 'is'} written with another TTL; this row prices every point at ${ttl}.`);
  return notes;
}

/** a is more than b beyond float noise (Nova's write and input prices are equal). */
function more(a: number, b: number): boolean {
  return a - b > 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15;
}

const RANK: Record<string, number> = { none: 0, conservative: 1, aggressive: 2, custom: 3 };

/** Cheapest first; on a tie (float noise) the simpler choice: none, fewer points, 5m. */
export function compareRows(a: ProjectedRow, b: ProjectedRow): number {
  if (more(a.costUSD, b.costUSD) || more(b.costUSD, a.costUSD)) return a.costUSD - b.costUSD;
  return (RANK[a.strategy] - RANK[b.strategy]) || (a.cachePointLines.length - b.cachePointLines.length) || ((a.ttl === '1h' ? 1 : 0) - (b.ttl === '1h' ? 1 : 0));
}

export interface Projection {
  rows: ProjectedRow[];
  best: { model: string; strategy: CompareStrategy; ttl: CacheTtl | null } | null;
}

/** Every candidate's rows, sorted, and the best (cheapest, simplest on a tie). */
export function projectComparison(analyses: readonly Analysis[], traffic: TrafficPattern, options: CompareOptions): Projection {
  const rows = analyses.flatMap((a) => projectModel(a, traffic, options)).sort(compareRows);
  const best = rows[0] ? { model: rows[0].model, strategy: rows[0].strategy, ttl: rows[0].ttl } : null;
  return { rows, best };
}
