/**
 * Quick fixes for cache-point findings, as plain text edits: the editor layer only converts
 * them to WorkspaceEdits. `text` (the document) lets a fix remove a marker's whole line and edit
 * `cache.stable` in the frontmatter; without it, fixes touch only the marker itself.
 */
import type { Analysis, CachePoint, Finding, Range } from '../analysis';
import { DEFAULT_CACHE_SETTINGS, type CacheSettings } from '../promptConfig';
import { changingBefore, pointPos, stablePrefix } from './boundaries';
import { leastValuablePoint } from './pointValue';
import { markerText, pointTtl } from './ttlChoice';
import { VOLATILE_CODE } from '../volatileContent';
import { volatileQuickFixes } from '../volatileFixes';

export interface TextEdit {
  range: Range;
  newText: string;
}

export interface QuickFix {
  title: string;
  isPreferred: boolean;
  edits: TextEdit[];
}

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

const pos = (line: number, character = 0) => ({ line, character });

/** Removes a point: its whole line when the marker (or `cache.tools:` key) stands alone on it. */
export function removalEdit(point: CachePoint, text?: string): TextEdit {
  const line = text?.split(/\r?\n/)[point.range.start.line];
  if (line !== undefined && point.range.start.line === point.range.end.line) {
    const rest = line.slice(0, point.range.start.character) + line.slice(point.range.end.character);
    if (rest.trim() === '') return { range: { start: pos(point.range.start.line), end: pos(point.range.start.line + 1) }, newText: '' };
  }
  return { range: point.range, newText: '' };
}

function insertLine(line: number, content: string): TextEdit {
  return { range: { start: pos(line), end: pos(line) }, newText: `${content}\n` };
}

function remove(point: CachePoint, text: string | undefined, preferred: boolean, title = 'Remove this cache point'): QuickFix {
  return { title, isPreferred: preferred, edits: [removalEdit(point, text)] };
}

/**
 * Moves a point to the end of the stable prefix, when that spot reaches the minimum and holds
 * no point yet.
 */
function moveToStableEnd(analysis: Analysis, point: CachePoint, text: string | undefined): QuickFix | undefined {
  const row = analysis.model?.row;
  if (!row) return undefined;
  const prefix = stablePrefix(analysis, row);
  const target = prefix.boundaries.filter((b) => b.selectable && b.kind !== 'tools').pop();
  if (!target || target.prefixTokens < row.minTokens) return undefined;
  if (analysis.cachePoints.some((p) => p !== point && pointPos(analysis, p) === target.pos)) return undefined;
  if (target.pos === pointPos(analysis, point)) return undefined;
  return {
    title: `Move the cache point to line ${target.line + 1}, the end of the stable prefix`,
    isPreferred: true,
    edits: [insertLine(target.line, markerText(pointTtl(point))), removalEdit(point, text)]
      .sort((a, b) => a.range.start.line - b.range.start.line),
  };
}

/**
 * Moves a point forward to the first spot where its prefix reaches the model's minimum (within
 * the stable prefix, so later calls can still read it), when that is not the stable prefix's
 * end (moveToStableEnd offers that one).
 */
function moveToMinimum(analysis: Analysis, point: CachePoint, text: string | undefined): QuickFix | undefined {
  const row = analysis.model?.row;
  if (!row) return undefined;
  const here = pointPos(analysis, point);
  const { boundaries } = stablePrefix(analysis, row);
  const candidates = boundaries.filter((b) => b.selectable && b.kind !== 'tools');
  const target = candidates.find((b) => b.pos > here && b.prefixTokens >= row.minTokens);
  if (!target || target === candidates[candidates.length - 1]) return undefined;
  // A point already between here and the target would make this one a duplicate of it.
  if (analysis.cachePoints.some((p) => p !== point && pointPos(analysis, p) > here && pointPos(analysis, p) <= target.pos)) return undefined;
  return {
    title: `Move the cache point to line ${target.line + 1}, where the prefix reaches the minimum of ${row.minTokens.toLocaleString('en-US')} tokens`,
    isPreferred: false,
    edits: [insertLine(target.line, markerText(pointTtl(point))), removalEdit(point, text)]
      .sort((a, b) => a.range.start.line - b.range.start.line),
  };
}

/**
 * Merges a point into the next one: the next point's prefix includes this one's, so removing
 * this one caches the same tokens with one point fewer.
 */
function mergeWithNext(analysis: Analysis, point: CachePoint, text: string | undefined): QuickFix | undefined {
  const here = pointPos(analysis, point);
  const next = analysis.cachePoints
    .filter((p) => pointPos(analysis, p) > here)
    .sort((a, b) => pointPos(analysis, a) - pointPos(analysis, b))[0];
  if (!next) return undefined;
  return { title: `Merge with the next cache point (line ${next.range.start.line + 1}): it caches this prefix too`, isPreferred: false, edits: [removalEdit(point, text)] };
}

