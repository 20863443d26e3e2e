/**
 * The comparison as the usage panel shows it: the projected rows plus, for the best row's model,
 * the cost-against-traffic curves and their break-even points. Shared by the editor command and
 * the webview tests, so the page is always fed what the CLI computes.
 */
import type { ComparisonView } from '../shared/comparisonView';
import type { Analysis } from './analysis';
import { breakEvens, costCurves } from './compareCurves';
import { projectComparison, type CompareOptions } from './compareProjection';
import type { Strategy } from './promptConfig';
import type { TrafficPattern } from './trafficPattern';

export function comparisonViewOf(file: string, analyses: readonly Analysis[], traffic: TrafficPattern, options: CompareOptions): ComparisonView {
  const projection = projectComparison(analyses, traffic, options);
  const best = projection.best;
  const chartModel = best?.model ?? projection.rows[0]?.model ?? '';
  const analysis = analyses.find((a) => a.model?.row?.id === chartModel);
  // The curve's strategy: the best row's, or the first cached strategy asked for.
  const strategy = (best && best.strategy !== 'none' ? best.strategy : options.strategies.find((s) => s !== 'none')) as Strategy | undefined;
  const curves = analysis && strategy ? costCurves(analysis, strategy, options, traffic.calls) : [];
  return {
    file, calls: traffic.calls, intervalSeconds: traffic.intervalSeconds,
    rows: projection.rows.map((r) => ({
      model: r.model, modelName: r.modelName, strategy: r.strategy, ttl: r.ttl, cachePointLines: r.cachePointLines, hitRatio: r.hitRatio,
      costUSD: r.costUSD, costPerCallUSD: r.costPerCallUSD, savingVsNoneUSD: r.savingVsNoneUSD, notes: r.notes,
    })),
    best, chartModel: analysis?.model?.row?.name ?? chartModel, curves, breakEvens: breakEvens(curves),
  };
}
