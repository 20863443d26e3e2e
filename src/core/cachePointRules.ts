/**
 * Diagnostics for the cache points an author wrote: will each one cache, may it, can Bedrock
 * accept it at all. Every finding sits on the point's own range and carries a stable code
 * (table in docs/diagnostics.md); quick fixes for them come from planner/cachePointFixes.ts.
 */
import type { Analysis, CachePoint, Finding, Severity } from './analysis';
import type { ModelRow } from './modelCatalog';
import type { CacheSettings } from './promptConfig';
import { changingBefore, fieldAllowed, pointsInOrder } from './planner/boundaries';
import { formatTokens } from '../shared/numberFormat';
import { leastValuablePoint } from './planner/pointValue';
import { pointTtl } from './planner/ttlChoice';

export { changingBefore } from './planner/boundaries';
export { quickFixesFor, type QuickFix, type TextEdit } from './planner/cachePointFixes';

export const CACHE_POINT_CODES = {
  belowMinimum: 'cache-below-minimum',
  mayMissMinimum: 'cache-may-miss-minimum',
  segmentBelowMinimum: 'cache-segment-below-minimum',
  tooManyPoints: 'cache-too-many-points',
  afterChanging: 'cache-after-changing',
  ttlOrder: 'cache-ttl-order',
  ttlUnsupported: 'cache-ttl-unsupported',
  ttlNovaTools: 'cache-ttl-nova-tools',
  fieldRejected: 'cache-field-rejected',
  modelNoCaching: 'model-no-caching',
  modelUnknown: 'model-unknown',
  duplicate: 'cache-duplicate',
  atStart: 'cache-at-start',
  aloneInMessage: 'cache-alone-in-message',
  overCachedLimit: 'cache-over-cached-limit',
} as const;

const C = CACHE_POINT_CODES;

function at(point: CachePoint, code: string, severity: Severity, message: string): Finding {
  return { code, severity, range: point.range, message };
}

export function cachePointFindings(analysis: Analysis, settings: CacheSettings): Finding[] {
  const points = analysis.cachePoints;
  if (points.length === 0) return [];
  const status = analysis.model?.status;
  const row = analysis.model?.row;
  if (status !== 'caching' || !row) {
    const name = analysis.modelId || 'no model';
    return points.map((p) => status === 'no-caching'
      ? at(p, C.modelNoCaching, 'warning', `${name} does not support prompt caching: Bedrock rejects cache points for it (AccessDeniedException). Remove the point or pick a model that caches.`)
      : at(p, C.modelUnknown, 'warning', `${name} is not in the model catalog, so this point cannot be checked. Add the model in the promptCache.models setting if it caches.`));
  }
  const out: Finding[] = [];
  const ordered = pointsInOrder(analysis);
  ordered.forEach((point, i) => out.push(...pointFindings(analysis, row, point, ordered[i - 1])));
  // Without a 1-hour cache the order is moot: each 1h point is already flagged as unsupported,
  // and removing its ttl (not adding 1h to earlier points) is the only fix.
  // Loops, not spreads: there is one finding per point, and a file may hold very many.
  if (row.ttls.includes('1h')) for (const f of ttlOrderFindings(ordered)) out.push(f);
  if (points.length > row.maxPoints) for (const f of tooManyFindings(analysis, settings, row)) out.push(f);
  return out;
}

function pointFindings(analysis: Analysis, row: ModelRow, point: CachePoint, previous: CachePoint | undefined): Finding[] {
  const out: Finding[] = [];
  const isNova = row.family === 'nova';
  if (!fieldAllowed(row, point.field)) {
    out.push(at(point, C.fieldRejected, 'error', point.field === 'tools'
      ? `${row.name} does not accept a cache point in the tool definitions (ValidationException "extraneous key [cachePoint] is not permitted"). Remove cache.tools.`
      : `${row.name} does not accept a cache point in ${point.field}.`));
    if (point.field === 'tools' && isNova && point.ttl) {
      out.push(at(point, C.ttlNovaTools, 'error', `A TTL on a Nova tools cache point is rejected twice over: Nova takes neither tools points nor a TTL.`));
    }
  }
  if (point.ttl === '1h' && !row.ttls.includes('1h')) {
    out.push(isNova
      ? at(point, C.ttlUnsupported, 'error', `${row.name} has no 1-hour cache: Bedrock answers 400 "Extended TTL prompt caching is only supported for Anthropic models". Remove ttl="1h".`)
      : at(point, C.ttlUnsupported, 'warning', `${row.name} has no 1-hour cache: Bedrock either rejects ttl="1h" or quietly uses 5 minutes. Remove ttl="1h".`));
  }
  const changing = changingBefore(analysis, point);
  if (changing) {
    const media = changingMedia(analysis).has(`${changing.line}\u0000${changing.name}`);
    const what = media
      ? `The media on line ${changing.line + 1} ({{media url=${changing.name}}}) is a different picture or document each call: changing media inside the cached prefix makes the prefix differ each time, so it is written on every call and never read. `
      : `{{${changing.name}}} on line ${changing.line + 1} changes every call, so the prefix this point closes differs each time: it is written on every call and never read. `;
    out.push(at(point, C.afterChanging, 'warning',
      what + `Move the point before line ${changing.line + 1}, or add ${changing.name} to cache.stable if its value stays the same.`));
  }
  if (point.afterBlock < 0 || (point.prefixTokens === 0 && !previous)) {
    out.push(at(point, C.atStart, 'warning', 'A cache point at the very start closes an empty prefix and caches nothing. Remove it.'));
    return out;
  }
  if (previous && point.segmentTokens === 0 && previous.afterBlock === point.afterBlock) {
    out.push(at(point, C.duplicate, 'warning', `This point directly follows the one on line ${previous.range.start.line + 1} with nothing between them. Remove one.`));
    return out;
  }
  if (point.field === 'message' && !messagesWithContent(analysis).has(point.messageIndex)) {
    out.push(at(point, C.aloneInMessage, 'warning', 'This message would hold only the cache point, and Bedrock rejects such a message. Move the point after some content.'));
  }
  out.push(...minimumFindings(row, point, previous));
  if (row.maxCachedTokens !== undefined && point.prefixTokens > row.maxCachedTokens) {
    out.push(at(point, C.overCachedLimit, 'info',
      `${row.name} caches at most about ${formatTokens(row.maxCachedTokens)} tokens per request; this prefix has ${formatTokens(point.prefixTokens)}, so part of it may not be cached.`));
  }
  return out;
}

