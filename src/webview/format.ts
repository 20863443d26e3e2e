/** Timestamps for the panel; numbers go through src/shared/numberFormat like everywhere else. */

/** "2025-06-01 14:03:09" in UTC: a stable, sortable stamp for history rows. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

/**
 * "06-01 14:03" for narrow history rows: the year and seconds go (the row's tooltip keeps the
 * full stamp), so the column never wraps at a side-by-side width.
 */
export function formatShortTimestamp(iso: string): string {
  const full = formatTimestamp(iso);
  return /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(full) ? full.slice(5, 16) : full;
}
