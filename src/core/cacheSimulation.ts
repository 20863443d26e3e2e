/**
 * A model of Bedrock's prompt cache over a sequence of calls, shared by the planner benchmark and
 * the model/strategy/TTL comparison so both price a sequence the same way. Each cache point
 * names the exact prefix before it; a call reads the longest prefix that is cached and not
 * expired, writes every later point's prefix, and every prefix it touches lives for the TTL from
 * now (sliding TTL). A point whose prefix is under the model's minimum caches nothing, and Nova
 * caches at most `maxCachedTokens` per request (a longer prefix is counted as capped).
 */
import type { CacheTtl } from '../shared/usageRecord';
import type { CallTokens } from './costModel';
import type { ModelRow } from './modelCatalog';

export const TTL_SECONDS: Record<CacheTtl, number> = { '5m': 300, '1h': 3600 };

/** One cache point as the cache sees it on one call: the tokens before it and that prefix's identity. */
export interface SimPrefix {
  tokens: number;
  /** Equal ids on two calls mean the same bytes before the point (a cache hit is possible). */
  id: string;
}

/** The points that cache anything, capped at the model's per-request limit, shortest first. */
export function effectivePrefixes<T extends { tokens: number }>(points: readonly T[], row: ModelRow): T[] {
  const cap = row.maxCachedTokens ?? Infinity;
  return points
    .filter((p) => p.tokens >= row.minTokens && row.minTokens > 0)
    .map((p) => ({ ...p, tokens: Math.min(p.tokens, cap) }))
    .sort((a, b) => a.tokens - b.tokens);
}

/** The cache's state across calls: when each prefix expires (seconds on the sequence's clock). */
export class SimulatedCache {
  private readonly expiries = new Map<string, number>();

  /**
   * One call at `now` seconds with `prefixes` from effectivePrefixes (shortest first) and
   * `totalTokens` of input: the call's token counters, writes at `ttl`.
   */
  call(now: number, prefixes: readonly SimPrefix[], totalTokens: number, ttl: CacheTtl, outputTokens = 0): CallTokens {
    let hit = 0;
    for (const p of prefixes) if ((this.expiries.get(p.id) ?? -1) >= now) hit = Math.max(hit, p.tokens);
    const last = prefixes.length ? prefixes[prefixes.length - 1].tokens : 0;
    const write = Math.max(0, last - hit);
    for (const p of prefixes) this.expiries.set(p.id, now + TTL_SECONDS[ttl]);
    return {
      inputTokens: Math.max(0, totalTokens - Math.max(hit, last)),
      cacheReadInputTokens: hit,
      cacheWrite5mTokens: ttl === '5m' ? write : 0,
      cacheWrite1hTokens: ttl === '1h' ? write : 0,
      outputTokens,
    };
  }
}
