/**
 * What the usage panel's "Models, strategies and TTLs" tab shows: the comparison's rows and the
 * cost-against-traffic curves of one model with their break-even points. Plain JSON (it crosses
 * `postMessage`); computed on the host, drawn by the webview.
 */
import type { CacheTtl } from './usageRecord';

export type ComparisonStrategy = 'none' | 'conservative' | 'aggressive' | 'custom';

export interface ComparisonMeasured {
  runs: number;
  costUSD: number;
  hitRatio: number;
  ttftMsMedian: number | null;
  invokedModels?: string[];
}

export interface ComparisonRow {
  model: string;
  modelName: string;
  strategy: ComparisonStrategy | 'as written';
  ttl: CacheTtl | null;
  cachePointLines: number[];
  hitRatio: number | null;
  costUSD: number | null;
  costPerCallUSD: number | null;
  savingVsNoneUSD: number | null;
  notes: string[];
  measured?: ComparisonMeasured;
}

export interface CurvePoint {
  callsPerHour: number;
  costPerCallUSD: number;
}

export interface CostCurve {
  /** "none", "conservative 5m", … */
  label: string;
  strategy: ComparisonStrategy;
  ttl: CacheTtl | null;
  points: CurvePoint[];
}

/** Where, going up in calls per hour, one curve becomes cheaper than another. */
export interface BreakEven {
  callsPerHour: number;
  /** The curve that becomes the cheaper one… */
  cheaper: string;
  /** …than this one. */
  than: string;
}

export interface ComparisonView {
  file: string;
  calls: number;
  intervalSeconds: number;
  rows: ComparisonRow[];
  best: { model: string; strategy: ComparisonStrategy; ttl: CacheTtl | null } | null;
  /** The model the chart is drawn for (the best row's). */
  chartModel: string;
  curves: CostCurve[];
  breakEvens: BreakEven[];
}
