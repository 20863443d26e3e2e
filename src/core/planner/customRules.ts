/**
 * The `custom` strategy: the author's own rules from `cache.custom`, checked before use.
 *
 * - `textBlocksOver: N`  a point after every stable text block (or stable head) over N tokens;
 * - `allMedia: true`     a point after every stable image or document;
 * - `minBenefit: r`      drop points whose saving over the sequence is below r (0–1) of what the
 *                        segment would cost uncached (see benefitRatio);
 * - `maxPoints: n`       keep at most n new points: the subset with the highest expected saving.
 *
 * Model limits (minimum, maximum points, fields) apply on top, as for every strategy.
 */
import { formatPercent, formatTokens } from '../../shared/numberFormat';
import type { Finding, Range } from '../analysis';
import type { ModelRow } from '../modelCatalog';
import type { CustomRules } from '../promptConfig';
import { pointPos, type Boundary } from './boundaries';
import { bestPlacement } from './placementSearch';
import { describeBoundary, hasPointAt, nextPrefix, pointPrefix, previousPrefix, unitFor, type PlanContext } from './planContext';
import { benefitRatio, DEFAULT_KEEP_PER_BLOCK } from './savingsModel';

export const CUSTOM_RULE_KEYS = ['textBlocksOver', 'allMedia', 'minBenefit', 'maxPoints'] as const;

function finding(code: string, severity: Finding['severity'], range: Range, message: string): Finding {
  return { code, severity, range, message };
}

const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/**
 * Checks `cache.custom` as written (values come from YAML, so any type may show up). `range`
 * is where the findings point: the `cache.custom` key, or the frontmatter.
 */
export function validateCustomRules(rules: unknown, range: Range, row?: ModelRow): Finding[] {
  if (rules === undefined) {
    return [finding('custom-rules-missing', 'info', range, 'The custom strategy has no rules in cache.custom, so it suggests nothing. Add textBlocksOver or allMedia.')];
  }
  if (typeof rules !== 'object' || rules === null || Array.isArray(rules)) {
    return [finding('custom-rules-invalid', 'error', range, 'cache.custom must be a map of rules (textBlocksOver, allMedia, minBenefit, maxPoints).')];
  }
  const out: Finding[] = [];
  const r = rules as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!(CUSTOM_RULE_KEYS as readonly string[]).includes(key)) {
      out.push(finding('custom-rule-unknown', 'warning', range, `Unknown custom rule "${key}"; known rules: ${CUSTOM_RULE_KEYS.join(', ')}.`));
    }
  }
  if (r.textBlocksOver !== undefined) {
    if (!isCount(r.textBlocksOver)) {
      out.push(finding('custom-rule-invalid', 'error', range, 'textBlocksOver must be a whole number of tokens (0 or more).'));
    } else if (row && r.textBlocksOver < row.minTokens) {
      out.push(finding('custom-rule-below-minimum', 'info', range,
        `textBlocksOver ${r.textBlocksOver} is below ${row.name}'s minimum of ${formatTokens(row.minTokens)} tokens; smaller segments are not cached, so those blocks get no point.`));
    }
  }
  if (r.allMedia !== undefined && typeof r.allMedia !== 'boolean') {
    out.push(finding('custom-rule-invalid', 'error', range, 'allMedia must be true or false.'));
  }
  if (r.minBenefit !== undefined && !(typeof r.minBenefit === 'number' && r.minBenefit >= 0 && r.minBenefit <= 1)) {
    out.push(finding('custom-rule-invalid', 'error', range, 'minBenefit must be a number from 0 to 1 (the share of the uncached cost a point must save).'));
  }
  if (r.maxPoints !== undefined) {
    if (!isCount(r.maxPoints) || r.maxPoints < 1) {
      out.push(finding('custom-rule-invalid', 'error', range, 'maxPoints must be a whole number, 1 or more.'));
    } else if (row && r.maxPoints > row.maxPoints) {
      out.push(finding('custom-rule-over-model-limit', 'warning', range, `maxPoints ${r.maxPoints} is more than ${row.name} allows (${row.maxPoints}); at most ${row.maxPoints} are used.`));
    }
  }
  if (r.textBlocksOver === undefined && r.allMedia !== true && out.length === 0) {
    out.push(finding('custom-rules-missing', 'info', range, 'cache.custom has no placement rule (textBlocksOver or allMedia), so the custom strategy suggests nothing.'));
  }
  return out;
}

