/**
 * Exact search for the placement with the highest expected saving: dynamic programming over
 * boundary positions × points used. The savings model is additive over segments (see
 * savingsModel.ts), so the best placement ending at boundary i with k new points extends the
 * best one ending at an earlier boundary j with k − 1 (or k, when i is the author's point).
 * Greedy choices would miss placements where two medium points beat one large one.
 */
import type { UnitPrices } from '../costModel';
import { segmentValue, type SavingsModel } from './savingsModel';

export interface SearchSlot {
  prefixTokens: number;
  depth: number;
  /** The author's point sits here: every placement must keep it. */
  forced: boolean;
  /** A new point may go here. */
  selectable: boolean;
}

export interface SearchInput {
  /** Sorted by position. */
  slots: SearchSlot[];
  /** New points allowed. */
  budget: number;
  /** Smallest prefix a new point may close. */
  firstMin: number;
  /** Smallest segment next to a new point (on either side). */
  segmentMin: number;
  unit: UnitPrices;
  model: SavingsModel;
}

export interface SearchResult {
  /** Indices into `slots` of the new points, in order. */
  chosen: number[];
  /** Expected saving of the whole placement (author's points included). */
  value: number;
}

const EPSILON = 1e-12;

export function bestPlacement(input: SearchInput): SearchResult {
  const { slots, budget } = input;
  const n = slots.length;
  // value[i][k]: best value of a placement whose last point is slot i, using k new points.
  const value: number[][] = slots.map(() => new Array<number>(budget + 1).fill(-Infinity));
  const parent: number[][] = slots.map(() => new Array<number>(budget + 1).fill(-2));
  let lastForced = -1;
  slots.forEach((slot, i) => { if (slot.forced) lastForced = i; });

  for (let i = 0; i < n; i++) {
    const slot = slots[i];
    if (!slot.forced && !slot.selectable) continue;
    const isNew = !slot.forced;
    if (isNew && slot.prefixTokens < input.firstMin) continue;
    const cost = isNew ? 1 : 0;
    for (let j = i - 1; j >= -1; j--) {
      const prev = j >= 0 ? slots[j] : undefined;
      if (prev && !prev.forced && !prev.selectable) continue;
      const prevPrefix = prev ? prev.prefixTokens : 0;
      const segment = slot.prefixTokens - prevPrefix;
      const touchesNew = isNew || (prev !== undefined && !prev.forced);
      const allowed = !touchesNew || segment >= input.segmentMin;
      if (allowed) {
        const gain = segmentValue(segment, slot.depth, input.unit, input.model);
        for (let k = 0; k + cost <= budget; k++) {
          const base = j >= 0 ? value[j][k] : (k === 0 ? 0 : -Infinity);
          if (base === -Infinity) continue;
          const candidate = base + gain;
          if (candidate > value[i][k + cost] + EPSILON) {
            value[i][k + cost] = candidate;
            parent[i][k + cost] = j;
          }
        }
      }
      // A placement cannot skip the author's point: nothing before it may connect past it.
      if (prev?.forced) break;
    }
  }

  let best = { i: -1, k: 0, value: lastForced >= 0 ? -Infinity : 0 };
  for (let i = Math.max(0, lastForced); i < n; i++) {
    for (let k = 0; k <= budget; k++) {
      // Strictly better only: among equal savings, the placement with fewer points wins.
      if (value[i][k] > best.value + EPSILON || (best.i >= 0 && Math.abs(value[i][k] - best.value) <= EPSILON && k < best.k)) {
        best = { i, k, value: value[i][k] };
      }
    }
  }
  const chosen: number[] = [];
  let i = best.i;
  let k = best.k;
  while (i >= 0) {
    const j = parent[i][k];
    if (!slots[i].forced) { chosen.unshift(i); k--; }
    i = j;
  }
  return { chosen, value: best.value === -Infinity ? 0 : best.value };
}