/** Adds `name` to `cache.stable` in the frontmatter (needs the document text). */
export function addToStableEdit(analysis: Analysis, name: string, text: string): TextEdit {
  const lines = text.split(/\r?\n/);
  const end = analysis.frontmatterEndLine;
  if (end < 0) return { range: { start: pos(0), end: pos(0) }, newText: `---\ncache.stable: [${name}]\n---\n` };
  for (let i = 1; i < end; i++) {
    const flow = /^(\s*(?:cache\.)?stable\s*:\s*)\[(.*)\]\s*$/.exec(lines[i]);
    if (flow && (lines[i].startsWith('cache.') || /^cache\s*:/.test(lines.slice(0, i).reverse().find((l) => /^\S/.test(l)) ?? ''))) {
      const items = flow[2].trim();
      return { range: { start: pos(i), end: pos(i, lines[i].length) }, newText: `${flow[1]}[${items ? `${items}, ` : ''}${name}]` };
    }
    if (/^cache\.stable\s*:\s*$/.test(lines[i])) {
      let last = i;
      while (last + 1 < end && /^\s*-\s/.test(lines[last + 1])) last++;
      const indent = last > i ? /^(\s*)-/.exec(lines[last])?.[1] ?? '  ' : '  ';
      return insertLine(last + 1, `${indent}- ${name}`);
    }
  }
  return insertLine(end, `cache.stable: [${name}]`);
}

function setTtl(point: CachePoint, ttl: '5m' | '1h' | undefined): TextEdit {
  return { range: point.range, newText: ttl === '1h' ? markerText('1h') : '{{cachePoint}}' };
}

export function quickFixesFor(finding: Finding, analysis: Analysis, text?: string, settings: CacheSettings = DEFAULT_CACHE_SETTINGS): QuickFix[] {
  if (finding.code === VOLATILE_CODE) return volatileQuickFixes(finding, analysis, text);
  const point = analysis.cachePoints.find((p) => sameRange(p.range, finding.range));
  if (!point) return [];
  switch (finding.code) {
    case 'cache-below-minimum': {
      // With a later point the merge keeps the caching; otherwise moving it to where it counts does.
      const merge = mergeWithNext(analysis, point, text);
      const moves = [moveToMinimum(analysis, point, text), moveToStableEnd(analysis, point, text)]
        .filter((f): f is QuickFix => f !== undefined).map((f) => ({ ...f, isPreferred: false }));
      // Merging is removing this point (the next one covers its prefix): one action, not two.
      if (merge) return [{ ...merge, isPreferred: true }, ...moves];
      return [...moves, remove(point, text, true)];
    }
    case 'cache-segment-below-minimum': {
      const merge = mergeWithNext(analysis, point, text);
      return merge ? [{ ...merge, isPreferred: true }] : [remove(point, text, true)];
    }
    case 'cache-duplicate':
    case 'cache-at-start':
    case 'cache-alone-in-message':
    case 'cache-field-rejected':
    case 'cache-ttl-nova-tools':
      return [remove(point, text, true)];
    case 'cache-too-many-points': {
      const least = leastValuablePoint(analysis, settings);
      const fixes: QuickFix[] = [];
      if (least && least !== point) fixes.push(remove(least, text, true, `Remove the least valuable cache point (line ${least.range.start.line + 1})`));
      fixes.push(remove(point, text, !least || least === point));
      return fixes;
    }
    case 'cache-after-changing': return afterChangingFixes(analysis, point, text);
    case 'cache-ttl-order': {
      const fixes: QuickFix[] = [{ title: 'Use a 5-minute TTL here', isPreferred: true, edits: [setTtl(point, undefined)] }];
      const earlier = analysis.cachePoints.filter((p) => pointPos(analysis, p) <= pointPos(analysis, point) && p !== point && pointTtl(p) === '5m');
      if (analysis.model?.row?.ttls.includes('1h') && earlier.every((p) => p.field !== 'tools')) {
        fixes.push({ title: 'Use a 1-hour TTL on the earlier points', isPreferred: false, edits: earlier.map((p) => setTtl(p, '1h')) });
      }
      return fixes;
    }
    case 'cache-ttl-unsupported':
      return [{ title: 'Remove ttl="1h" (use 5 minutes)', isPreferred: true, edits: [setTtl(point, undefined)] }];
    case 'model-no-caching':
    case 'model-unknown': {
      const fixes = [remove(point, text, finding.code === 'model-no-caching')];
      if (analysis.cachePoints.length > 1) {
        fixes.push({
          title: 'Remove all cache points', isPreferred: false,
          edits: [...analysis.cachePoints].reverse().map((p) => removalEdit(p, text)),
        });
      }
      return fixes;
    }
    default:
      return [];
  }
}

function afterChangingFixes(analysis: Analysis, point: CachePoint, text: string | undefined): QuickFix[] {
  const fixes: QuickFix[] = [];
  const move = moveToStableEnd(analysis, point, text);
  if (move) fixes.push(move);
  const name = changingBefore(analysis, point)?.name;
  if (text && name && name !== 'history' && !analysis.config.stable.includes(name)) {
    fixes.push({ title: `Mark ${name} as stable (cache.stable)`, isPreferred: !move, edits: [addToStableEdit(analysis, name, text)] });
  }
  fixes.push(remove(point, text, fixes.length === 0));
  return fixes;
}
