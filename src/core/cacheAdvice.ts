/**
 * Everything said about one analysis, computed once: the planner's suggestions, its cache-point
 * findings merged with the analysis' own findings, and the cost preview. Lenses, diagnostics,
 * hovers and the CLI all read this.
 */
import type { Analysis, Finding } from './analysis';
import { planCachePoints, type Suggestion } from './cachePlanner';
import { cachePointFindings } from './cachePointRules';
import { costPreview, type CostPreview } from './costPreview';
import { validateCustomRules } from './planner/customRules';
import type { CacheSettings } from './promptConfig';

export interface CacheAdvice {
  findings: Finding[];
  suggestions: Suggestion[];
  cost: CostPreview;
}

export function adviseCachePoints(analysis: Analysis, settings: CacheSettings): CacheAdvice {
  const findings = [...analysis.findings, ...cachePointFindings(analysis, settings)];
  // The frontmatter reader already checks each rule's type at its own line; what is left for the
  // planner's validation is a custom strategy with no rules at all.
  if (settings.strategy === 'custom' && analysis.config.custom === undefined) {
    findings.push(...validateCustomRules(undefined, strategyRange(analysis), analysis.model?.row));
  }
  const suggestions = planCachePoints(analysis, settings);
  return { findings, suggestions, cost: costPreview(analysis, settings, 0, suggestions) };
}

function strategyRange(analysis: Analysis): Finding['range'] {
  const line = analysis.keyLines?.['cache.strategy'] ?? analysis.keyLines?.cache ?? 0;
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}
