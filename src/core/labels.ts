/** Words and numbers as the editor and the CLI show them, in one place so they agree. */
import { formatTokens, formatUsd } from '../shared/numberFormat';
import type { Analysis, Block, CachePoint } from './analysis';

export function blockTitle(block: Block): string {
  if (block.kind === 'tools') return 'tools';
  if (block.kind === 'media') return 'media';
  if (block.kind === 'history') return 'history';
  return block.field === 'system' ? 'system text' : `${block.role === 'model' ? 'model' : 'user'} text`;
}

/**
 * `≈ 1,234 tokens · prefix 5,678` plus notes for unfilled variables and template estimates. With
 * an exact count the prefix shows that one number (`prefix 5,702 (exact)`), as the cache point's lens does.
 */
export function tokenLensTitle(block: Block, exactPrefix?: number): string {
  const prefix = exactPrefix === undefined ? formatTokens(block.prefixTokens) : `${formatTokens(exactPrefix)} (exact)`;
  // The tools block's lens sits in the frontmatter, on no text of its own: name it.
  let title = `${block.kind === 'tools' ? 'tools · ' : ''}≈ ${tokenCount(block.tokens)} · prefix ${prefix}`;
  if (block.kind === 'history') title = `history: changes every run · prefix ${prefix}`;
  if (block.unfilled.length > 0) title += ` · ${block.unfilled.map((n) => `+{{${n}}}`).join(' ')}`;
  if (block.templateEstimate) title += ' · template estimate';
  if (!block.stable && block.kind !== 'history') title += ' · changing';
  return title;
}

/** `1 token`, `1,234 tokens`. */
export function tokenCount(n: number): string {
  return `${formatTokens(n)} ${Math.round(n) === 1 ? 'token' : 'tokens'}`;
}

/**
 * The lens of a suggested cache point. A point after another one (the author's or suggested)
 * saves what its own segment adds, so its saving reads as additional ("more").
 */
export function suggestionLensTitle(s: { prefixTokens: number; segmentTokens: number; savingPerReuseUSD: number }): string {
  const more = s.segmentTokens < s.prefixTokens ? ' more' : '';
  return `+ cache point here — caches ${tokenCount(s.prefixTokens)}, saves ${formatUsd(s.savingPerReuseUSD, { approx: true })}${more} per reuse`;
}

/** The lens that inserts every suggestion, worded like the palette's command. */
export function insertAllLensTitle(count: number): string {
  return `Insert All Suggested Cache Points (${count})`;
}

/**
 * A lens from the first look at a large file (characters ÷ 4, see AnalyzeOptions.estimate): it
 * says it is an estimate still being refined, and claims nothing the exact count may overturn.
 */
export function estimatingLensTitle(tokens: number, prefixTokens: number, what: 'block' | 'cache point'): string {
  return what === 'block'
    ? `≈ ${formatTokens(tokens)} tokens (estimating…) · prefix ≈ ${formatTokens(prefixTokens)}`
    : `cache point · caches ≈ ${formatTokens(prefixTokens)} tokens (estimating…)`;
}

export type MinimumVerdict = 'reaches' | 'may-not-reach' | 'below' | 'unknown';

/**
 * The raw cl100k count is a practical lower bound for Claude: when it clears the minimum the
 * point will cache; when only the calibrated estimate does, it may not.
 */
export function minimumVerdict(analysis: Analysis, point: Pick<CachePoint, 'prefixTokens' | 'rawPrefixTokens'>): MinimumVerdict {
  const min = analysis.model?.row?.minTokens;
  if (!min) return 'unknown';
  if (point.rawPrefixTokens >= min) return 'reaches';
  if (point.prefixTokens >= min) return 'may-not-reach';
  return 'below';
}

/** " (probed on DATE in REGION)" when the model's minimum comes from a live probe, else "". */
export function probedSuffix(analysis: Analysis): string {
  const probed = analysis.model?.row?.probed;
  return probed ? ` (${probed})` : '';
}

export function cachePointLensTitle(analysis: Analysis, point: CachePoint): string {
  const min = analysis.model?.row?.minTokens;
  const base = `cache point · caches ${tokenCount(point.prefixTokens)}`;
  const probed = probedSuffix(analysis);
  switch (minimumVerdict(analysis, point)) {
    case 'reaches': return `${base} ✓ reaches the ${formatTokens(min!)} minimum${probed}`;
    case 'may-not-reach': return `${base} ⚠ may not reach the ${formatTokens(min!)} minimum${probed} (count exactly)`;
    case 'below': return `${base} ✗ below the ${formatTokens(min!)} minimum${probed}: will not be cached`;
    default: return `${base} · caching unknown for ${analysis.modelId || 'no model'}`;
  }
}
