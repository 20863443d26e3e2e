/**
 * The benchmark's prompt shapes in Bedrock's cache: which places a point can go and which prefix
 * each closes on each call. The cache itself (reads, writes, sliding TTL, minimum, Nova's cap) is
 * src/core/cacheSimulation.ts, shared with the model/strategy/TTL comparison.
 */
import type { CacheTtl } from '../src/shared/usageRecord';
import { SimulatedCache, effectivePrefixes } from '../src/core/cacheSimulation';
import { callCostUSD } from '../src/core/costModel';
import type { ModelRow, PriceRow } from '../src/core/modelCatalog';
import type { Call, Shape } from './plannerCorpus';

/** A place a point can go: after whole block `afterBlock`, or inside it after its stable head. */
export interface SimPoint {
  afterBlock: number;
  head: boolean;
}

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
  const placed = effectivePrefixes(points.map((p) => ({ p, ...cacheable(shape, row, p) })), row);
  const cache = new SimulatedCache();
  let now = 0;
  let cost = 0;
  for (const call of calls) {
    now += call.gap;
    // The prefix's identity: its key plus the version of every block (or head) in it.
    const prefixes = placed.map((x) => {
      const versions = [];
      for (let i = 0; i <= x.p.afterBlock; i++) {
        const b = shape.blocks[i];
        versions.push(i === x.p.afterBlock && x.p.head ? 'h' : call.versions[i]);
        if (b.changing && !(i === x.p.afterBlock && x.p.head)) versions.push(`c${now}`);
      }
      return { tokens: x.tokens, id: `${x.key}|${versions.join(',')}` };
    });
    cost += callCostUSD(prices, cache.call(now, prefixes, total, ttl));
  }
  return cost;
}
