/**
 * The TTL a new point gets. Bedrock rejects a 1-hour entry after a 5-minute one and rejects
 * `ttl:"1h"` on models without it, so the wanted TTL gives way to the author's points around it.
 */
import type { CacheTtl } from '../../shared/usageRecord';
import type { Analysis, CachePoint } from '../analysis';
import { pointPos } from './boundaries';
import type { ModelRow } from '../modelCatalog';

export interface TtlChoice {
  ttl: CacheTtl;
  /** Why the TTL differs from the wanted one, if it does. */
  note?: string;
}

/** A point written without `ttl=` is a 5-minute point on Bedrock. */
export function pointTtl(point: CachePoint): CacheTtl {
  return point.ttl ?? '5m';
}

export function chooseTtl(pos: number, wanted: CacheTtl, analysis: Analysis, row: ModelRow): TtlChoice {
  const existing = analysis.cachePoints;
  if (wanted === '1h' && !row.ttls.includes('1h')) {
    return { ttl: '5m', note: `${row.name} has no 1-hour cache, so the point uses 5 minutes.` };
  }
  if (wanted === '1h' && existing.some((p) => pointPos(analysis, p) < pos && pointTtl(p) === '5m')) {
    return { ttl: '5m', note: 'A 5-minute point comes earlier and a 1-hour point may not follow it, so this one uses 5 minutes.' };
  }
  // Only where the model has a 1-hour cache (elsewhere the later 1h point is the flagged mistake)
  // and no 5-minute point comes earlier (then the order is broken already and 1h here would add
  // one more 1h-after-5m).
  if (wanted === '5m' && row.ttls.includes('1h') && existing.some((p) => pointPos(analysis, p) > pos && pointTtl(p) === '1h')
    && !existing.some((p) => pointPos(analysis, p) < pos && pointTtl(p) === '5m')) {
    return { ttl: '1h', note: 'A 1-hour point comes later and must not follow a 5-minute one, so this one uses 1 hour too.' };
  }
  return { ttl: wanted };
}

/** The marker text for a TTL, bare for the default so the file stays portable. */
export function markerText(ttl: CacheTtl): string {
  return ttl === '1h' ? '{{cachePoint ttl="1h"}}' : '{{cachePoint}}';
}
