/**
 * Where cache points should go. Reads an Analysis (blocks, prefix totals, stable/changing, the
 * author's points) and the effective cache settings, and answers with suggestions the editor
 * turns into CodeLenses and quick fixes and the CLI prints.
 *
 * Strategies:
 * - `conservative`: one point at the end of the longest stable prefix (a changing block's stable
 *   head included), when that prefix reaches max(threshold, model minimum);
 * - `aggressive`: up to the model's remaining points at boundaries inside the stable prefix, each
 *   segment ≥ max(aggressiveThreshold, minimum), chosen by an exact search under the savings
 *   model of planner/savingsModel.ts;
 * - `custom`: the author's `cache.custom` rules (planner/customRules.ts).
 * `autoCacheSystem` adds a point after a stable system prompt that reaches the minimum.
 *
 * Never suggested: anything on a model without caching or an unknown model; a point after
 * changing content; a prefix under the minimum; a tools point where the model rejects it; a
 * point alone in its message; more points than the model allows, counting the author's.
 */
import { formatTokens } from '../shared/numberFormat';
import type { CacheTtl } from '../shared/usageRecord';
import type { Analysis, ConverseField } from './analysis';
import type { CacheSettings } from './promptConfig';
import { pointPos, type Boundary, type BoundaryKind } from './planner/boundaries';
import { customPicks } from './planner/customRules';
import {
  describeBoundary, hasPointAt, nextPrefix, planContext, pointPrefix, previousPrefix, unitFor, type PlanContext,
} from './planner/planContext';
import { bestPlacement, type SearchSlot } from './planner/placementSearch';
import { DEFAULT_KEEP_PER_BLOCK, expectedSaving, savingPerReuse } from './planner/savingsModel';
import { chooseTtl, markerText } from './planner/ttlChoice';

export interface Suggestion {
  /** 0-based line before which the marker is inserted on its own line. */
  line: number;
  afterBlock: number;
  field: ConverseField;
  messageIndex?: number;
  kind: BoundaryKind;
  /** Text for that new line: the cache point marker, or `cache.tools: true` for a tools point. */
  insertText: string;
  /** Prefix the point closes (tools the model cannot cache are not counted). */
  prefixTokens: number;
  /** Tokens since the previous point, the author's or suggested: what this point adds to the cache. */
  segmentTokens: number;
  ttl: CacheTtl;
  /** Saving per later call within the TTL if the prefix stays the same, first write amortised. */
  savingPerReuseUSD: number;
  /** Saving over the first call and `expectedReuses` later calls. */
  expectedSavingUSD: number;
  reason: string;
}

interface Pick {
  boundary: Boundary;
  reason: string;
}

export function planCachePoints(analysis: Analysis, settings: CacheSettings): Suggestion[] {
  const ctx = planContext(analysis, settings);
  if (!ctx || ctx.budget <= 0) return [];
  let picks: Pick[];
  switch (settings.strategy) {
    case 'aggressive': picks = aggressivePicks(ctx); break;
    case 'custom': picks = customPicks(ctx); break;
    default: picks = conservativePicks(ctx);
  }
  if (settings.autoCacheSystem) picks = withSystemPoint(ctx, picks);
  return finish(ctx, picks);
}

/** The last place a new point may go inside the stable prefix. */
function stableEnd(ctx: PlanContext): Boundary | undefined {
  const selectable = ctx.prefix.boundaries.filter((b) => b.selectable);
  return selectable[selectable.length - 1];
}

function conservativePicks(ctx: PlanContext): Pick[] {
  const target = stableEnd(ctx);
  if (!target) return [];
  const need = Math.max(ctx.settings.threshold, ctx.minimum);
  if (target.prefixTokens < need) return [];
  // The author already closes the stable prefix (here or later inside it): nothing to add.
  if (ctx.existingStable.some((p) => pointPos(ctx.analysis, p) >= target.pos)) return [];
  const segment = target.prefixTokens - previousPrefix(ctx, target.pos);
  if (segment < ctx.minimum) return [];
  const changing = ctx.prefix.firstChanging?.changing[0];
  const why = changing
    ? `everything before {{${changing.name}}} (line ${changing.line + 1}) stays the same from call to call`
    : 'the whole prompt stays the same from call to call';
  return [{
    boundary: target,
    reason: `Conservative: one point at the end of the stable prefix, ${describeBoundary(ctx, target)}; ${why}. ` +
      `Its ${formatTokens(target.prefixTokens)} tokens reach ${need === ctx.minimum ? `the model minimum of ${formatTokens(need)}` : `the threshold of ${formatTokens(need)}`}.`,
  }];
}

