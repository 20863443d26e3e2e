/**
 * Everything a strategy needs to know about one analysis, computed once: the model's limits,
 * the stable prefix's boundaries, the author's points and the prices.
 */
import type { CacheTtl } from '../../shared/usageRecord';
import type { Analysis, CachePoint } from '../analysis';
import { unitPrices, type UnitPrices } from '../costModel';
import type { ModelRow, PriceRow } from '../modelCatalog';
import type { CacheSettings } from '../promptConfig';
import { pointPos, pointsInStablePrefix, stablePrefix, type Boundary, type StablePrefix } from './boundaries';

export interface PlanContext {
  analysis: Analysis;
  row: ModelRow;
  prices?: PriceRow;
  settings: CacheSettings;
  prefix: StablePrefix;
  /** The author's points inside the stable prefix. */
  existingStable: CachePoint[];
  /** New points allowed: the model's maximum minus every point the author wrote. */
  budget: number;
  minimum: number;
  /** The TTL suggestions want, after the model's support. */
  ttl: CacheTtl;
}

export function planContext(analysis: Analysis, settings: CacheSettings): PlanContext | undefined {
  const row = analysis.model?.row;
  if (!row || analysis.model?.status !== 'caching' || row.minTokens <= 0 || row.maxPoints <= 0) return undefined;
  const prefix = stablePrefix(analysis, row);
  const ttl: CacheTtl = row.ttls.includes(settings.defaultTtl) ? settings.defaultTtl : '5m';
  // `cache.tools: true` carries no TTL, so a tools point is a 5-minute point, and a 1-hour point
  // may not follow it: with 1-hour suggestions the tools stay uncached rather than break them.
  if (ttl === '1h') for (const b of prefix.boundaries) if (b.kind === 'tools') b.selectable = false;
  return {
    analysis, row, prices: analysis.model?.prices ?? row.prices, settings, prefix,
    existingStable: pointsInStablePrefix(analysis, prefix),
    budget: Math.max(0, row.maxPoints - analysis.cachePoints.length),
    minimum: row.minTokens,
    ttl,
  };
}

/**
 * Per-token prices for a TTL. A row without prices (an unpriced model) still needs a ranking,
 * so it borrows its family's ratios: Claude writes at 1.25× and reads at 0.1× input, Nova
 * writes at the input price (no premium, not free) and reads at 0.25×.
 */
export function unitFor(ctx: PlanContext, ttl: CacheTtl): UnitPrices {
  if (ctx.prices) return unitPrices(ctx.prices, ttl);
  const input = 1e-6;
  return ctx.row.family === 'nova'
    ? { input, read: input * 0.25, write: input }
    : { input, read: input * 0.1, write: input * (ttl === '1h' ? 2 : 1.25) };
}

/** Prefix an author's point closes, on the planner's axis (uncacheable tools excluded). */
export function pointPrefix(ctx: PlanContext, point: CachePoint): number {
  return Math.max(0, point.prefixTokens - ctx.prefix.uncachedToolTokens);
}

/** Prefix of the nearest point (author's or listed) strictly before `pos`; 0 when none. */
export function previousPrefix(ctx: PlanContext, pos: number, others: readonly Boundary[] = []): number {
  let best = 0;
  for (const p of ctx.existingStable) if (pointPos(ctx.analysis, p) < pos) best = Math.max(best, pointPrefix(ctx, p));
  for (const b of others) if (b.pos < pos) best = Math.max(best, b.prefixTokens);
  return best;
}

/** Prefix of the nearest point (author's or listed) strictly after `pos`, if any. */
export function nextPrefix(ctx: PlanContext, pos: number, others: readonly Boundary[] = []): number | undefined {
  let best: number | undefined;
  for (const p of ctx.existingStable) if (pointPos(ctx.analysis, p) > pos) best = Math.min(best ?? Infinity, pointPrefix(ctx, p));
  for (const b of others) if (b.pos > pos) best = Math.min(best ?? Infinity, b.prefixTokens);
  return best;
}

export function hasPointAt(ctx: PlanContext, pos: number): boolean {
  return ctx.existingStable.some((p) => pointPos(ctx.analysis, p) === pos);
}

/** Where a boundary is, in the author's words (lines shown 1-based, like the editor). */
export function describeBoundary(ctx: PlanContext, b: Boundary): string {
  if (b.kind === 'tools') return 'after the tool definitions';
  if (b.kind === 'head') {
    const block = ctx.analysis.blocks[b.afterBlock];
    const first = block?.changing[0];
    return first ? `right before line ${first.line + 1}, where {{${first.name}}} changes every call` : `before line ${b.line + 1}`;
  }
  const where = b.field === 'system' ? 'system prompt' : `message ${(b.messageIndex ?? 0) + 1}`;
  return `after the ${where} block ending on line ${b.line}`;
}
