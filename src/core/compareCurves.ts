/**
 * Cost per call against traffic (calls per hour) for one model: `none` and a strategy at each
 * TTL, priced by the same projection as the comparison's rows, and the break-even points where
 * one curve becomes cheaper than another. The grid holds the TTLs' own rates (12/h for 5 minutes,
 * 1/h for one hour) because with a sliding TTL that is exactly where caching starts to read.
 */
import type { BreakEven, CostCurve } from '../shared/comparisonView';
import type { Analysis } from './analysis';
import { projectModel, type CompareOptions } from './compareProjection';
import type { Strategy } from './promptConfig';
import { callsPerHour } from './trafficPattern';

/** 0.25 to 240 calls per hour on a log scale, plus the TTL rates just below and at their edge. */
export function rateGrid(steps = 36): number[] {
  const low = Math.log(0.25);
  const high = Math.log(240);
  const grid = Array.from({ length: steps + 1 }, (_, i) => Math.exp(low + ((high - low) * i) / steps));
  const edges = [1, 12].flatMap((r) => [r * 0.999, r]);
  return [...new Set([...grid.map((r) => +r.toPrecision(4)), ...edges])].sort((a, b) => a - b);
}

export function costCurves(analysis: Analysis, strategy: Strategy, options: CompareOptions, calls: number, rates = rateGrid()): CostCurve[] {
  const row = analysis.model?.row;
  if (!row) return [];
  const ttls = options.ttls.filter((t) => row.ttls.includes(t));
  const curves: CostCurve[] = [{ label: 'none', strategy: 'none', ttl: null, points: [] }, ...ttls.map((ttl) => ({ label: `${strategy} ${ttl}`, strategy, ttl, points: [] }))];
  for (const rate of rates) {
    const rows = projectModel(analysis, callsPerHour(calls, rate), { ...options, strategies: ['none', strategy], ttls });
    for (const curve of curves) {
      const found = rows.find((r) => r.strategy === curve.strategy && r.ttl === curve.ttl);
      if (found) curve.points.push({ callsPerHour: rate, costPerCallUSD: found.costPerCallUSD });
    }
  }
  return curves.filter((c) => c.points.length === rates.length);
}

/** a cheaper than b beyond float noise. */
function cheaper(a: number, b: number): boolean {
  return b - a > 1e-9 * Math.max(Math.abs(a), Math.abs(b)) + 1e-15;
}

/** Every rate where, going up, a curve turns from not cheaper to cheaper than another. */
export function breakEvens(curves: readonly CostCurve[]): BreakEven[] {
  const out: BreakEven[] = [];
  for (const a of curves) {
    for (const b of curves) {
      if (a === b) continue;
      for (let i = 1; i < a.points.length; i++) {
        const before = cheaper(a.points[i - 1].costPerCallUSD, b.points[i - 1].costPerCallUSD);
        const now = cheaper(a.points[i].costPerCallUSD, b.points[i].costPerCallUSD);
        if (!before && now) out.push({ callsPerHour: a.points[i].callsPerHour, cheaper: a.label, than: b.label });
      }
    }
  }
  return out.sort((x, y) => x.callsPerHour - y.callsPerHour);
}
