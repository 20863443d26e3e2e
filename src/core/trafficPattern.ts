/**
 * How a prompt will be called, for the comparison: the gaps between calls. Given as a fixed
 * interval ("90s", "10m", "2h"), as calls per hour, or taken from the file's own run history
 * (its calls' start times, replayed gap for gap).
 */
export interface TrafficPattern {
  calls: number;
  /** Seconds between calls (the median gap when the pattern comes from history). */
  intervalSeconds: number;
  /** Seconds before each call; the first is 0. */
  gaps: number[];
  source: 'interval' | 'calls-per-hour' | 'history';
}

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600 };

/** "90s", "10m", "2h", "1.5h" or a bare number of seconds; undefined when it is none of those. */
export function parseDuration(text: string): number | undefined {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([smh]?)\s*$/i.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNITS[(match[2] || 's').toLowerCase()];
  return seconds > 0 ? seconds : undefined;
}

/** "90s", "10m", "2h" for a number of seconds (whole units when they fit). */
export function formatDuration(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600}h`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60}m`;
  if (seconds >= 3600) return `${+(seconds / 3600).toFixed(2)}h`;
  if (seconds >= 60) return `${+(seconds / 60).toFixed(2)}m`;
  return `${+seconds.toFixed(1)}s`;
}

export function fixedInterval(calls: number, intervalSeconds: number, source: TrafficPattern['source'] = 'interval'): TrafficPattern {
  return { calls, intervalSeconds, gaps: Array.from({ length: calls }, (_, i) => (i === 0 ? 0 : intervalSeconds)), source };
}

export function callsPerHour(calls: number, perHour: number): TrafficPattern {
  return fixedInterval(calls, 3600 / perHour, 'calls-per-hour');
}

/**
 * The pattern of past calls: their start times (ISO strings, any order) replayed as gaps.
 * Undefined with fewer than two calls (there is no gap to learn from).
 */
export function historyPattern(startTimes: readonly string[]): TrafficPattern | undefined {
  const times = startTimes.map((t) => Date.parse(t)).filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  if (times.length < 2) return undefined;
  const gaps = times.map((t, i) => (i === 0 ? 0 : (t - times[i - 1]) / 1000));
  const sorted = gaps.slice(1).sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)];
  return { calls: times.length, intervalSeconds: median, gaps, source: 'history' };
}