/** Only the values that passed validation; a bad value is ignored, not guessed at. */
export function usableRules(rules: CustomRules | undefined): CustomRules {
  if (!rules || typeof rules !== 'object') return {};
  const r = rules as Record<string, unknown>;
  return {
    textBlocksOver: isCount(r.textBlocksOver) ? r.textBlocksOver : undefined,
    allMedia: typeof r.allMedia === 'boolean' ? r.allMedia : undefined,
    minBenefit: typeof r.minBenefit === 'number' && r.minBenefit >= 0 && r.minBenefit <= 1 ? r.minBenefit : undefined,
    maxPoints: isCount(r.maxPoints) && r.maxPoints >= 1 ? r.maxPoints : undefined,
  };
}

export interface CustomPick {
  boundary: Boundary;
  reason: string;
}

export function customPicks(ctx: PlanContext): CustomPick[] {
  const rules = usableRules(ctx.analysis.config.custom);
  const unit = unitFor(ctx, ctx.ttl);
  const reuses = ctx.settings.expectedReuses;
  const picked: CustomPick[] = [];
  for (const b of ctx.prefix.boundaries) {
    if (!b.selectable || hasPointAt(ctx, b.pos)) continue;
    let rule: string | undefined;
    if (rules.textBlocksOver !== undefined && b.contentKind === 'text' && b.blockTokens > rules.textBlocksOver) {
      rule = `rule textBlocksOver: ${rules.textBlocksOver} — this stable text has ${formatTokens(b.blockTokens)} tokens`;
    } else if (rules.allMedia && b.contentKind === 'media') {
      rule = 'rule allMedia: true — this image or document is stable';
    }
    if (!rule) continue;
    if (b.prefixTokens < ctx.minimum) continue;
    const segment = b.prefixTokens - previousPrefix(ctx, b.pos, picked.map((p) => p.boundary));
    // A segment under the minimum may not be cached: the point would cost a slot and save nothing.
    if (segment < ctx.minimum) continue;
    const next = nextPrefix(ctx, b.pos);
    if (next !== undefined && next - b.prefixTokens < ctx.minimum) continue;
    const ratio = benefitRatio(segment, unit, reuses);
    let reason = `Custom ${rule}; the point goes ${describeBoundary(ctx, b)}.`;
    if (rules.minBenefit !== undefined) {
      if (ratio < rules.minBenefit) continue;
      reason += ` Rule minBenefit: ${rules.minBenefit} — it saves ${formatPercent(ratio)} of this segment's uncached cost over ${reuses + 1} calls.`;
    }
    picked.push({ boundary: b, reason });
  }
  const limit = Math.min(ctx.budget, rules.maxPoints ?? ctx.budget);
  if (picked.length <= limit) return picked;
  // Too many: keep the subset with the highest expected saving, found by the same exact search
  // the aggressive strategy uses, over the picked boundaries only (the author's points stay).
  const slots = [
    ...picked.map((p) => ({ pos: p.boundary.pos, prefixTokens: p.boundary.prefixTokens, depth: p.boundary.depth, forced: false, selectable: true, pick: p as CustomPick | undefined })),
    ...ctx.existingStable.map((p) => ({ pos: pointPos(ctx.analysis, p), prefixTokens: pointPrefix(ctx, p), depth: depthAt(ctx, pointPos(ctx.analysis, p)), forced: true, selectable: false, pick: undefined })),
  ].sort((a, b) => a.pos - b.pos);
  const result = bestPlacement({
    slots, budget: limit, firstMin: ctx.minimum, segmentMin: ctx.minimum, unit,
    model: { keepPerBlock: DEFAULT_KEEP_PER_BLOCK, reuses },
  });
  const why = rules.maxPoints !== undefined && rules.maxPoints <= ctx.budget
    ? `Rule maxPoints: ${rules.maxPoints}`
    : `${ctx.row.name} allows ${ctx.row.maxPoints} points in all`;
  return result.chosen
    .map((i) => slots[i].pick as CustomPick)
    .map((p) => ({ ...p, reason: `${p.reason} ${why} — kept as the most valuable ${limit === 1 ? 'point' : `${limit} points`}.` }));
}

function depthAt(ctx: PlanContext, pos: number): number {
  const before = ctx.prefix.boundaries.filter((b) => b.pos <= pos);
  return before.length ? before[before.length - 1].depth : 0;
}
