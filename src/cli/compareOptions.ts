/** Parsing `compare`'s lists and traffic options into checked values (bad input names the option). */
import { COMPARE_STRATEGIES, COMPARE_TTLS, type CompareStrategy } from '../core/compareProjection';
import { callsPerHour, fixedInterval, historyPattern, parseDuration, type TrafficPattern } from '../core/trafficPattern';
import type { CacheTtl } from '../shared/usageRecord';
import { UsageError } from './usageError';

export const DEFAULT_CALLS = 10;
export const DEFAULT_INTERVAL_SECONDS = 60;

export function list(value: string | undefined): string[] | undefined {
  if (value === undefined) return undefined;
  const items = value.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length ? items : undefined;
}

export function strategiesOption(value: string | undefined): CompareStrategy[] {
  const items = list(value) ?? [...COMPARE_STRATEGIES];
  for (const s of items) {
    if (!(COMPARE_STRATEGIES as readonly string[]).includes(s)) throw new UsageError(`--strategies: unknown strategy "${s}": use ${COMPARE_STRATEGIES.join(', ')}.`);
  }
  return items as CompareStrategy[];
}

export function ttlsOption(value: string | undefined): CacheTtl[] {
  const items = list(value) ?? [...COMPARE_TTLS];
  for (const t of items) if (!(COMPARE_TTLS as readonly string[]).includes(t)) throw new UsageError(`--ttls: unknown TTL "${t}": use 5m, 1h.`);
  return items as CacheTtl[];
}

export function wholeNumber(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > max) throw new UsageError(`${name} must be a whole number from 1 to ${max}, got "${value}".`);
  return n;
}

export interface TrafficValues {
  interval?: string;
  'calls-per-hour'?: string;
  calls?: string;
}

/**
 * The traffic pattern from `--interval 90s|10m|2h|history`, `--calls-per-hour N` and `--calls N`.
 * `history` replays the gaps of the file's earlier runs (`historyStarts`).
 */
export function trafficOption(values: TrafficValues, historyStarts?: () => string[]): TrafficPattern {
  if (values.interval !== undefined && values['calls-per-hour'] !== undefined) throw new UsageError('give --interval or --calls-per-hour, not both.');
  const calls = wholeNumber('--calls', values.calls, DEFAULT_CALLS, 100000);
  if (values['calls-per-hour'] !== undefined) {
    const perHour = Number(values['calls-per-hour']);
    if (!(perHour > 0) || !Number.isFinite(perHour)) throw new UsageError(`--calls-per-hour must be a positive number, got "${values['calls-per-hour']}".`);
    return callsPerHour(calls, perHour);
  }
  if (values.interval === 'history') {
    const starts = historyStarts?.() ?? [];
    const pattern = historyPattern(starts);
    if (!pattern) throw new UsageError(`--interval history needs at least two earlier runs of the file in --history (found ${starts.length}).`);
    if (values.calls === undefined) return pattern;
    // More (or fewer) calls than the history has: its gaps repeated in order.
    const past = pattern.gaps.slice(1);
    return { ...pattern, calls, gaps: Array.from({ length: calls }, (_, i) => (i === 0 ? 0 : past[(i - 1) % past.length])) };
  }
  if (values.interval === undefined) return fixedInterval(calls, DEFAULT_INTERVAL_SECONDS);
  const seconds = parseDuration(values.interval);
  if (seconds === undefined) throw new UsageError(`--interval must be a duration like 90s, 10m or 2h (or "history"), got "${values.interval}".`);
  return fixedInterval(calls, seconds);
}
