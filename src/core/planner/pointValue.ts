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

/** Depth of the last boundary at or before `pos` (boundaries are sorted by position). */
function depthAt(ctx: PlanContext, pos: number): number {
  const boundaries = ctx.prefix.boundaries;
  let lo = 0;
  let hi = boundaries.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (boundaries[mid].pos <= pos) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 ? boundaries[lo - 1].depth : 0;
}

/** The running state of a placement's value after some of its points. */
interface Run { previous: number; value: number }

function step(ctx: PlanContext, run: Run, point: CachePoint): Run {
  const reuses = ctx.settings.expectedReuses;
  const prefix = pointPrefix(ctx, point);
  // Below the minimum nothing is cached: the point neither costs nor saves.
  if (prefix < ctx.minimum || prefix <= run.previous) return run;
  const segment = prefix - run.previous;
  const unit = unitFor(ctx, pointTtl(point));
  const pos = pointPos(ctx.analysis, point);
  const value = pos <= ctx.prefix.endPos
    ? segmentValue(segment, depthAt(ctx, pos), unit, { keepPerBlock: DEFAULT_KEEP_PER_BLOCK, reuses })
    : -segment * (unit.write - unit.input) * (reuses + 1);
  return { previous: prefix, value };
}

/**
 * Marginal expected saving (USD) of each author point, by point index: the placement's value
 * minus its value without that point. Each step depends only on the previous counted prefix, so
 * without point k the run differs from the full one only until both reach the same previous
 * prefix again (at the latest at the next counted point); only that stretch is recomputed, which
 * keeps a file with thousands of points linear instead of cubic.
 */
export function pointValues(analysis: Analysis, settings: CacheSettings): Map<number, number> {
  const out = new Map<number, number>();
  const ctx = planContext(analysis, settings);
  if (!ctx) return out;
  const all = pointsInOrder(analysis);
  // runs[i]: the full placement's state before point i; gains[i]: what point i adds to it.
  const runs: Run[] = [{ previous: 0, value: 0 }];
  const gains: number[] = [];
  for (const point of all) {
    const before = runs[runs.length - 1];
    const after = step(ctx, { previous: before.previous, value: 0 }, point);
    gains.push(after.value);
    runs.push({ previous: after.previous, value: before.value + after.value });
  }
  all.forEach((point, k) => {
    let full = gains[k];
    let without = 0;
    let previous = runs[k].previous;
    for (let j = k + 1; j < all.length && previous !== runs[j].previous; j++) {
      full += gains[j];
      const next = step(ctx, { previous, value: 0 }, all[j]);
      without += next.value;
      previous = next.previous;
    }
    out.set(point.index, full - without);
  });
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
