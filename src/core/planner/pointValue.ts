/**
 * What each of the author's cache points is worth under the savings model, so that "too many
 * points" can name the one whose removal costs least. A point's worth is the expected saving of
 * the whole placement minus that of the placement without it (its segment then merges into the
 * next point's). A point after changing content is written on every call and never read.
 */
import type { Analysis, CachePoint } from '../analysis';
import type { CacheSettings } from '../promptConfig';
import { pointPos, pointsInOrder } from './boundaries';
import { planContext, pointPrefix, unitFor, type PlanContext } from './planContext';
import { DEFAULT_KEEP_PER_BLOCK, segmentValue } from './savingsModel';
import { pointTtl } from './ttlChoice';

function depthAt(ctx: PlanContext, pos: number): number {
  const before = ctx.prefix.boundaries.filter((b) => b.pos <= pos);
  return before.length ? before[before.length - 1].depth : 0;
}

function placementValue(ctx: PlanContext, points: readonly CachePoint[]): number {
  const reuses = ctx.settings.expectedReuses;
  const model = { keepPerBlock: DEFAULT_KEEP_PER_BLOCK, reuses };
  let previous = 0;
  let value = 0;
  for (const point of points) {
    const prefix = pointPrefix(ctx, point);
    // Below the minimum nothing is cached: the point neither costs nor saves.
    if (prefix < ctx.minimum || prefix <= previous) continue;
    const segment = prefix - previous;
    const unit = unitFor(ctx, pointTtl(point));
    const pos = pointPos(ctx.analysis, point);
    if (pos <= ctx.prefix.endPos) {
      value += segmentValue(segment, depthAt(ctx, pos), unit, model);
    } else {
      value -= segment * (unit.write - unit.input) * (reuses + 1);
    }
    previous = prefix;
  }
  return value;
}

/** Marginal expected saving (USD) of each author point, by point index. */
export function pointValues(analysis: Analysis, settings: CacheSettings): Map<number, number> {
  const out = new Map<number, number>();
  const ctx = planContext(analysis, settings);
  if (!ctx) return out;
  const all = pointsInOrder(analysis);
  const total = placementValue(ctx, all);
  for (const point of all) out.set(point.index, total - placementValue(ctx, all.filter((p) => p !== point)));
  return out;
}

/** The author point whose removal loses the least expected saving (the last one on ties). */
export function leastValuablePoint(analysis: Analysis, settings: CacheSettings): CachePoint | undefined {
  const values = pointValues(analysis, settings);
  let least: CachePoint | undefined;
  for (const point of analysis.cachePoints) {
    const v = values.get(point.index) ?? 0;
    if (!least || v <= (values.get(least.index) ?? 0)) least = point;
  }
  return least;
}
