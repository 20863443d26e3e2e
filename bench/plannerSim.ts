/**
 * A small model of Bedrock's prompt cache for the benchmark: each cache point names the exact
 * prefix before it; a call reads the longest prefix that is cached and not expired, writes every
 * later point's prefix, and every prefix it touches lives for the TTL from now (sliding TTL).
 * A point whose prefix is under the model's minimum caches nothing.
 */
import type { CacheTtl } from '../src/shared/usageRecord';
import { callCostUSD } from '../src/core/costModel';
import type { ModelRow, PriceRow } from '../src/core/modelCatalog';
import type { Call, Shape } from './plannerCorpus';

/** A place a point can go: after whole block `afterBlock`, or inside it after its stable head. */
export interface SimPoint {
  afterBlock: number;
  head: boolean;
}

const TTL_SECONDS: Record<CacheTtl, number> = { '5m': 300, '1h': 3600 };

/** Every place a point can go in the stable prefix (the bench's own enumeration). */
export function candidatePoints(shape: Shape, row: ModelRow): SimPoint[] {
  const out: SimPoint[] = [];
  for (const [i, b] of shape.blocks.entries()) {
    if (b.kind === 'tools' && !row.fields.includes('tools')) continue;
    if (b.changing) {
      if (b.head > 0) out.push({ afterBlock: i, head: true });
      break;
    }
    if (b.tokens > 0) out.push({ afterBlock: i, head: false });
  }
  return out;
}

function cacheable(shape: Shape, row: ModelRow, p: SimPoint): { tokens: number; key: string } {
  let tokens = 0;
  const parts: string[] = [];
  for (let i = 0; i <= p.afterBlock; i++) {
    const b = shape.blocks[i];
    const counted = !(b.kind === 'tools' && !row.fields.includes('tools'));
    if (i === p.afterBlock && p.head) {
      tokens += b.head;
      parts.push(`${i}h`);
    } else {
      if (counted) tokens += b.tokens;
      parts.push(`${i}`);
    }
  }
  return { tokens, key: parts.join('.') };
}

/** Total cost of a sequence with the given points (any order; sorted here). */
export function sequenceCost(shape: Shape, row: ModelRow, prices: PriceRow, points: SimPoint[], calls: Call[], ttl: CacheTtl = '5m'): number {
  const total = shape.blocks.reduce((s, b) => s + b.tokens, 0);
  const placed = points
    .map((p) => ({ p, ...cacheable(shape, row, p) }))
    .filter((x) => x.tokens >= row.minTokens)
    .sort((a, b) => a.tokens - b.tokens);
  const cache = new Map<string, number>();
  let now = 0;
  let cost = 0;
  for (const call of calls) {
    now += call.gap;
    // The prefix's identity: its key plus the version of every block (or head) in it.
    const ids = placed.map((x) => {
      const versions = [];
      for (let i = 0; i <= x.p.afterBlock; i++) {
        const b = shape.blocks[i];
        versions.push(i === x.p.afterBlock && x.p.head ? 'h' : call.versions[i]);
        if (b.changing && !(i === x.p.afterBlock && x.p.head)) versions.push(`c${now}`);
      }
      return `${x.key}|${versions.join(',')}`;
    });
    let hit = 0;
    placed.forEach((x, i) => { if ((cache.get(ids[i]) ?? -1) >= now) hit = x.tokens; });
    const last = placed.length ? placed[placed.length - 1].tokens : 0;
    const write = Math.max(0, last - hit);
    const tokens = { inputTokens: total - Math.max(hit, last), cacheReadInputTokens: hit, cacheWrite5mTokens: ttl === '5m' ? write : 0, cacheWrite1hTokens: ttl === '1h' ? write : 0, outputTokens: 0 };
    cost += callCostUSD(prices, tokens);
    ids.forEach((id) => cache.set(id, now + TTL_SECONDS[ttl]));
  }
  return cost;
}
