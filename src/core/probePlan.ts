/**
 * The pure half of *Probe Prompt Caching*: which prefix sizes to try, when the minimum is found,
 * and what the probe will cost before anything is sent.
 *
 * Sources disagree on some minimums (Sonnet 4.6: 1,024 documented, 2,048 observed), so the probe
 * brackets the real one: it starts at the catalog minimum, doubles up or halves down until one
 * size caches and a smaller one does not, then bisects until the two are at most PROBE_STEP apart
 * (relative to the cached one). Sizes are in Bedrock's own units (its usage counters), measured
 * from each answer, so a tokenizer that counts differently from ours cannot skew the result.
 */
import { writePrice } from './costModel';
import type { PriceRow } from './modelCatalog';

/** Largest gap, relative to the reported minimum, left between a cached and an uncached size. */
export const PROBE_STEP = 0.125;
/** The contract: the minimum is found to within one probe step, at most 25% of the value. */
export const MAX_PROBE_STEP = 0.25;
/** Pairs (write then read) the search may send before it gives up bracketing. */
export const MAX_SEARCH_PAIRS = 10;
/** Sizes are never tried below this or above catalog minimum × CEILING_FACTOR. */
export const PROBE_FLOOR = 128;
export const CEILING_FACTOR = 8;
/** The TTL and tools requests close a prefix this much above the minimum found. */
export const FEATURE_MARGIN = 1.25;
const LADDER_MARGIN = 1.03;
/** The estimate's allowance for sizes landing off target and the extra pairs that costs. */
const COST_MARGIN = 1.5;
/** How far from the size asked for the first size may land (tokenizers differ): the estimate covers these. */
const LANDINGS = [0.8, 0.85, 0.9, 1, 1.1, 1.2];
/** Output tokens each probe asks for (the answer itself is not used). */
export const PROBE_MAX_OUTPUT = 8;

export interface ProbeObservation {
  /** Prefix size in Bedrock's units (cache write, or input minus the question when nothing was written). */
  prefixTokens: number;
  cached: boolean;
}

export interface SearchResult {
  /** Smallest prefix that was written; null when nothing up to the ceiling cached. */
  minTokens: number | null;
  /** Largest prefix that was not written (0 when every size tried cached). */
  largestUncached: number;
  /** True when minTokens is bracketed to within PROBE_STEP. */
  bracketed: boolean;
}

export class MinimumSearch {
  private readonly observations: ProbeObservation[] = [];
  private readonly ceiling: number;

  constructor(readonly catalogMin: number, readonly maxPairs = MAX_SEARCH_PAIRS) {
    this.ceiling = Math.max(catalogMin, 1024) * CEILING_FACTOR;
  }

  record(observation: ProbeObservation): void {
    this.observations.push(observation);
  }

  get pairs(): number {
    return this.observations.length;
  }

  result(): SearchResult {
    const cached = this.observations.filter((o) => o.cached).map((o) => o.prefixTokens);
    const hi = cached.length ? Math.min(...cached) : null;
    const below = this.observations.filter((o) => !o.cached && (hi === null || o.prefixTokens < hi)).map((o) => o.prefixTokens);
    const lo = below.length ? Math.max(...below) : 0;
    return { minTokens: hi, largestUncached: lo, bracketed: hi !== null && lo > 0 && hi - lo <= PROBE_STEP * hi };
  }

  /** The next prefix size to try, in Bedrock's units; undefined when the search is over. */
  next(): number | undefined {
    if (this.observations.length === 0) return ladder(this.catalogMin);
    if (this.observations.length >= this.maxPairs) return undefined;
    const { minTokens: hi, largestUncached: lo, bracketed } = this.result();
    if (bracketed) return undefined;
    if (hi === null) {
      // Nothing cached yet: the next rung of catalog × 2^k above what did not cache (tied to the
      // catalog, so a size that landed short does not drag every later one down).
      let rung = this.catalogMin;
      while (ladder(rung) <= lo) rung *= 2;
      return ladder(rung) <= this.ceiling ? ladder(rung) : undefined;
    }
    if (lo === 0) {
      // Everything tried cached: catalog ÷ 2^k below what did, down to the floor.
      let rung = this.catalogMin;
      while (ladder(rung) >= hi) rung /= 2;
      return ladder(rung) >= PROBE_FLOOR ? ladder(rung) : undefined;
    }
    return Math.round((lo + hi) / 2);
  }
}

/**
 * A rung of the ladder, a little above the round number: disputed minimums are round numbers
 * (1,024, 2,048, 4,096), and a size that lands a few tokens short of one would cost a whole
 * extra doubling.
 */
function ladder(rung: number): number {
  return Math.round(rung * LADDER_MARGIN);
}

/**
 * Sizes the search would send if the real minimum were `actual` and the first size landed at
 * `landing` × the size asked for (until Bedrock's first answer the probe sizes its text with the
 * catalog's tokenizer factor; from then on with the ratio it measured): the basis of the cost
 * estimate shown before anything is sent.
 */
export function simulatedSizes(catalogMin: number, actual: number, landing = 1): number[] {
  const search = new MinimumSearch(catalogMin);
  const sizes: number[] = [];
  for (let size = search.next(); size !== undefined; size = search.next()) {
    const landed = Math.round(sizes.length === 0 ? size * landing : size);
    sizes.push(landed);
    search.record({ prefixTokens: landed, cached: landed >= actual });
  }
  return sizes;
}

export interface ProbeEstimate {
  /** Upper figure if the real minimum is anywhere from half to twice the catalog value (the range sources dispute). */
  requests: number;
  costUSD: number;
  /** Prices come from the catalog; Bedrock's bill is the final word. */
  priceDate?: string;
}

/**
 * What the probe should cost: each search pair writes its prefix and reads it back, then one
 * 1-hour write and one tools write above the minimum. The worst of the plausible cases (the real
 * minimum from half to twice the catalog value, the range sources dispute; the first size landing
 * up to 20% off target) is shown, with a margin for sizes that land near rather than on target. It is an estimate from catalog prices: Bedrock's bill is the final word.
 */
export function estimateProbe(catalogMin: number, prices: PriceRow | undefined, questionTokens = 12): ProbeEstimate {
  let worst = { requests: 0, costUSD: 0 };
  for (const actual of [catalogMin / 2, catalogMin, catalogMin * 1.5, catalogMin * 2]) {
    for (const landing of LANDINGS) {
      const sizes = simulatedSizes(catalogMin, actual, landing);
      const feature = Math.round(Math.max(actual, catalogMin) * FEATURE_MARGIN);
      // Real sizes land near, not on, the sizes asked for: one more pair, and a margin on the cost.
      const requests = (sizes.length + 1) * 2 + 2;
      let cost = 0;
      if (prices) {
        const per = (tokens: number, price: number) => (tokens * price) / 1e6;
        const overhead = per(questionTokens, prices.input) + per(PROBE_MAX_OUTPUT, prices.output);
        for (const size of sizes) cost += per(size, writePrice(prices, '5m')) + per(size, prices.cacheRead) + 2 * overhead;
        cost += per(feature, writePrice(prices, '1h')) + per(feature, writePrice(prices, '5m')) + 2 * overhead;
      }
      worst = { requests: Math.max(requests, worst.requests), costUSD: Math.max(cost * COST_MARGIN, worst.costUSD) };
    }
  }
  return worst;
}
