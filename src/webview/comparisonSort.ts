/** Sorting the comparison table by any column; pure, so the order is testable without a page. */
import type { ComparisonRow } from '../shared/comparisonView';

export type ComparisonSortKey = 'model' | 'strategy' | 'ttl' | 'points' | 'hitRatio' | 'costUSD' | 'costPerCallUSD' | 'savingVsNoneUSD' | 'measuredCostUSD' | 'ttftMsMedian';

export interface ComparisonSort {
  key: ComparisonSortKey | string;
  descending: boolean;
}

export const DEFAULT_SORT: ComparisonSort = { key: 'costUSD', descending: false };

function value(row: ComparisonRow, key: string): string | number | null {
  switch (key) {
    case 'model': return row.modelName || row.model;
    case 'strategy': return row.strategy;
    case 'ttl': return row.ttl ?? '';
    case 'points': return row.cachePointLines.length;
    case 'hitRatio': return row.hitRatio;
    case 'costPerCallUSD': return row.costPerCallUSD;
    case 'savingVsNoneUSD': return row.savingVsNoneUSD;
    case 'measuredCostUSD': return row.measured?.costUSD ?? null;
    case 'ttftMsMedian': return row.measured?.ttftMsMedian ?? null;
    default: return row.costUSD;
  }
}

/** Rows in the sort's order; rows without a value (measured-only, unmeasured) always go last. */
export function sortRows(rows: readonly ComparisonRow[], sort: ComparisonSort): ComparisonRow[] {
  const sign = sort.descending ? -1 : 1;
  return rows.map((row, index) => ({ row, index })).sort((a, b) => {
    const x = value(a.row, sort.key);
    const y = value(b.row, sort.key);
    if (x === null || y === null) return x === y ? a.index - b.index : x === null ? 1 : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? sign * order : a.index - b.index;
  }).map((x) => x.row);
}

/** Clicking a column: the same column flips direction, another starts ascending. */
export function nextSort(current: ComparisonSort, key: string): ComparisonSort {
  return current.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

export function cellKey(row: Pick<ComparisonRow, 'model' | 'strategy' | 'ttl'>): string {
  return `${row.model}|${row.strategy}|${row.ttl ?? ''}`;
}