function aggressivePicks(ctx: PlanContext): Pick[] {
  const need = Math.max(ctx.settings.aggressiveThreshold, ctx.minimum);
  const slots: (SearchSlot & { pos: number; boundary?: Boundary })[] = ctx.prefix.boundaries.map((b) => ({
    pos: b.pos, prefixTokens: b.prefixTokens, depth: b.depth, forced: hasPointAt(ctx, b.pos), selectable: b.selectable, boundary: b,
  }));
  // The author's points that sit where no boundary is offered (e.g. at the very start) still
  // split the prefix: add them as fixed slots.
  for (const p of ctx.existingStable) {
    if (slots.some((s) => s.pos === pointPos(ctx.analysis, p))) continue;
    const before = ctx.prefix.boundaries.filter((b) => b.pos <= pointPos(ctx.analysis, p));
    slots.push({ pos: pointPos(ctx.analysis, p), prefixTokens: pointPrefix(ctx, p), depth: before.length ? before[before.length - 1].depth : 0, forced: true, selectable: false });
  }
  slots.sort((a, b) => a.pos - b.pos);
  const result = bestPlacement({
    slots, budget: ctx.budget, firstMin: need, segmentMin: need, unit: unitFor(ctx, ctx.ttl),
    model: { keepPerBlock: DEFAULT_KEEP_PER_BLOCK, reuses: ctx.settings.expectedReuses },
  });
  const searched = slots.filter((s) => s.selectable && !s.forced).length;
  return result.chosen.map((i) => {
    const boundary = slots[i].boundary as Boundary;
    return {
      boundary,
      reason: `Aggressive: an exact search over ${searched} boundaries of the stable prefix placed a point ${describeBoundary(ctx, boundary)}. ` +
        `Earlier points keep being read when a later block changes; every segment has at least ${formatTokens(need)} tokens.`,
    };
  });
}

/** autoCacheSystem: a point after a fully stable system prompt that reaches the minimum. */
function withSystemPoint(ctx: PlanContext, picks: Pick[]): Pick[] {
  const systemBlocks = ctx.analysis.blocks.filter((b) => b.field === 'system');
  if (systemBlocks.length === 0 || systemBlocks.some((b) => !b.stable)) return picks;
  const systemEnd = ctx.prefix.boundaries.filter((b) => b.field === 'system' && b.selectable).pop();
  if (!systemEnd || systemEnd.prefixTokens < ctx.minimum) return picks;
  if (picks.some((p) => p.boundary.pos === systemEnd.pos) || hasPointAt(ctx, systemEnd.pos)) return picks;
  if (picks.length >= ctx.budget) return picks;
  const others = picks.map((p) => p.boundary);
  const before = systemEnd.prefixTokens - previousPrefix(ctx, systemEnd.pos, others);
  const next = nextPrefix(ctx, systemEnd.pos, others);
  if (before < ctx.minimum || (next !== undefined && next - systemEnd.prefixTokens < ctx.minimum)) return picks;
  const pick = {
    boundary: systemEnd,
    reason: `autoCacheSystem: the system prompt is stable and its ${formatTokens(systemEnd.prefixTokens)} tokens reach the minimum of ${formatTokens(ctx.minimum)}, so it gets its own point ${describeBoundary(ctx, systemEnd)}.`,
  };
  return [...picks, pick].sort((a, b) => a.boundary.pos - b.boundary.pos);
}

function finish(ctx: PlanContext, picks: Pick[]): Suggestion[] {
  const reuses = ctx.settings.expectedReuses;
  const others = picks.map((p) => p.boundary);
  const choices = picks.map(({ boundary: b }) => (b.kind === 'tools' ? undefined : chooseTtl(b.pos, ctx.ttl, ctx.analysis, ctx.row)));
  // `cache.tools` has no TTL of its own: the request sends it as 1h when any later point is 1h
  // (a 1-hour entry may not follow a 5-minute one), so the suggestion says and prices the same.
  const toolsTtl = ctx.analysis.cachePoints.some((p) => p.field !== 'tools' && p.ttl === '1h') || choices.some((c) => c?.ttl === '1h') ? '1h' as const : '5m' as const;
  return picks.map(({ boundary: b, reason }, i) => {
    const segmentTokens = b.prefixTokens - previousPrefix(ctx, b.pos, others);
    const choice = choices[i] ?? { ttl: toolsTtl };
    const unit = unitFor(ctx, choice.ttl);
    const priced = ctx.prices !== undefined;
    let text = reason;
    if (choice.note) text += ` ${choice.note}`;
    if (!priced) text += ` ${ctx.row.name} has no price in the catalog, so the saving is shown as 0.`;
    return {
      line: b.line,
      afterBlock: b.afterBlock,
      field: b.field,
      messageIndex: b.messageIndex,
      kind: b.kind,
      insertText: b.kind === 'tools' ? 'cache.tools: true' : markerText(choice.ttl),
      prefixTokens: b.prefixTokens,
      segmentTokens,
      ttl: choice.ttl,
      savingPerReuseUSD: priced ? savingPerReuse(segmentTokens, unit, reuses) : 0,
      expectedSavingUSD: priced ? expectedSaving(segmentTokens, unit, reuses) : 0,
      reason: text,
    };
  });
}
