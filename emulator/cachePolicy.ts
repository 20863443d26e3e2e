// Applies a model's caching rules to a laid-out prompt: first the checks Bedrock answers with an
// error, then the read/write arithmetic against the cache store.
import type { CacheStore } from './cacheStore';
import { accessDenied, validation } from './errors';
import { type EmulatedModel, isAnthropic, supportsCaching } from './models';
import type { BlockBoundary, CachePointSite, PromptLayout } from './promptLayout';

export interface CacheUsage {
  readonly inputTokens: number;
  readonly cacheReadInputTokens: number;
  readonly cacheWriteInputTokens: number;
  /** Writes split by TTL, 1h first; empty when nothing was written. */
  readonly cacheDetails: readonly { ttl: '5m' | '1h'; inputTokens: number }[];
  /** Paths of the points that were read from or written to, for the request log. */
  readonly readAt?: string;
  readonly writtenAt: readonly string[];
}

const locationPath: Record<string, string> = { tools: 'toolConfig/tools', system: 'system', messages: 'messages' };

/** Throws the error Bedrock gives for cache points this model cannot take. */
export function checkCachePoints(model: EmulatedModel, points: readonly CachePointSite[]): void {
  if (points.length === 0) return;
  if (!supportsCaching(model)) {
    throw accessDenied('You invoked an unsupported model or your request did not allow prompt caching. See the documentation for more information.');
  }
  if (points.length > model.maxCachePoints) {
    throw validation(`A maximum of ${model.maxCachePoints} blocks with cache_control may be provided. Found ${points.length}.`);
  }
  for (const point of points) {
    if (!model.cacheLocations.includes(point.location)) {
      const index = point.path.split('.').pop();
      throw validation(`Malformed input request: #/${locationPath[point.location]}/${index}: extraneous key [cachePoint] is not permitted, please reformat your input and try again.`);
    }
  }
  let seenShort = false;
  for (const point of points) {
    const ttl = point.ttl ?? '5m';
    if (ttl === '1h' && !isAnthropic(model) && !model.ttls.includes('1h')) {
      throw validation('Extended TTL prompt caching is only supported for Anthropic models');
    }
    if (ttl === '1h' && seenShort) {
      throw validation("A cache point with ttl='1h' must not come after a cache point with ttl='5m'. Cache points are processed in the order tools, system, messages.");
    }
    if (ttl === '5m') seenShort = true;
  }
}

/** The TTL an entry really gets: older Claude models quietly keep 1h points for 5 minutes. */
export function effectiveTtl(model: EmulatedModel, point: CachePointSite): '5m' | '1h' {
  const ttl = point.ttl ?? '5m';
  return model.ttls.includes(ttl) ? ttl : '5m';
}

/** Content blocks before a cache point that Bedrock checks for an earlier entry (about 20). */
export const LOOKBACK_BLOCKS = 20;

/**
 * The longest live entry a request can read: for each cache point, the prefix it closes, then the
 * block boundaries up to LOOKBACK_BLOCKS back. A model with implicit caching reads any live boundary
 * of the prompt, cache point or not.
 */
function findRead(modelId: string, layout: PromptLayout, store: CacheStore, implicit: boolean): BlockBoundary | undefined {
  let best: BlockBoundary | undefined;
  const consider = (candidate: BlockBoundary) => {
    if ((!best || candidate.prefixTokens > best.prefixTokens) && candidate.prefixTokens > 0 && store.has(modelId, candidate.prefixHash)) best = candidate;
  };
  for (const point of layout.points) {
    const before = layout.boundaries.slice(Math.max(0, point.boundary - LOOKBACK_BLOCKS), point.boundary).reverse();
    for (const candidate of [point, ...before]) {
      if (store.has(modelId, candidate.prefixHash)) { consider(candidate); break; }
    }
  }
  if (implicit) for (const boundary of layout.boundaries) consider(boundary);
  return best;
}

/**
 * Reads the longest live prefix, writes every later point whose cumulative prefix reaches the
 * model's minimum, and reports usage the Bedrock way (inputTokens = uncached tokens only).
 */
export function applyCache(model: EmulatedModel, layout: PromptLayout, store: CacheStore, region = 'default'): CacheUsage {
  const { points, totalTokens } = layout;
  // Entries live per region and model: another region starts cold.
  const modelId = `${region}/${model.baseId}`;
  const implicit = store.implicitCaching(model.baseId);
  const found = findRead(modelId, layout, store, implicit);
  const read = found?.prefixTokens ?? 0;
  if (found) store.hit(modelId, found.prefixHash);

  let boundary = read;
  const byTtl = { '1h': 0, '5m': 0 };
  const writtenAt: string[] = [];
  for (const point of points) {
    // Below the minimum Bedrock accepts the request and silently caches nothing at this point.
    if (point.prefixTokens <= read || point.prefixTokens < model.minCacheTokens || point.prefixTokens === 0) continue;
    const ttl = effectiveTtl(model, point);
    store.write(modelId, point.prefixHash, point.prefixTokens, ttl);
    byTtl[ttl] += point.prefixTokens - boundary;
    boundary = Math.max(boundary, point.prefixTokens);
    writtenAt.push(point.path);
  }
  // Implicit caching keeps the whole prompt on its own, unbilled and unreported as a write.
  const last = layout.boundaries.at(-1);
  if (implicit && last && last.prefixTokens >= model.minCacheTokens && !store.has(modelId, last.prefixHash)) store.write(modelId, last.prefixHash, last.prefixTokens, '5m');
  const write = boundary - read;
  const cacheDetails = (['1h', '5m'] as const).filter((ttl) => byTtl[ttl] > 0).map((ttl) => ({ ttl, inputTokens: byTtl[ttl] }));
  const readAt = found ? (points.find((p) => p.prefixHash === found!.prefixHash)?.path ?? 'an earlier block boundary') : undefined;
  return {
    inputTokens: totalTokens - read - write,
    cacheReadInputTokens: read,
    cacheWriteInputTokens: write,
    cacheDetails,
    readAt,
    writtenAt,
  };
}
