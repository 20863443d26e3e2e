/**
 * How long each cache point of a file stays warm. Bedrock keeps a cached prefix for its TTL after
 * the last write *or* read of it (the TTL slides on every hit), so the time left is measured from
 * the newest run that touched the same prefix. Shared by the status bar item on the host and the
 * usage panel so both show the same countdown.
 */
import { bedrockRuns, type CacheTtl, type CachePointOutcome, type UsageRecord } from './usageRecord';

export const TTL_MS: Readonly<Record<CacheTtl, number>> = { '5m': 5 * 60_000, '1h': 60 * 60_000 };

export interface CachePointWarmth {
  /** Line of the cache point in the newest run. */
  line: number;
  ttl: CacheTtl;
  prefixTokens: number;
  /** Epoch ms of the newest run that wrote or read this prefix; undefined when none did. */
  touchedAt?: number;
  /** Epoch ms when the prefix leaves the cache (touchedAt + TTL). */
  expiresAt?: number;
  /** Never negative; 0 when cold. */
  remainingMs: number;
  warm: boolean;
}

/**
 * Identifies "the same cached prefix" across runs. A cache entry belongs to one model in one
 * region, and its content is the prefix up to the point; with no content hash in the record the
 * prefix size at the same line is the best stand-in (an edit above the point changes it).
 */
function prefixKey(record: UsageRecord, point: CachePointOutcome): string {
  const hash = point.prefixHash ?? `${point.line}:${point.prefixTokens}`;
  return `${record.invokedModel ?? record.model}|${record.region}|${point.ttl}|${hash}`;
}

/**
 * Warmth of every cache point of the newest run in `records` (all runs of one file, any order).
 * A run's time counts from its start: the earliest moment the prefix could have been touched,
 * so the countdown errs on the side of "colder than it is" rather than promising a warm cache.
 */
export function cacheWarmth(all: readonly UsageRecord[], now: number): CachePointWarmth[] {
  // A response cache replay touched no prefix in Bedrock's cache.
  const records = bedrockRuns(all);
  if (records.length === 0) return [];
  const touched = new Map<string, number>();
  let newest = records[0];
  for (const record of records) {
    const at = Date.parse(record.startedAt);
    if (Number.isNaN(at)) continue;
    if (Date.parse(newest.startedAt) < at || Number.isNaN(Date.parse(newest.startedAt))) newest = record;
    for (const point of record.cachePoints) {
      if (point.status === 'not-cached') continue;
      const key = prefixKey(record, point);
      if ((touched.get(key) ?? -Infinity) < at) touched.set(key, at);
    }
  }
  return newest.cachePoints.map((point) => {
    const touchedAt = touched.get(prefixKey(newest, point));
    if (touchedAt === undefined) {
      return { line: point.line, ttl: point.ttl, prefixTokens: point.prefixTokens, remainingMs: 0, warm: false };
    }
    const expiresAt = touchedAt + TTL_MS[point.ttl];
    const remainingMs = Math.max(0, expiresAt - now);
    return { line: point.line, ttl: point.ttl, prefixTokens: point.prefixTokens, touchedAt, expiresAt, remainingMs, warm: remainingMs > 0 };
  });
}

/**
 * The point whose expiry matters first: the warm one that goes cold soonest (from then on a run
 * pays to write that prefix again). Undefined when nothing is warm.
 */
export function soonestExpiry(points: readonly CachePointWarmth[]): CachePointWarmth | undefined {
  let soonest: CachePointWarmth | undefined;
  for (const point of points) {
    if (point.warm && (!soonest || point.remainingMs < soonest.remainingMs)) soonest = point;
  }
  return soonest;
}

/** "3:41" below an hour, "1:00:00" at an hour; rounds up so "0:00" is only shown when cold. */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0 ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}` : `${minutes}:${seconds}`;
}

/** "cache warm 3:41" or "cold". */
export function warmthLabel(point: CachePointWarmth | undefined): string {
  return point?.warm ? `cache warm ${formatCountdown(point.remainingMs)}` : 'cold';
}