const withContent = new WeakMap<Analysis, Set<number | undefined>>();

/** Messages that hold some content, found once per analysis. */
function messagesWithContent(analysis: Analysis): Set<number | undefined> {
  let found = withContent.get(analysis);
  if (!found) {
    found = new Set(analysis.blocks.filter((b) => b.field === 'message' && b.tokens > 0).map((b) => b.messageIndex));
    withContent.set(analysis, found);
  }
  return found;
}

/**
 * The raw cl100k count is a practical lower bound for Claude: when it clears the minimum the
 * point caches; when only the calibrated estimate does, the point may fall short.
 */
function minimumFindings(row: ModelRow, point: CachePoint, previous: CachePoint | undefined): Finding[] {
  const min = row.minTokens;
  const minText = `${row.name}'s minimum of ${formatTokens(min)} tokens${row.probed ? ` (${row.probed})` : ''}`;
  if (point.prefixTokens < min && point.rawPrefixTokens < min) {
    return [at(point, C.belowMinimum, 'error',
      `Will not be cached: the prefix before this point has about ${formatTokens(point.prefixTokens)} tokens, under ${minText}. Bedrock accepts the request and caches nothing.`)];
  }
  // Info, not a warning: Claude counts more than raw cl100k almost always, so the point most
  // likely caches; the planner suggests such points too, and an exact count settles it.
  if (point.rawPrefixTokens < min) {
    return [at(point, C.mayMissMinimum, 'info',
      `May not reach ${minText}: the estimate is ${formatTokens(point.prefixTokens)} tokens but the raw count is ${formatTokens(point.rawPrefixTokens)}. Count the tokens exactly to be sure.`)];
  }
  if (previous && point.segmentTokens < min) {
    return [at(point, C.segmentBelowMinimum, 'warning',
      `May not be cached: only ${formatTokens(point.segmentTokens)} tokens since the previous cache point (line ${previous.range.start.line + 1}), under ${minText}.`)];
  }
  return [];
}

function ttlOrderFindings(points: readonly CachePoint[]): Finding[] {
  const out: Finding[] = [];
  let firstShort: CachePoint | undefined;
  for (const point of points) {
    if (pointTtl(point) === '5m') firstShort ??= point;
    else if (firstShort) {
      out.push(at(point, C.ttlOrder, 'error',
        `A 1-hour point may not follow a 5-minute one (line ${firstShort.range.start.line + 1}, 5 minutes when no ttl is written): Bedrock answers 400. Use 5 minutes here or 1 hour on the earlier points.`));
    }
  }
  return out;
}

function tooManyFindings(analysis: Analysis, settings: CacheSettings, row: ModelRow): Finding[] {
  const least = leastValuablePoint(analysis, settings);
  const hint = least ? ` The least valuable is the one on line ${least.range.start.line + 1}.` : '';
  return pointsInOrder(analysis).slice(row.maxPoints).map((point) => at(point, C.tooManyPoints, 'error',
    `${row.name} allows ${row.maxPoints} cache points and this file has ${analysis.cachePoints.length}: Bedrock answers 400 "A maximum of ${row.maxPoints} blocks with cache_control may be provided".${hint}`));
}

/** Line and name of every media URL that changes per call, computed once per analysis (a file may hold thousands of points). */
const mediaByAnalysis = new WeakMap<Analysis, Set<string>>();
function changingMedia(analysis: Analysis): Set<string> {
  let found = mediaByAnalysis.get(analysis);
  if (!found) {
    found = new Set(analysis.blocks.filter((b) => b.kind === 'media').flatMap((b) => b.changing.map((c) => `${b.range.start.line}\u0000${c.name}`)));
    mediaByAnalysis.set(analysis, found);
  }
  return found;
}
