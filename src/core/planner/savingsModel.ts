/**
 * The savings model behind every suggestion.
 *
 * A call sequence is one first call plus `reuses` later calls within the TTL. A placement with
 * points at prefixes P1 < … < Pm splits the cached prefix into segments Sj = Pj − Pj−1. Bedrock
 * reads the longest cached prefix that still matches and writes the rest up to the last point,
 * so the cost difference against no cache points is additive over segments:
 *
 *   first call:  −(write − input) × Sj                    (the write premium)
 *   each reuse:  +(write − read) × keep(j) × Sj − (write − input) × Sj
 *
 * where keep(j) is the probability that nothing before point j changed since the previous call
 * (then the segment is read instead of written). "Stable" blocks are stable by declaration, but
 * authors still edit a system prompt or swap a stable document now and then, and a change
 * invalidates every later point: we model that as each stable block staying the same from one
 * call to the next with probability `keepPerBlock`, so keep(j) = keepPerBlock^depth(j). That is
 * what makes an earlier point worth having: it keeps being read when a later block changes.
 *
 * The numbers the user sees (`savingPerReuseUSD`) use keep = 1, i.e. "if the prefix stays the
 * same": segment × (input − read) per reuse, minus the first write's premium amortised over the
 * reuses. The keep probability only ranks placements for the `aggressive` search.
 */
import type { UnitPrices } from '../costModel';

export interface SavingsModel {
  /** Probability that one stable block is unchanged from one call to the next. */
  keepPerBlock: number;
  /** Later calls within the TTL (the first call writes). */
  reuses: number;
}

export const DEFAULT_KEEP_PER_BLOCK = 0.95;

export function keepProbability(model: SavingsModel, depth: number): number {
  return Math.pow(model.keepPerBlock, depth);
}

/** Expected saving, over the first call and all reuses, of one segment closed at `depth`. */
export function segmentValue(segmentTokens: number, depth: number, unit: UnitPrices, model: SavingsModel): number {
  const keep = keepProbability(model, depth);
  const premium = unit.write - unit.input;
  const perReuse = (unit.write - unit.read) * keep - premium;
  return segmentTokens * (model.reuses * perReuse - premium);
}

/** Saving per later call if the prefix stays the same, with the first write's premium amortised. */
export function savingPerReuse(segmentTokens: number, unit: UnitPrices, reuses: number): number {
  const premium = (unit.write - unit.input) * segmentTokens;
  return segmentTokens * (unit.input - unit.read) - (reuses > 0 ? premium / reuses : premium);
}

/** Saving over the first call plus `reuses` later calls, if the prefix stays the same. */
export function expectedSaving(segmentTokens: number, unit: UnitPrices, reuses: number): number {
  return reuses > 0 ? savingPerReuse(segmentTokens, unit, reuses) * reuses : -(unit.write - unit.input) * segmentTokens;
}

/**
 * Share of the segment's no-cache input cost that caching saves over the sequence (0–1 when it
 * pays off, negative when it does not). The `custom` strategy's `minBenefit` compares with it.
 */
export function benefitRatio(segmentTokens: number, unit: UnitPrices, reuses: number): number {
  const base = segmentTokens * unit.input * (reuses + 1);
  return base > 0 ? expectedSaving(segmentTokens, unit, reuses) / base : 0;
}
