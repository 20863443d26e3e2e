/** Timestamps for the panel; numbers go through src/shared/numberFormat like everywhere else. */

/** "2025-06-01 14:03:09" in UTC: a stable, sortable stamp for history rows. */
export function formatTimestamp(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toISOString().slice(0, 19).replace('T', ' ');
}
