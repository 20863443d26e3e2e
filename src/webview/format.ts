/**
 * Number formatting for the panel. Fixed to en-US so the figures read the same in every test
 * and screenshot; the panel's words are English too.
 */

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

export function formatTokens(n: number): string {
  return integer.format(n);
}

/** Cents above a dollar; four significant digits below, so a cheap run does not show as $0.00. */
export function formatUSD(n: number): string {
  const abs = Math.abs(n);
  const text = `$${abs === 0 || abs >= 1 ? abs.toFixed(2) : abs.toPrecision(4)}`;
  return n < 0 ? `−${text}` : text;
}

/** A ratio in [0, 1] (or a signed saving ratio) as a percentage with one decimal. */
export function formatPercent(ratio: number): string {
  const text = `${Math.abs(ratio * 100).toFixed(1)}%`;
  // The same minus sign as the dollar figures beside it.
  return ratio < 0 && text !== '0.0%' ? `−${text}` : text;
}

export function formatMs(ms: number | undefined): string {
  if (ms === undefined) return '—';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** "2025-06-01 14:03:09" in UTC: a stable, sortable stamp for history rows. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
