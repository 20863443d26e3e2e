/**
 * The JSON `compare --json` prints. The first fields of each row and the top level are a stable
 * contract (scripts and other tests read them); later fields are additions.
 */
import type { MeasuredCell } from '../aws/compareLive';
import type { CompareStrategy, ProjectedRow } from '../core/compareProjection';
import type { ComparisonRow } from '../shared/comparisonView';
import type { CacheTtl } from '../shared/usageRecord';

/** A row of the contract: the panel's row fields (null for measured-only rows, prompt routers), plus the CLI's extras. */
export interface CompareJsonRow extends Omit<ComparisonRow, 'modelName' | 'measured'> {
  modelName?: string;
  firstTokenLatency?: ProjectedRow['firstTokenLatency'];
  measuredOnly?: boolean;
  measured?: {
    runs: number;
    costUSD: number;
    hitRatio: number;
    ttftMsMedian: number | null;
    invokedModels?: string[];
    runsDetail: MeasuredCell['runsDetail'];
    error?: string;
  };
}

export interface CompareJson {
  file: string;
  calls: number;
  intervalSeconds: number;
  rows: CompareJsonRow[];
  best: { model: string; strategy: CompareStrategy; ttl: CacheTtl | null } | null;
  traffic: 'interval' | 'calls-per-hour' | 'history';
  outputTokensPerCall: number;
  skipped: { model: string; reason: string }[];
  /** The experiment ID every live record carries in the history. */
  experiment?: string;
}

export function projectedJsonRow(r: ProjectedRow): CompareJsonRow {
  return {
    model: r.model, strategy: r.strategy, ttl: r.ttl, cachePointLines: r.cachePointLines, hitRatio: r.hitRatio,
    costUSD: r.costUSD, costPerCallUSD: r.costPerCallUSD, savingVsNoneUSD: r.savingVsNoneUSD, notes: r.notes,
    modelName: r.modelName, firstTokenLatency: r.firstTokenLatency,
  };
}

export function measuredJson(m: MeasuredCell): NonNullable<CompareJsonRow['measured']> {
  return {
    runs: m.runs, costUSD: m.costUSD, hitRatio: m.hitRatio, ttftMsMedian: m.ttftMsMedian,
    ...(m.invokedModels ? { invokedModels: m.invokedModels } : {}), runsDetail: m.runsDetail, ...(m.error ? { error: m.error } : {}),
  };
}
