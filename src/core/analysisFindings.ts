/**
 * Findings about the text itself (syntax, markers, model), as opposed to the cache planner's
 * findings about whether cache points can work.
 */
import type { CachePoint, Finding } from './analysis';
import type { Layout } from './blockLayout';
import type { LineIndex } from './lineIndex';
import type { ResolvedModel } from './modelResolver';
import type { ScanResult } from './scanner';

export interface FindingInput {
  lines: LineIndex;
  scan: ScanResult;
  layout: Layout;
  model?: ResolvedModel;
  modelId: string;
  modelLine?: number;
  cachePoints: CachePoint[];
  /** False for partials and unreadable frontmatter: no "No model" finding then. */
  modelExpected?: boolean;
}

export function buildFindings(input: FindingInput): Finding[] {
  const { lines, scan, layout, model, modelId } = input;
  const findings: Finding[] = [];
  for (const problem of scan.problems) {
    findings.push({ code: problem.code, severity: 'error', range: lines.range(problem.start, problem.end), message: problem.message });
  }
  for (const bad of layout.badMarkers) {
    findings.push({ code: 'marker-invalid', severity: 'error', range: lines.range(bad.marker.start, bad.marker.end), message: bad.problem ?? 'Invalid marker.' });
  }
  // Inside a block helper a marker is rendered, not laid out: it may repeat per item, or vanish.
  for (const m of scan.mustaches) {
    if (m.kind === 'cachePoint' && m.depth > 0) {
      findings.push({ code: 'cache-point-in-block', severity: 'warning', range: lines.range(m.start, m.end),
        message: '{{cachePoint}} inside a block helper ({{#each}}, {{#if}}…) renders once per item, or not at all: the request may carry more cache points than the model allows (Bedrock answers 400) or none. Put it outside the block.' });
    }
  }
  for (const point of layout.cachePoints) {
    const ttl = point.marker.hash.ttl;
    if (ttl !== undefined && ttl !== '5m' && ttl !== '1h') {
      findings.push({ code: 'cache-ttl-invalid', severity: 'error', range: lines.range(point.marker.start, point.marker.end),
        message: `ttl="${ttl}" is not a Bedrock cache TTL: use ttl="5m" (the default) or ttl="1h".` });
    }
    const unknownArgs = Object.keys(point.marker.hash).filter((k) => k !== 'ttl');
    if (unknownArgs.length > 0 || point.marker.params.length > 0) {
      findings.push({ code: 'marker-invalid', severity: 'warning', range: lines.range(point.marker.start, point.marker.end),
        message: `{{cachePoint}} takes only ttl="5m" or ttl="1h"; ignored: ${[...point.marker.params, ...unknownArgs].join(', ')}.` });
    }
  }
  const modelRange = input.modelLine !== undefined ? lines.lineRange(input.modelLine) : lines.lineRange(0);
  if (!modelId) {
    if (input.modelExpected === false) return findings;
    findings.push({ code: 'model-missing', severity: 'info', range: modelRange,
      message: 'No model: add `model:` to the frontmatter or set promptCache.defaultModel. Cache limits and prices are unknown until then.' });
  } else if (model?.status === 'unknown') {
    findings.push({ code: 'model-unknown', severity: 'info', range: modelRange,
      message: `"${modelId}" is not in the model catalog: caching is unknown, so no minimum or price is assumed. Add a row with the promptCache.models setting.` });
  } else if (model?.status === 'no-caching') {
    findings.push({ code: 'model-no-caching', severity: 'info', range: modelRange,
      message: `${model.baseId} does not support prompt caching on Bedrock: cache points would be rejected.` });
  } else if (model?.row?.requiresProfile && !model.profilePrefix && !model.isArn) {
    findings.push({ code: 'model-needs-profile', severity: 'warning', range: modelRange,
      message: `${model.row.name} is called on demand through an inference profile: use us.${model.baseId} or global.${model.baseId}.` });
  }
  return findings;
}
